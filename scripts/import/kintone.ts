/**
 * The kintone side of the import: one read of the progress app (only the compared fields,
 * 500 records per request) and the writes as upserts by 申請番号 — PUT records.json with
 * `upsert: true` and `updateKey`, 100 records per call, 20 calls per bulkRequest, so 2,000
 * records per request whether they are added or changed. Each bulkRequest is all or nothing,
 * and an upsert of a record already written is a no-op change, so a run that was killed is
 * finished by running it again.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { labelOf } from "../../domain/fields.ts";
import { classifyKintoneError } from "../../kintone/client.ts";
import { CliError } from "../lib/cli.ts";
import { COMPARED_FIELDS, type Upsert, type Values } from "./plan.ts";

/** Records per bulkRequest: 20 requests of 100 records. */
export const BULK_RECORDS = 2000;

type KintoneRecord = Record<string, { value: unknown } | undefined>;

const text = (v: unknown): string =>
  v === null || v === undefined ? "" : String(v);

/** The progress app's records by 申請番号, with only the compared fields. */
export const readExisting = async (
  client: KintoneRestAPIClient,
  app: string,
): Promise<Map<string, Values>> => {
  const records = (await client.record.getAllRecords({
    app,
    fields: [...COMPARED_FIELDS],
  })) as KintoneRecord[];
  const byNo = new Map<string, Values>();
  for (const r of records) {
    const values = Object.fromEntries(
      COMPARED_FIELDS.map((f) => [f, text(r[f]?.value)]),
    );
    byNo.set(values.applicationNo ?? "", values);
  }
  return byNo;
};

/** The field code in the first key of kintone's `errors` ("records[3].insuredNo.value"). */
const fieldOfErrors = (errors: unknown): string | undefined => {
  if (typeof errors !== "object" || errors === null) {
    return undefined;
  }
  const key = Object.keys(errors)[0] ?? "";
  return /^records\[\d+\]\.([^.]+)\./.exec(key)?.[1];
};

const writeFailure = (
  e: unknown,
  chunk: readonly Upsert[],
  written: number,
): CliError => {
  const f = classifyKintoneError(e);
  const cause = f.kind === "partial" ? f.cause : f;
  const row = f.kind === "partial" ? chunk[f.errorIndex ?? -1] : undefined;
  const again = `${written} 件は書き込み済みです。原因を直して同じファイルで再実行すると、残りを取り込みます。`;
  if (cause.kind !== "refused") {
    return new CliError(
      `kintone への書き込みが途中で失敗しました（接続を確かめてください）。${again}`,
    );
  }
  const field = fieldOfErrors(cause.errors);
  const where = row
    ? `${row.line} 行目${field ? `の「${labelOf(field)}」` : ""}を`
    : "";
  // The cause travels along, so the command can say which API token lacks which right.
  return new CliError(
    `kintone が${where}受け付けませんでした（${cause.code}）。${again}`,
    { cause: e },
  );
};

const toKintone = (record: Values) =>
  Object.fromEntries(
    Object.entries(record).map(([code, value]) => [code, { value }]),
  );

/**
 * Writes the upserts, BULK_RECORDS per bulkRequest, calling `onProgress` with the number
 * written after each. Returns the number of bulkRequests sent.
 */
export const writeUpserts = async (
  client: KintoneRestAPIClient,
  app: string,
  upserts: readonly Upsert[],
  onProgress: (done: number) => void = () => undefined,
): Promise<number> => {
  let requests = 0;
  for (let i = 0; i < upserts.length; i += BULK_RECORDS) {
    const chunk = upserts.slice(i, i + BULK_RECORDS);
    try {
      requests++;
      await client.record.updateAllRecords({
        app,
        upsert: true,
        records: chunk.map((u) => ({
          updateKey: { field: "applicationNo", value: u.applicationNo },
          record: toKintone(u.record),
        })),
      });
    } catch (e) {
      throw writeFailure(e, chunk, i);
    }
    onProgress(i + chunk.length);
  }
  return requests;
};
