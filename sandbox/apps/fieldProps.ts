/**
 * Field properties in the full shape of GET form/fields.json (docs/kintone-behaviour.md §5.2):
 * every setting present, numbers as strings, booleans as booleans, options `{label, index}`,
 * the documented defaults for what a caller leaves out. A property is normalised from what the
 * caller sent over what the field had (an update) or over the defaults (an add).
 */
import { messages } from "../core/errors.ts";
import type { Json } from "./model.ts";
import {
  isObject,
  readBoolean,
  readEnum,
  readString,
  texts,
  toIntegerString,
  type Problems,
} from "./settingsKit.ts";

type Setting =
  | { kind: "boolean"; fallback: boolean }
  | { kind: "text"; fallback: string }
  | { kind: "integer"; fallback: string }
  | { kind: "decimal"; fallback: string }
  | { kind: "enum"; fallback: string; values: readonly string[] }
  | { kind: "strings" }
  | { kind: "options" }
  | { kind: "entities"; types: readonly string[] };

const bool = (fallback = false): Setting => ({ kind: "boolean", fallback });
const text = (fallback = ""): Setting => ({ kind: "text", fallback });
const integer: Setting = { kind: "integer", fallback: "" };
const decimal: Setting = { kind: "decimal", fallback: "" };
const oneOf = (values: readonly string[], fallback: string): Setting => ({
  kind: "enum",
  fallback,
  values,
});
const entities = (...types: string[]): Setting => ({ kind: "entities", types });

export const CALC_FORMATS = [
  "NUMBER",
  "NUMBER_DIGIT",
  "DATETIME",
  "DATE",
  "TIME",
  "HOUR_MINUTE",
  "DAY_HOUR_MINUTE",
];
const UNIT_POSITION = oneOf(["BEFORE", "AFTER"], "BEFORE");
const ALIGN = oneOf(["HORIZONTAL", "VERTICAL"], "HORIZONTAL");
const INPUT = { noLabel: bool(), required: bool() };

/** The settings of each type, in kintone's order, after `type`, `code` and `label`. */
const SPECS: Record<string, Record<string, Setting>> = {
  SINGLE_LINE_TEXT: {
    ...INPUT,
    defaultValue: text(),
    unique: bool(),
    minLength: integer,
    maxLength: integer,
    expression: text(),
    hideExpression: bool(),
  },
  NUMBER: {
    ...INPUT,
    defaultValue: decimal,
    unique: bool(),
    minValue: decimal,
    maxValue: decimal,
    digit: bool(),
    displayScale: integer,
    unit: text(),
    unitPosition: UNIT_POSITION,
  },
  CALC: {
    ...INPUT,
    expression: text(),
    hideExpression: bool(),
    format: oneOf(CALC_FORMATS, "NUMBER"),
    displayScale: integer,
    unit: text(),
    unitPosition: UNIT_POSITION,
  },
  MULTI_LINE_TEXT: { ...INPUT, defaultValue: text() },
  RICH_TEXT: { ...INPUT, defaultValue: text() },
  LINK: {
    ...INPUT,
    defaultValue: text(),
    unique: bool(),
    minLength: integer,
    maxLength: integer,
    protocol: oneOf(["WEB", "CALL", "MAIL"], "WEB"),
  },
  CHECK_BOX: {
    ...INPUT,
    defaultValue: { kind: "strings" },
    options: { kind: "options" },
    align: ALIGN,
  },
  RADIO_BUTTON: {
    noLabel: bool(),
    required: bool(true),
    defaultValue: text(),
    options: { kind: "options" },
    align: ALIGN,
  },
  DROP_DOWN: { ...INPUT, defaultValue: text(), options: { kind: "options" } },
  MULTI_SELECT: {
    ...INPUT,
    defaultValue: { kind: "strings" },
    options: { kind: "options" },
  },
  FILE: { ...INPUT, thumbnailSize: oneOf(["50", "150", "250", "500"], "150") },
  DATE: {
    ...INPUT,
    defaultValue: text(),
    unique: bool(),
    defaultNowValue: bool(),
  },
  DATETIME: {
    ...INPUT,
    defaultValue: text(),
    unique: bool(),
    defaultNowValue: bool(),
  },
  TIME: { ...INPUT, defaultValue: text(), defaultNowValue: bool() },
  USER_SELECT: {
    ...INPUT,
    entities: entities("USER", "GROUP", "ORGANIZATION"),
    defaultValue: entities("USER", "GROUP", "ORGANIZATION", "FUNCTION"),
  },
  ORGANIZATION_SELECT: {
    ...INPUT,
    entities: entities("ORGANIZATION"),
    defaultValue: entities("ORGANIZATION", "FUNCTION"),
  },
  GROUP_SELECT: {
    ...INPUT,
    entities: entities("GROUP"),
    defaultValue: entities("GROUP"),
  },
  GROUP: { noLabel: bool(), openGroup: bool() },
  REFERENCE_TABLE: { noLabel: bool() },
  SUBTABLE: { noLabel: bool() },
  RECORD_NUMBER: { noLabel: bool() },
  CREATOR: { noLabel: bool() },
  CREATED_TIME: { noLabel: bool() },
  MODIFIER: { noLabel: bool() },
  UPDATED_TIME: { noLabel: bool() },
  CATEGORY: { enabled: bool() },
  STATUS: { enabled: bool() },
  STATUS_ASSIGNEE: { enabled: bool() },
};

