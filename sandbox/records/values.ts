/**
 * Field values on the write path (docs/kintone-behaviour.md §4.2, §4.13, §5.1, §3.1): request
 * shapes turned into what GET returns, defaults for absent fields on add, and kintone's CB_VA01
 * checks with its `errors` keys — `record.<code>.value`, `.values`, `.values.value`,
 * `.values[<i>].value`, `record[<code>].value` for an unparsable NUMBER, and
 * `record.<table>.value[<row>].value.<inner>.<suffix>` inside tables (`records[<i>]…` for the
 * multi-record APIs).
 */
import type { RequestContext } from "../core/context.ts";
import { kintoneTime } from "../core/clock.ts";
import { messages, t, type LocalizedText } from "../core/errors.ts";
import type { RecordData } from "../core/store.ts";
import { storeFile } from "../files/files.ts";
import { compareDecimal, formatDecimal, parseDecimal } from "../query/index.ts";
import {
  ENTITY_TYPES,
  SYSTEM_TYPES,
  findByValue,
  isEmptyValue,
  userEntity,
  type FieldDef,
  type Json,
  type Schema,
} from "./model.ts";

export type ErrorMap = Record<string, LocalizedText[]>;

/** One record being written: where its errors go and under which key prefix. */
export interface Writer {
  ctx: RequestContext;
  schema: Schema;
  errors: ErrorMap;
  /** "record" for record.json, "records[<i>]" for records.json. */
  prefix: string;
}

/** Where a value sits: `code` at the top level, or `table.value[<row>].value.code`. */
export interface Loc {
  chain: string;
  inTable: boolean;
}

export const topLoc = (code: string): Loc => ({ chain: code, inTable: false });

export const addError = (
  errors: ErrorMap,
  key: string,
  text: LocalizedText,
): void => {
  const list = errors[key] ?? [];
  if (!list.some((x) => x.en === text.en)) {
    list.push(text);
  }
  errors[key] = list;
};

const keyOf = (w: Writer, loc: Loc, suffix: string): string =>
  `${w.prefix}.${loc.chain}${suffix}`;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a request record carries a value for `code` (`{"code": {"value": …}}`). */
export const hasValue = (raw: Json, code: string): boolean =>
  Object.hasOwn(raw, code) && isObject(raw[code]) && "value" in raw[code];

export const valueIn = (raw: Json, code: string): unknown =>
  (raw[code] as Json).value;

const TOKYO_OFFSET_MS = 9 * 3600 * 1000;

/** Today's date and the time of day in Japan (the sandbox's zone for now-defaults). */
const localNow = (now: Date): { date: string; time: string } => {
  const local = new Date(now.getTime() + TOKYO_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
};

// ---- formats ----

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const validDay = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
};

/** "2015", "2015-07", "2015-7-5", "2015-07-05" → "YYYY-MM-DD", or null. */
export const parseDateValue = (text: string): string | null => {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text.trim());
  if (!m) {
    return null;
  }
  const y = Number(m[1]);
  const mo = Number(m[2] ?? 1);
  const d = Number(m[3] ?? 1);
  return validDay(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : null;
};

/** "9:05", "09:05", "09:05:30" → "HH:MM", or null. */
export const parseTimeValue = (text: string): string | null => {
  const m = /^(\d{1,2}):(\d{1,2})(?::\d{1,2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) {
    return null;
  }
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h < 24 && mi < 60 ? `${pad(h)}:${pad(mi)}` : null;
};

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO datetime → UTC "YYYY-MM-DDTHH:MM:00Z" (kintone keeps minutes). Offsets are applied;
 * a datetime without a zone is read as UTC.
 */
export const parseDateTimeValue = (text: string): string | null => {
  const m = DATETIME.exec(text.trim());
  if (!m) {
    return null;
  }
  const [, y, mo, d, h, mi, , zone] = m;
  if (!validDay(Number(y), Number(mo), Number(d))) {
    return null;
  }
  if (Number(h) > 23 || Number(mi) > 59) {
    return null;
  }
  let offset = 0;
  if (zone && zone !== "Z") {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offset =
      sign *
      (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) *
      60_000;
  }
  const ms =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) -
    offset;
  return kintoneTime(new Date(ms));
};

