/**
 * Formula fields, computed on every write (§4.2, §5.1): CALC fields and auto-calculated
 * SINGLE_LINE_TEXT fields (a non-empty `expression`). The language itself lives in ./formula/
 * (parse, evaluate, formats); this file turns a record's fields into formula values and writes
 * the results back, top level and table rows.
 *
 * Field values in formulas (https://cn.cybozu.help/k/ja/app/form/autocalc/ref_data/calculation_type.html):
 * NUMBER, CALC → number (an empty NUMBER is 0); DATE → seconds since 1970-01-01T00:00Z of that
 * day at 00:00 UTC; TIME → seconds since 00:00; DATETIME, CREATED_TIME, UPDATED_TIME → UNIX
 * seconds; SINGLE_LINE_TEXT, DROP_DOWN, RADIO_BUTTON, CREATOR, MODIFIER (the name) → string;
 * CHECK_BOX, MULTI_SELECT → string array; a table column read from outside its table → an array.
 */
import type { RecordData } from "../core/store.ts";
import { DEFAULT_TIME_ZONE } from "../query/time.ts";
import { evaluate, type Env } from "./formula/evaluate.ts";
import { renderCalc, renderText } from "./formula/formats.ts";
import {
  fail,
  frac,
  FormulaFailure,
  parseFraction,
  ZERO,
  type Fraction,
  type Precision,
} from "./formula/numbers.ts";
import { parse, type Node } from "./formula/parse.ts";
import { BLANK, num, str, type Value } from "./formula/values.ts";
import type { FieldDef, Schema } from "./model.ts";

/** Whether a field's value is computed from a formula. */
export const isFormulaField = (def: FieldDef): boolean =>
  def.type === "CALC" ||
  (def.type === "SINGLE_LINE_TEXT" &&
    String(def.prop.expression ?? "").trim() !== "");

const precisionOf = (schema: Schema): Precision => {
  const np = (schema.settings.general.numberPrecision ?? {}) as Record<
    string,
    unknown
  >;
  const places = Number(np.decimalPlaces ?? 4);
  const mode = String(np.roundingMode ?? "HALF_EVEN");
  return {
    places: Number.isInteger(places) ? places : 4,
    mode: mode === "UP" || mode === "DOWN" ? mode : "HALF_EVEN",
  };
};

const seconds = (ms: number): Value =>
  Number.isNaN(ms) ? fail("date") : num(frac(BigInt(Math.floor(ms / 1000))));

/** "HH:MM" (or "-HH:MM", hours past 24) → seconds. */
const clockSeconds = (text: string): Value => {
  const m = /^(-?)(\d+):(\d{2})/.exec(text);
  if (!m) {
    return fail("time");
  }
  const s = BigInt(Number(m[2]) * 3600 + Number(m[3]) * 60);
  return num(frac(m[1] === "-" ? -s : s));
};

/** The value of a field that is not a formula (or a formula's stored text of `format`). */
const plainValue = (type: string, raw: unknown, format = ""): Value => {
  const text = typeof raw === "string" ? raw : "";
  const blank = text.trim() === "";
  switch (type) {
    case "NUMBER":
      return blank
        ? { t: "num", v: ZERO, empty: true }
        : num(parseFraction(text) ?? fail("number"));
    case "CALC":
      if (blank) {
        return fail("calc error");
      }
      return plainValue(CALC_AS[format] ?? "NUMBER", text);
    case "DATE":
      return blank ? BLANK : seconds(Date.parse(`${text}T00:00:00Z`));
    case "TIME":
    case "DURATION":
      return blank ? BLANK : clockSeconds(text);
    case "DATETIME":
    case "CREATED_TIME":
    case "UPDATED_TIME":
      return blank ? BLANK : seconds(Date.parse(text));
    case "SINGLE_LINE_TEXT":
    case "DROP_DOWN":
    case "RADIO_BUTTON":
      return str(text);
    case "CHECK_BOX":
    case "MULTI_SELECT":
      return { t: "strs", v: Array.isArray(raw) ? raw.map(String) : [] };
    case "CREATOR":
    case "MODIFIER":
      return str(String((raw as { name?: unknown } | null)?.name ?? ""));
    default:
      return fail("field type");
  }
};

/** How a CALC field's stored text reads back, by format. */
const CALC_AS: Readonly<Record<string, string>> = {
  DATETIME: "DATETIME",
  DATE: "DATE",
  TIME: "TIME",
  HOUR_MINUTE: "DURATION",
  DAY_HOUR_MINUTE: "DURATION",
};

const formatOf = (def: FieldDef): string => String(def.prop.format ?? "NUMBER");