export const FIELD_TYPES: readonly string[] = Object.keys(SPECS);

/** Fields every app has; they cannot be added or deleted (§5.1). */
export const SYSTEM_TYPES: readonly string[] = [
  "RECORD_NUMBER",
  "CREATOR",
  "CREATED_TIME",
  "MODIFIER",
  "UPDATED_TIME",
  "CATEGORY",
  "STATUS",
  "STATUS_ASSIGNEE",
];

/** System fields whose code can never change. */
export const FIXED_CODE_TYPES: readonly string[] = [
  "CATEGORY",
  "STATUS",
  "STATUS_ASSIGNEE",
];

/** What a table may hold (§5.1). */
export const TABLE_TYPES: readonly string[] = [
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "CALC",
  "MULTI_LINE_TEXT",
  "RICH_TEXT",
  "LINK",
  "CHECK_BOX",
  "RADIO_BUTTON",
  "DROP_DOWN",
  "MULTI_SELECT",
  "FILE",
  "DATE",
  "TIME",
  "DATETIME",
  "USER_SELECT",
  "ORGANIZATION_SELECT",
  "GROUP_SELECT",
];

const CHOICE_TYPES = ["CHECK_BOX", "RADIO_BUTTON", "DROP_DOWN", "MULTI_SELECT"];

const readOptions = (
  raw: unknown,
  key: string,
  report: Problems,
): Json | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!isObject(raw)) {
    report.add(key, texts.object);
    return undefined;
  }
  const out: Json = {};
  Object.entries(raw).forEach(([name, option], position) => {
    const o = isObject(option) ? option : {};
    const label = readString(o.label, `${key}[${name}].label`, report) ?? name;
    if (label !== name) {
      report.add(`${key}[${name}].label`, texts.nameMismatch);
    }
    const index =
      o.index === undefined ? String(position) : toIntegerString(o.index);
    if (index === undefined) {
      report.add(`${key}[${name}].index`, messages.notNumber);
    }
    out[name] = { label, index: index ?? String(position) };
  });
  return out;
};

const readStrings = (
  raw: unknown,
  key: string,
  report: Problems,
): string[] | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== "string")) {
    report.add(key, texts.array);
    return undefined;
  }
  return raw as string[];
};

