/**
 * What the query language needs to know about an app's fields: the form-fields API
 * `properties` map (docs/kintone-behaviour.md §5.2), which operators each type allows (§6.2)
 * and which functions it takes as values (§6.3).
 */
import type { FieldRef, FunctionName, Operator } from "./ast.ts";
import {
  dottedNotRelatedRecords,
  syntaxError,
  unknownField,
} from "./errors.ts";

export interface FieldOption {
  label?: string;
  index?: string;
}

/** One entry of `properties` from GET app/form/fields.json; only these keys matter here. */
export interface FieldProperty {
  type: string;
  code?: string;
  label?: string;
  /** CHECK_BOX, RADIO_BUTTON, DROP_DOWN, MULTI_SELECT */
  options?: Readonly<Record<string, FieldOption>>;
  /** SUBTABLE: its inner fields */
  fields?: Readonly<Record<string, FieldProperty>>;
  /** CALC: NUMBER | NUMBER_DIGIT | DATETIME | DATE | TIME | HOUR_MINUTE | DAY_HOUR_MINUTE */
  format?: string;
  /** CATEGORY, STATUS, STATUS_ASSIGNEE: absent from records (and queries) when false */
  enabled?: boolean;
}

export type FieldProperties = Readonly<Record<string, FieldProperty>>;

/** How a field's record value is read and compared. */
export type ValueKind =
  | "id"
  | "recordNumber"
  | "number"
  | "text"
  | "richText"
  | "file"
  | "choices"
  | "entities"
  | "date"
  | "datetime"
  | "time"
  | "none";

/** Which function family a field type accepts as a value. */
export type FunctionFamily = "user" | "organization" | "date" | "datetime";

export interface ResolvedField {
  code: string;
  /** The label for error messages (GAIA_IQ03/IQ07 name the field by its label). */
  label: string;
  type: string;
  kind: ValueKind;
  /** The SUBTABLE holding the field, if any. */
  table?: string;
  /** The option names of a selection field, when the properties list them. */
  options?: ReadonlySet<string>;
  functions?: FunctionFamily;
}

const ORDERED: readonly Operator[] = ["=", "!=", ">", "<", ">=", "<="];
const IN: readonly Operator[] = ["in", "not in"];
const LIKE: readonly Operator[] = ["like", "not like"];
const EMPTY: readonly Operator[] = ["is empty", "is not empty"];

/** §6.2. Types not listed (SUBTABLE, REFERENCE_TABLE, GROUP, LABEL, …) allow nothing. */
const OPERATORS: Readonly<Record<string, readonly Operator[]>> = {
  __ID__: [...ORDERED, ...IN],
  RECORD_NUMBER: [...ORDERED, ...IN],
  NUMBER: [...ORDERED, ...IN],
  CALC: [...ORDERED, ...IN],
  SINGLE_LINE_TEXT: ["=", "!=", ...IN, ...LIKE],
  LINK: ["=", "!=", ...IN, ...LIKE],
  MULTI_LINE_TEXT: [...LIKE, ...EMPTY],
  RICH_TEXT: LIKE,
  FILE: [...LIKE, ...EMPTY],
  CHECK_BOX: IN,
  RADIO_BUTTON: IN,
  DROP_DOWN: IN,
  MULTI_SELECT: IN,
  STATUS: ["=", "!=", ...IN],
  CATEGORY: IN,
  DATE: ORDERED,
  TIME: ORDERED,
  DATETIME: ORDERED,
  CREATED_TIME: ORDERED,
  UPDATED_TIME: ORDERED,
  CREATOR: IN,
  MODIFIER: IN,
  USER_SELECT: IN,
  STATUS_ASSIGNEE: IN,
  ORGANIZATION_SELECT: IN,
  GROUP_SELECT: IN,
};

export const allowsOperator = (type: string, op: Operator): boolean =>
  (OPERATORS[type] ?? []).includes(op);

const FAMILIES: Readonly<Record<string, FunctionFamily>> = {
  DATE: "date",
  DATETIME: "datetime",
  CREATED_TIME: "datetime",
  UPDATED_TIME: "datetime",
  CREATOR: "user",
  MODIFIER: "user",
  USER_SELECT: "user",
  STATUS_ASSIGNEE: "user",
  ORGANIZATION_SELECT: "organization",
};