/** A table column as an array (empty cells count as 0 / ""). */
const columnValue = (def: FieldDef, rows: Rows): Value => {
  if (def.type === "CHECK_BOX" || def.type === "MULTI_SELECT") {
    return fail("array of arrays");
  }
  const cells = rows.map((r) => r.value[def.code]?.value);
  if (
    def.type === "SINGLE_LINE_TEXT" ||
    def.type === "DROP_DOWN" ||
    def.type === "RADIO_BUTTON"
  ) {
    return { t: "strs", v: cells.map((c) => (typeof c === "string" ? c : "")) };
  }
  const numbers: Fraction[] = cells.map((c) => {
    try {
      const v = plainValue(def.type, c, formatOf(def));
      return v.t === "num" ? v.v : ZERO;
    } catch (e) {
      if (e instanceof FormulaFailure) {
        return ZERO;
      }
      throw e;
    }
  });
  return { t: "nums", v: numbers };
};

interface Result {
  text: string;
  /** What a formula referring to this field reads; null when the result is an error. */
  value: Value | null;
}

/** Parsed formulas by text (a record write evaluates the same few formulas on every row). */
const parsed = new Map<string, Node | FormulaFailure>();

const treeOf = (expression: string): Node => {
  let tree = parsed.get(expression);
  if (tree === undefined) {
    if (parsed.size > 1000) {
      parsed.clear();
    }
    try {
      tree = parse(expression);
    } catch (e) {
      if (!(e instanceof FormulaFailure)) {
        throw e;
      }
      tree = e;
    }
    parsed.set(expression, tree);
  }
  if (tree instanceof FormulaFailure) {
    throw tree;
  }
  return tree;
};

/** Computes one formula field in `env`. */
const run = (def: FieldDef, env: Env): Result => {
  try {
    const v = evaluate(treeOf(String(def.prop.expression ?? "")), env);
    if (def.type !== "CALC") {
      const text = renderText(v, env.precision);
      return { text, value: str(text) };
    }
    const text = renderCalc(formatOf(def), v, env.precision);
    if (text === "") {
      return { text, value: v.t === "blank" ? BLANK : null };
    }
    return { text, value: plainValue("CALC", text, formatOf(def)) };
  } catch (e) {
    if (e instanceof FormulaFailure || e instanceof RangeError) {
      return { text: "", value: null };
    }
    throw e;
  }
};

type Rows = Array<{ id?: string; value: RecordData }>;

const rowsOf = (data: RecordData, code: string): Rows =>
  Array.isArray(data[code]?.value) ? (data[code]?.value as Rows) : [];

/**
 * A resolver over some fields (the top level or one table row) whose formula fields are computed
 * on first use, each once; a formula that refers back to itself is an error.
 */
const scope = (
  fields: ReadonlyMap<string, FieldDef>,
  values: RecordData,
  outer: (code: string) => Value,
  base: Omit<Env, "resolve">,
): { env: Env; result: (def: FieldDef) => Result } => {
  const memo = new Map<string, Result>();
  const visiting = new Set<string>();
  const result = (def: FieldDef): Result => {
    const known = memo.get(def.code);
    if (known) {
      return known;
    }
    if (visiting.has(def.code)) {
      return { text: "", value: null };
    }
    visiting.add(def.code);
    const r = run(def, env);
    visiting.delete(def.code);
    memo.set(def.code, r);
    return r;
  };
  const resolve = (code: string): Value => {
    const def = fields.get(code);
    if (!def) {
      return outer(code);
    }
    if (isFormulaField(def)) {
      return result(def).value ?? fail("referenced formula failed");
    }
    return plainValue(def.type, values[code]?.value);
  };
  const env: Env = { ...base, resolve };
  return { env, result };
};

/**
 * Recomputes every formula field of `data` (top level and table rows). `data` is a fresh copy
 * the caller owns; rows are replaced, never changed in place (they may be shared with the store).
 */
export const computeCalcs = (schema: Schema, data: RecordData): void => {
  const base = { precision: precisionOf(schema), timeZone: DEFAULT_TIME_ZONE };
  const tables = schema.fields.filter((f) => f.type === "SUBTABLE");
  const columns = new Map<string, { table: FieldDef; inner: FieldDef }>();
  for (const table of tables) {
    for (const inner of table.inner ?? []) {
      columns.set(inner.code, { table, inner });
    }
  }
  const fromColumns = (code: string): Value => {
    const column = columns.get(code);
    return column
      ? columnValue(column.inner, rowsOf(data, column.table.code))
      : fail(`no field ${code}`);
  };
  const topFields = new Map(schema.fields.map((f) => [f.code, f]));
  const rowTop = scope(topFields, data, fromColumns, base);
  for (const table of tables) {
    const inner = table.inner ?? [];
    const formulas = inner.filter(isFormulaField);
    if (formulas.length === 0) {
      continue;
    }
    const innerFields = new Map(inner.map((f) => [f.code, f]));
    data[table.code] = {
      type: "SUBTABLE",
      value: rowsOf(data, table.code).map((row) => {
        const value: RecordData = { ...row.value };
        const rowScope = scope(innerFields, value, rowTop.env.resolve, base);
        for (const def of formulas) {
          value[def.code] = {
            type: def.type,
            value: rowScope.result(def).text,
          };
        }
        return { ...row, value };
      }),
    };
  }
  const top = scope(topFields, data, fromColumns, base);
  for (const def of schema.fields.filter(isFormulaField)) {
    data[def.code] = { type: def.type, value: top.result(def).text };
  }
};
