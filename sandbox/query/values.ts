/**
 * Reading field values out of records in kintone's REST shape (docs/kintone-behaviour.md §5.1):
 * every field is `{type, value}`, NUMBER values are strings, DATE/TIME/DROP_DOWN may be null,
 * multi-valued fields are arrays, user-like fields are `{code, name}` objects.
 * Malformed values read as empty rather than failing: a stored record must never break a search.
 */
import type { Decimal } from "./decimal.ts";
import { parseDecimal } from "./decimal.ts";
import type { ValueKind } from "./fields.ts";
import { parseDate, parseDateTime, parseTime, DAY_MS } from "./time.ts";

export interface FieldValue {
  type?: string;
  value?: unknown;
}

/** A record (or a SUBTABLE row's `value`) as the REST API carries it. */
export type KintoneRecord = Readonly<Record<string, FieldValue | undefined>>;

export interface SubtableRow {
  id?: string;
  value: KintoneRecord;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const rawValue = (record: KintoneRecord, code: string): unknown => {
  const field = Object.hasOwn(record, code) ? record[code] : undefined;
  return isObject(field) ? field.value : undefined;
};

const asText = (v: unknown): string => {
  if (typeof v === "number") {
    return String(v);
  }
  return typeof v === "string" ? v : "";
};

/** The rows of a SUBTABLE value; anything that is not a row is skipped. */
export const tableRows = (
  record: KintoneRecord,
  table: string,
): SubtableRow[] => {
  const value = rawValue(record, table);
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((row: unknown) =>
    isObject(row) && isObject(row.value)
      ? [{ value: row.value as KintoneRecord }]
      : [],
  );
};

/** Text values: "" when unset. */
export const readText = (record: KintoneRecord, code: string): string =>
  asText(rawValue(record, code));

/** Selections, entity codes or file names as a list (a single DROP_DOWN value becomes [v]). */
export const readList = (
  record: KintoneRecord,
  code: string,
  kind: ValueKind,
): string[] => {
  const value = rawValue(record, code);
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const key = kind === "file" ? "name" : "code";
  return items.flatMap((item) => {
    const text = isObject(item) ? asText(item[key]) : asText(item);
    return text === "" ? [] : [text];
  });
};

const RECORD_NUMBER_TEXT = /^(?:.*-)?(\d+)$/;

/** "12" or "APPCODE-12" → 12 (RECORD_NUMBER carries the app code when one is set, §4.1). */
export const recordNumberDecimal = (text: string): Decimal | null => {
  const m = RECORD_NUMBER_TEXT.exec(text.trim());
  return m?.[1] === undefined ? null : parseDecimal(m[1]);
};

/** NUMBER, CALC, $id and RECORD_NUMBER values; null when empty or not a number. */
export const readDecimal = (
  record: KintoneRecord,
  code: string,
  kind: ValueKind,
): Decimal | null => {
  const text = asText(rawValue(record, code));
  if (text.trim() === "") {
    return null;
  }
  return kind === "recordNumber"
    ? recordNumberDecimal(text)
    : parseDecimal(text);
};

/**
 * DATE → day number, DATETIME → epoch ms, TIME → minutes; null when empty or unreadable.
 * Stored DATETIME values are UTC (§5.1); one without a zone is read as UTC too.
 */
export const readTemporal = (
  record: KintoneRecord,
  code: string,
  kind: ValueKind,
): number | null => {
  const text = asText(rawValue(record, code));
  if (kind === "date") {
    return parseDate(text);
  }
  if (kind === "time") {
    return parseTime(text);
  }
  const parsed = parseDateTime(text);
  if (parsed === null) {
    return null;
  }
  switch (parsed.kind) {
    case "instant":
      return parsed.ms;
    case "local":
      return parsed.day * DAY_MS + parsed.ms;
    default:
      return parsed.day * DAY_MS;
  }
};
