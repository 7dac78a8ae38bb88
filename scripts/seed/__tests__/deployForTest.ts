/**
 * Test fixture: the five apps deployed to a local kintone by the deploy tool itself
 * (`deployApps`, what `npm run deploy` runs), their ids written to `appsFile`; returned as the
 * ids the seed needs.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { deployApps } from "../../deploy/deployApps.ts";
import type { AppIds } from "../../lib/appsFile.ts";
import type { SeedAppIds } from "../write.ts";

export const deployForTest = async (
  client: KintoneRestAPIClient,
  baseUrl: string,
  appsFile: string,
): Promise<SeedAppIds & AppIds> => {
  const { ids } = await deployApps({
    client,
    baseUrl,
    appsFile,
    deployWait: { pollMs: 10 },
  });
  return {
    ...ids,
    offices: ids.offices ?? "",
    progress: ids.progress ?? "",
    registration: ids.registration ?? "",
    consent: ids.consent ?? "",
  };
};
