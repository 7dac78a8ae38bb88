/**
 * What an import writes: each valid row becomes the record it should be — the file's values,
 * the search keys (searchKeysOf) and 進捗 (stageOf) — and is compared with the record kintone
 * holds under the same 申請番号. Missing records are added whole; differing records get only the
 * fields that differ; equal records are not written at all, so their 更新日時 and revision stay.
 */
import { progressDerived, type ProgressDates } from "../../domain/progress.ts";
import { IMPORT_FIELDS } from "./mapping.ts";
import type { ValidRow } from "./validate.ts";

/** The fields derived on import, never taken from the file. */
export const DERIVED_FIELDS = [
  "stage",
  "insuredNoLast6",
  "applicationDateMMDD",
  "birthDateYMD",
] as const;

/** The fields an import compares, and so the only ones it reads. */
export const COMPARED_FIELDS: readonly string[] = [
  ...IMPORT_FIELDS,
  ...DERIVED_FIELDS,
];

/** A record's values as plain strings, "" for empty. */
export type Values = Record<string, string>;

export type UpsertKind = "add" | "change";

export interface Upsert {
  /** The row's line in the file. */
  line: number;
  applicationNo: string;
  kind: UpsertKind;
  /** The fields to write: all of them for an addition, the differing ones for a change. */
  record: Values;
}

export interface ImportPlan {
  /** Additions and changes, in file order. */
  upserts: Upsert[];
  added: number;
  changed: number;
  unchanged: number;
}

/** 進捗 and the search keys of a record with these values. */
export const derivedValues = (v: Values): Values => ({
  ...progressDerived(v as ProgressDates & { insuredNo?: string }),
});

const onlyImported = (v: Values | undefined): Values =>
  Object.fromEntries(
    IMPORT_FIELDS.filter((f) => v?.[f] !== undefined).map((f) => [
      f,
      v?.[f] ?? "",
    ]),
  );

/**
 * The record a row should become. A field the mapping leaves out keeps kintone's value, and
 * 進捗 is derived from the record as it will be.
 */
export const desiredValues = (
  row: ValidRow,
  existing: Values | undefined,
): Values => {
  const fromFile = Object.fromEntries(
    Object.entries(row.values).filter(([, v]) => v !== undefined),
  ) as Values;
  return {
    ...fromFile,
    ...derivedValues({ ...onlyImported(existing), ...fromFile }),
  };
};

/** The key travels as the upsert's updateKey, not in the record. */
const withoutKey = (v: Values): Values =>
  Object.fromEntries(Object.entries(v).filter(([f]) => f !== "applicationNo"));

/** Plans the writes that make kintone hold the rows; `existing` is keyed by 申請番号. */
export const planImport = (
  rows: readonly ValidRow[],
  existing: ReadonlyMap<string, Values>,
): ImportPlan => {
  const plan: ImportPlan = { upserts: [], added: 0, changed: 0, unchanged: 0 };
  for (const row of rows) {
    const applicationNo = row.values.applicationNo ?? "";
    const found = existing.get(applicationNo);
    const desired = withoutKey(desiredValues(row, found));
    if (found === undefined) {
      plan.added++;
      plan.upserts.push({
        line: row.line,
        applicationNo,
        kind: "add",
        record: desired,
      });
      continue;
    }
    const diff = Object.fromEntries(
      Object.entries(desired).filter(([f, v]) => (found[f] ?? "") !== v),
    );
    if (Object.keys(diff).length === 0) {
      plan.unchanged++;
      continue;
    }
    plan.changed++;
    plan.upserts.push({
      line: row.line,
      applicationNo,
      kind: "change",
      record: diff,
    });
  }
  return plan;
};