// ---- request values ----

const scalarText = (raw: unknown): string | null => {
  if (raw === null || raw === undefined) {
    return "";
  }
  if (typeof raw === "string") {
    return raw;
  }
  return typeof raw === "number" || typeof raw === "boolean"
    ? String(raw)
    : null;
};

const optionNames = (def: FieldDef): Set<string> =>
  new Set(Object.keys(isObject(def.prop.options) ? def.prop.options : {}));

const invalid = (w: Writer, loc: Loc, suffix: string): void =>
  addError(w.errors, keyOf(w, loc, suffix), messages.invalidFormat);

const textValue = (w: Writer, raw: unknown, loc: Loc): string => {
  const text = scalarText(raw);
  if (text === null) {
    invalid(w, loc, ".value");
    return "";
  }
  return text;
};

/** NUMBER: normalised decimal text (§4.13); unparsable → CB_VA01 at the top, "" in tables. */
const numberValue = (
  w: Writer,
  def: FieldDef,
  raw: unknown,
  loc: Loc,
): string => {
  const text = scalarText(raw);
  if (text !== null && text.trim() === "") {
    return "";
  }
  const d = text === null ? null : parseDecimal(text);
  if (d) {
    return formatDecimal(d);
  }
  if (!loc.inTable) {
    addError(w.errors, `${w.prefix}[${def.code}].value`, messages.notNumber);
  }
  return "";
};

const singleChoice = (
  w: Writer,
  def: FieldDef,
  raw: unknown,
  loc: Loc,
): string | null => {
  const text = scalarText(raw);
  if (text === null) {
    invalid(w, loc, ".value");
    return null;
  }
  if (text === "") {
    return null;
  }
  if (!optionNames(def).has(text)) {
    addError(w.errors, keyOf(w, loc, ".value"), messages.notInOptions(text));
    return null;
  }
  return text;
};

const multiChoice = (
  w: Writer,
  def: FieldDef,
  raw: unknown,
  loc: Loc,
): string[] => {
  if (raw === null || raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    invalid(w, loc, ".values");
    return [];
  }
  const options = optionNames(def);
  const out: string[] = [];
  raw.forEach((item: unknown, i) => {
    const text = scalarText(item) ?? "";
    if (options.has(text)) {
      out.push(text);
    } else {
      addError(
        w.errors,
        keyOf(w, loc, `.values[${i}].value`),
        messages.notInOptions(text),
      );
    }
  });
  return out;
};

const formatted = (
  w: Writer,
  raw: unknown,
  loc: Loc,
  parse: (s: string) => string | null,
  empty: string | null,
): string | null => {
  const text = scalarText(raw);
  if (text !== null && text.trim() === "") {
    return empty;
  }
  const value = text === null ? null : parse(text);
  if (value === null) {
    invalid(w, loc, ".value");
    return empty;
  }
  return value;
};

const entityName = (
  w: Writer,
  type: string,
  code: string,
): { code: string; name: string } =>
  type === "USER_SELECT" ? userEntity(w.ctx, code) : { code, name: code };

const entities = (
  w: Writer,
  def: FieldDef,
  raw: unknown,
  loc: Loc,
): Array<{ code: string; name: string }> => {
  if (raw === null || raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    invalid(w, loc, ".values.value");
    return [];
  }
  const out: Array<{ code: string; name: string }> = [];
  for (const item of raw) {
    const code = isObject(item) ? item.code : undefined;
    if (typeof code !== "string" || code === "") {
      invalid(w, loc, ".values.value");
    } else if (!out.some((e) => e.code === code)) {
      out.push(entityName(w, def.type, code));
    }
  }
  return out;
};

const files = (w: Writer, raw: unknown, loc: Loc): unknown[] => {
  if (raw === null || raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    invalid(w, loc, ".values");
    return [];
  }
  return raw.flatMap((item: unknown) => {
    const key = isObject(item) ? item.fileKey : undefined;
    if (typeof key !== "string" || key === "") {
      invalid(w, loc, ".values");
      return [];
    }
    const f = storeFile(w.ctx, key);
    return [
      {
        contentType: f.contentType,
        fileKey: f.fileKey,
        name: f.name,
        size: f.size,
      },
    ];
  });
};

