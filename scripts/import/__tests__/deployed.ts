/**
 * Test fixture: the five apps deployed to a local kintone by the deploy tool itself
 * (`deployApps`, what `npm run deploy` runs), their ids written to an apps file; and reading
 * the progress app back.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { deployApps } from "../../deploy/deployApps.ts";
import { COMPARED_FIELDS, type Values } from "../plan.ts";

export const deployProgress = async (
  client: KintoneRestAPIClient,
  baseUrl: string,
  appsFile: string,
): Promise<string> => {
  const { ids } = await deployApps({
    client,
    baseUrl,
    appsFile,
    deployWait: { pollMs: 10 },
  });
  if (!ids.progress) {
    throw new Error("the progress app was not deployed");
  }
  return ids.progress;
};

export interface Stored {
  values: Values;
  revision: string;
  updatedAt: string;
}

/** Every record of the progress app whose 申請番号 starts with `prefix`, by 申請番号. */
export const readBack = async (
  client: KintoneRestAPIClient,
  app: string,
  prefix = "",
): Promise<Map<string, Stored>> => {
  const records = (await client.record.getAllRecords({
    app,
    fields: [...COMPARED_FIELDS, "$revision", "updatedAt"],
    ...(prefix ? { condition: `applicationNo like "${prefix}"` } : {}),
  })) as Array<Record<string, { value: unknown }>>;
  const out = new Map<string, Stored>();
  for (const r of records) {
    const values = Object.fromEntries(
      COMPARED_FIELDS.map((f) => [f, String(r[f]?.value ?? "")]),
    );
    if (values.applicationNo?.startsWith(prefix)) {
      out.set(values.applicationNo, {
        values,
        revision: String(r.$revision?.value),
        updatedAt: String(r.updatedAt?.value),
      });
    }
  }
  return out;
};