const readEntities = (
  raw: unknown,
  types: readonly string[],
  key: string,
  report: Problems,
): Json[] | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    report.add(key, texts.array);
    return undefined;
  }
  return raw.map((e: unknown, i) => {
    const entity = isObject(e) ? e : {};
    const code = readString(entity.code, `${key}[${i}].code`, report) ?? "";
    const type =
      readEnum(entity.type, types, `${key}[${i}].type`, report) ?? "";
    if (entity.type === undefined) {
      report.add(`${key}[${i}].type`, messages.requiredParam);
    }
    return { code, type };
  });
};

const readNumeric = (
  raw: unknown,
  pattern: RegExp,
  key: string,
  report: Problems,
): string | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const s = typeof raw === "number" ? String(raw) : raw;
  if (typeof s === "string" && (s === "" || pattern.test(s.trim()))) {
    return s.trim();
  }
  report.add(key, messages.notNumber);
  return undefined;
};

const readSetting = (
  setting: Setting,
  raw: unknown,
  key: string,
  report: Problems,
): unknown => {
  switch (setting.kind) {
    case "boolean":
      return readBoolean(raw, key, report);
    case "text":
      return readString(raw, key, report);
    case "integer":
      return readNumeric(raw, /^-?\d+$/, key, report);
    case "decimal":
      return readNumeric(raw, /^-?\d+(\.\d+)?$/, key, report);
    case "enum":
      return readEnum(raw, setting.values, key, report);
    case "strings":
      return readStrings(raw, key, report);
    case "options":
      return readOptions(raw, key, report);
    case "entities":
      return readEntities(raw, setting.types, key, report);
  }
  return undefined;
};

const fallbackOf = (setting: Setting): unknown => {
  switch (setting.kind) {
    case "strings":
    case "entities":
      return [];
    case "options":
      return {};
    default:
      return setting.fallback;
  }
};

/** The option names of a choice field, in `index` order. */
export const optionNames = (options: unknown): string[] =>
  isObject(options)
    ? Object.entries(options)
        .map(([name, o]) => ({
          name,
          index: Number(isObject(o) ? o.index : 0),
        }))
        .sort((a, b) => a.index - b.index)
        .map((o) => o.name)
    : [];

/**
 * A choice field's default must be among its options. An inherited default the options no
 * longer have is dropped; a radio button always has a default, its first option unless the
 * caller chose another.
 */
const applyChoiceRules = (
  out: Json,
  type: string,
  given: Json,
  path: string,
  report: Problems,
): void => {
  const names = optionNames(out.options);
  if (given.defaultValue === undefined) {
    out.defaultValue = Array.isArray(out.defaultValue)
      ? out.defaultValue.filter((v) => names.includes(String(v)))
      : (names.find((n) => n === out.defaultValue) ?? "");
  }
  if (type === "RADIO_BUTTON") {
    if (names.length === 0) {
      report.add(`${path}.options`, messages.requiredParam);
    } else if (out.defaultValue === "") {
      out.defaultValue = names[0];
    }
  }
  const values: unknown[] = Array.isArray(out.defaultValue)
    ? out.defaultValue
    : [out.defaultValue];
  for (const v of values) {
    if (v !== "" && !names.includes(String(v))) {
      report.add(`${path}.defaultValue`, messages.notInOptions(String(v)));
    }
  }
};

/**
 * Normalises the settings of one field of `type` (other than lookups, tables and related
 * records, whose nested parts the caller adds): `given` over `base` over the defaults.
 * Settings the type does not have (e.g. `unique` on a DROP_DOWN) are dropped, as kintone does.
 */
export const normalizeSettings = (
  type: string,
  given: Json,
  base: Json | undefined,
  path: string,
  report: Problems,
): Json => {
  const spec = SPECS[type] ?? {};
  const out: Json = {};
  for (const [name, setting] of Object.entries(spec)) {
    const value = readSetting(setting, given[name], `${path}.${name}`, report);
    out[name] = value ?? base?.[name] ?? fallbackOf(setting);
  }
  if (CHOICE_TYPES.includes(type)) {
    applyChoiceRules(out, type, given, path, report);
  }
  return out;
};