/** CREATOR/MODIFIER given on add (data migration): `{code}` → `{code, name}`. */
const oneUser = (w: Writer, raw: unknown, loc: Loc): unknown => {
  const code = isObject(raw) ? raw.code : undefined;
  if (typeof code !== "string" || code === "") {
    invalid(w, loc, ".value");
    return { ...w.ctx.user };
  }
  return userEntity(w.ctx, code);
};

/**
 * A request value turned into the stored value of a field (SUBTABLE and CALC excluded).
 * Problems are added to the writer's errors; the returned value is then the field's empty one.
 */
export const normalizeValue = (
  w: Writer,
  def: FieldDef,
  raw: unknown,
  loc: Loc,
): unknown => {
  switch (def.type) {
    case "NUMBER":
      return numberValue(w, def, raw, loc);
    case "RADIO_BUTTON":
    case "DROP_DOWN":
      return singleChoice(w, def, raw, loc);
    case "CHECK_BOX":
    case "MULTI_SELECT":
      return multiChoice(w, def, raw, loc);
    case "DATE":
      return formatted(w, raw, loc, parseDateValue, null);
    case "TIME":
      return formatted(w, raw, loc, parseTimeValue, null);
    case "DATETIME":
      return formatted(w, raw, loc, parseDateTimeValue, "");
    case "CREATED_TIME":
    case "UPDATED_TIME":
      return (
        formatted(w, raw, loc, parseDateTimeValue, null) ??
        kintoneTime(w.ctx.now)
      );
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
      return entities(w, def, raw, loc);
    case "FILE":
      return files(w, raw, loc);
    case "CREATOR":
    case "MODIFIER":
      return oneUser(w, raw, loc);
    default:
      return textValue(w, raw, loc);
  }
};

// ---- defaults (add only, and new table rows) ----

const defaultEntities = (
  w: Writer,
  def: FieldDef,
): Array<{ code: string; name: string }> => {
  const list = Array.isArray(def.prop.defaultValue)
    ? (def.prop.defaultValue as unknown[])
    : [];
  return list.flatMap((item) => {
    if (!isObject(item) || typeof item.code !== "string") {
      return [];
    }
    if (item.type === "FUNCTION") {
      return item.code === "LOGINUSER()" ? [{ ...w.ctx.user }] : [];
    }
    return [entityName(w, def.type, item.code)];
  });
};

const defaultText = (def: FieldDef): string =>
  typeof def.prop.defaultValue === "string" ? def.prop.defaultValue : "";

/** The value of a field absent from an added record: its defaultValue or now-value. */
export const defaultValue = (w: Writer, def: FieldDef): unknown => {
  const now = localNow(w.ctx.now);
  const fallback = defaultText(def);
  switch (def.type) {
    case "NUMBER": {
      const d = parseDecimal(fallback);
      return d ? formatDecimal(d) : "";
    }
    case "RADIO_BUTTON":
    case "DROP_DOWN":
      return fallback === "" ? null : fallback;
    case "CHECK_BOX":
    case "MULTI_SELECT":
      return Array.isArray(def.prop.defaultValue)
        ? (def.prop.defaultValue as unknown[]).map(String)
        : [];
    case "DATE":
      return def.prop.defaultNowValue === true
        ? now.date
        : parseDateValue(fallback);
    case "TIME":
      return def.prop.defaultNowValue === true
        ? now.time
        : parseTimeValue(fallback);
    case "DATETIME":
      return def.prop.defaultNowValue === true
        ? kintoneTime(w.ctx.now)
        : (parseDateTimeValue(fallback) ?? "");
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
      return defaultEntities(w, def);
    case "FILE":
    case "SUBTABLE":
      return [];
    case "CALC":
      return "";
    default:
      return fallback;
  }
};

// ---- constraints on the merged record ----

const ARRAY_SUFFIX = new Set(["CHECK_BOX", "MULTI_SELECT", "FILE"]);