const DAY_FUNCTIONS: ReadonlySet<FunctionName> = new Set([
  "TODAY",
  "YESTERDAY",
  "TOMORROW",
  "FROM_TODAY",
  "THIS_WEEK",
  "LAST_WEEK",
  "NEXT_WEEK",
  "THIS_MONTH",
  "LAST_MONTH",
  "NEXT_MONTH",
  "THIS_YEAR",
  "LAST_YEAR",
  "NEXT_YEAR",
]);

export const isDayFunction = (name: FunctionName): boolean =>
  DAY_FUNCTIONS.has(name);

/** Whether a function may stand as a value of a field of this family (§6.2 last column). */
export const acceptsFunction = (
  family: FunctionFamily | undefined,
  name: FunctionName,
): boolean => {
  switch (family) {
    case "user":
      return name === "LOGINUSER";
    case "organization":
      return name === "PRIMARY_ORGANIZATION";
    case "date":
      return isDayFunction(name);
    case "datetime":
      return isDayFunction(name) || name === "NOW";
    default:
      return false;
  }
};

const CALC_KINDS: Readonly<Record<string, ValueKind>> = {
  DATE: "date",
  DATETIME: "datetime",
  TIME: "time",
  HOUR_MINUTE: "time",
  DAY_HOUR_MINUTE: "time",
};

const KINDS: Readonly<Record<string, ValueKind>> = {
  __ID__: "id",
  RECORD_NUMBER: "recordNumber",
  NUMBER: "number",
  SINGLE_LINE_TEXT: "text",
  LINK: "text",
  STATUS: "text",
  MULTI_LINE_TEXT: "text",
  RICH_TEXT: "richText",
  FILE: "file",
  RADIO_BUTTON: "choices",
  DROP_DOWN: "choices",
  CHECK_BOX: "choices",
  MULTI_SELECT: "choices",
  CATEGORY: "choices",
  CREATOR: "entities",
  MODIFIER: "entities",
  USER_SELECT: "entities",
  ORGANIZATION_SELECT: "entities",
  GROUP_SELECT: "entities",
  STATUS_ASSIGNEE: "entities",
  DATE: "date",
  DATETIME: "datetime",
  CREATED_TIME: "datetime",
  UPDATED_TIME: "datetime",
  TIME: "time",
};

const kindOf = (property: FieldProperty): ValueKind =>
  property.type === "CALC"
    ? (CALC_KINDS[property.format ?? ""] ?? "number")
    : (KINDS[property.type] ?? "none");

const own = <T>(
  map: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined =>
  map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;

const describe = (
  code: string,
  property: FieldProperty,
  table?: string,
): ResolvedField => {
  const resolved: ResolvedField = {
    code,
    label: property.label ?? code,
    type: property.type,
    kind: kindOf(property),
  };
  if (table !== undefined) {
    resolved.table = table;
  }
  if (property.options) {
    resolved.options = new Set(Object.keys(property.options));
  }
  const family = FAMILIES[property.type];
  if (family) {
    resolved.functions = family;
  }
  return resolved;
};

export const RECORD_ID: ResolvedField = {
  code: "$id",
  label: "$id",
  type: "__ID__",
  kind: "id",
};

/**
 * The field a reference names: a top-level field, a field inside a SUBTABLE, or `$id`.
 * Unknown codes (and CATEGORY/STATUS/STATUS_ASSIGNEE while disabled) → GAIA_IQ11;
 * `table.field` on anything but a related-records field → GAIA_IR02. Related-records
 * references themselves are not supported by this stand-in (CB_VA01).
 */
export const resolveField = (
  ref: FieldRef,
  fields: FieldProperties,
): ResolvedField => {
  const property = own(fields, ref.code);
  if (ref.member !== undefined) {
    if (!property) {
      throw unknownField(ref.code);
    }
    if (property.type === "REFERENCE_TABLE") {
      throw syntaxError(
        `related-records condition ${ref.code}.${ref.member} is not supported by the sandbox`,
      );
    }
    throw dottedNotRelatedRecords(ref.code);
  }
  if (ref.code === "$id") {
    return RECORD_ID;
  }
  if (property) {
    if (property.enabled === false) {
      throw unknownField(ref.code);
    }
    return describe(ref.code, property);
  }
  for (const [tableCode, table] of Object.entries(fields)) {
    const inner =
      table.type === "SUBTABLE" ? own(table.fields, ref.code) : undefined;
    if (inner) {
      return describe(ref.code, inner, tableCode);
    }
  }
  throw unknownField(ref.code);
};
