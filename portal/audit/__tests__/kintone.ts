/**
 * Test support: the 閲覧ログ app deployed to a local kintone by the deploy tool, with the tokens
 * the schema declares minted (the portal's may only add records).
 */
import { join } from "node:path";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { accessLog } from "../../../schemas/index.ts";
import { deployApps } from "../../../scripts/deploy/deployApps.ts";
import { readEnvFile } from "../../../scripts/deploy/tokens.ts";

export const ADMIN = { username: "admin", password: "admin" };

export interface AccessLogApp {
  app: string;
  /** KINTONE_TOKEN_ACCESS_LOG_PORTAL: add only. */
  token: string;
  admin: KintoneRestAPIClient;
}

export const deployAccessLog = async (
  baseUrl: string,
  dir: string,
): Promise<AccessLogApp> => {
  const admin = new KintoneRestAPIClient({ baseUrl, auth: ADMIN });
  const file = join(dir, "tokens.env");
  const { ids } = await deployApps({
    client: admin,
    baseUrl,
    appsFile: join(dir, "kintone.apps.json"),
    schemas: [accessLog],
    deployWait: { pollMs: 10 },
    mintTokens: { file, credentials: ADMIN },
  });
  const token = readEnvFile(file).KINTONE_TOKEN_ACCESS_LOG_PORTAL;
  if (!ids.accessLog || !token) {
    throw new Error("閲覧ログ app or its portal token missing");
  }
  return { app: ids.accessLog, token, admin };
};

/** How many times each eventId is in kintone (read with the administrator's client). */
export const eventIdsInKintone = async (
  admin: KintoneRestAPIClient,
  app: string,
): Promise<Map<string, number>> => {
  const records = await admin.record.getAllRecords({
    app,
    fields: ["eventId"],
  });
  const counts = new Map<string, number>();
  for (const r of records) {
    const id = String(r.eventId?.value ?? "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

export const portalClient = (baseUrl: string, token: string) =>
  new KintoneRestAPIClient({ baseUrl, auth: { apiToken: token } });