/** `.value`, `.values` or `.values.value`: where kintone reports a field's required error. */
const requiredSuffix = (type: string): string => {
  if (ENTITY_TYPES.has(type)) {
    return ".values.value";
  }
  return ARRAY_SUFFIX.has(type) ? ".values" : ".value";
};

const NOT_REQUIRED = new Set(["RADIO_BUTTON", "CALC", "SUBTABLE"]);

const limit = (v: unknown): number | null =>
  (typeof v === "string" && v.trim() !== "") || typeof v === "number"
    ? Number(v)
    : null;

const checkLength = (w: Writer, def: FieldDef, value: string, loc: Loc) => {
  const length = [...value].length;
  const max = limit(def.prop.maxLength);
  const min = limit(def.prop.minLength);
  if (max !== null && length > max) {
    addError(w.errors, keyOf(w, loc, ".value"), messages.maxLength(max));
  }
  if (min !== null && length < min) {
    addError(w.errors, keyOf(w, loc, ".value"), messages.minLength(min));
  }
};

const checkRange = (w: Writer, def: FieldDef, value: string, loc: Loc) => {
  const d = parseDecimal(value);
  const max = parseDecimal(String(def.prop.maxValue ?? ""));
  const min = parseDecimal(String(def.prop.minValue ?? ""));
  if (!d) {
    return;
  }
  if (max && compareDecimal(d, max) > 0) {
    addError(
      w.errors,
      keyOf(w, loc, ".value"),
      messages.maxValue(String(def.prop.maxValue)),
    );
  }
  if (min && compareDecimal(d, min) < 0) {
    addError(
      w.errors,
      keyOf(w, loc, ".value"),
      messages.minValue(String(def.prop.minValue)),
    );
  }
};

const UNIQUE_TYPES = new Set([
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "LINK",
  "DATE",
  "DATETIME",
]);

const checkUnique = (
  w: Writer,
  def: FieldDef,
  value: unknown,
  recordId: number,
): void => {
  const clash = findByValue(w.ctx.store, w.schema.appId, def, value).some(
    (r) => r.id !== recordId,
  );
  if (clash) {
    addError(w.errors, keyOf(w, topLoc(def.code), ".value"), messages.unique);
  }
};

/** required, min/maxLength, min/maxValue and (top level) unique of one field's value. */
export const checkField = (
  w: Writer,
  def: FieldDef,
  value: unknown,
  loc: Loc,
  recordId: number,
): void => {
  if (isEmptyValue(value)) {
    if (def.prop.required === true && !NOT_REQUIRED.has(def.type)) {
      addError(
        w.errors,
        keyOf(w, loc, requiredSuffix(def.type)),
        messages.required,
      );
    }
    return;
  }
  if (typeof value === "string") {
    if (def.type === "NUMBER") {
      checkRange(w, def, value, loc);
    } else {
      checkLength(w, def, value, loc);
    }
  }
  if (!loc.inTable && def.prop.unique === true && UNIQUE_TYPES.has(def.type)) {
    checkUnique(w, def, value, recordId);
  }
};

/** Every non-system field of a record (rows of tables included) through checkField. */
export const checkRecord = (
  w: Writer,
  data: RecordData,
  recordId: number,
): void => {
  for (const def of w.schema.fields) {
    if (def.type === "SUBTABLE") {
      const rows = Array.isArray(data[def.code]?.value)
        ? (data[def.code]?.value as Array<{ value: RecordData }>)
        : [];
      rows.forEach((row, i) => {
        for (const inner of def.inner ?? []) {
          checkField(
            w,
            inner,
            row.value[inner.code]?.value,
            {
              chain: `${def.code}.value[${i}].value.${inner.code}`,
              inTable: true,
            },
            recordId,
          );
        }
      });
    } else if (!SYSTEM_TYPES.has(def.type)) {
      checkField(w, def, data[def.code]?.value, topLoc(def.code), recordId);
    }
  }
};

export const notUniqueKey = (): LocalizedText =>
  t(
    "「updateKey」には、値の重複を禁止したフィールドを指定してください。",
    'Specify a field with "Prohibit duplicate values" enabled as "updateKey".',
  );
