/**
 * CALC fields, computed on every write (§4.2, §5.1). What is computed: NUMBER / NUMBER_DIGIT
 * formats over numeric operands (NUMBER and CALC fields, numeric literals) with `+ - * / ^`,
 * unary minus, parentheses, `SUM(…)` (table columns included), `ROUND`, `ROUNDUP`, `ROUNDDOWN`.
 * Arithmetic is exact (fractions); the result is rounded to the app's numberPrecision
 * (decimalPlaces, roundingMode). Empty operands count as 0; division by zero or anything not
 * supported (other formats, text functions, IF, dates) gives "".
 */
import type { RecordData } from "../core/store.ts";
import { formatDecimal } from "../query/index.ts";
import type { FieldDef, Schema } from "./model.ts";

interface Fraction {
  n: bigint;
  d: bigint;
}

type Operand = Fraction | Fraction[];

class CalcFailure extends Error {}

const fail = (): never => {
  throw new CalcFailure("calc");
};

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

const gcd = (a: bigint, b: bigint): bigint => {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x === 0n ? 1n : x;
};

const frac = (n: bigint, d: bigint): Fraction => {
  if (d === 0n) {
    return fail();
  }
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
};

const parseFraction = (text: string): Fraction | null => {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || `${m[2] ?? ""}${m[3] ?? ""}` === "") {
    return null;
  }
  const digits = BigInt(`${m[2] ?? ""}${m[3] ?? ""}` || "0");
  const exp = Number(m[4] ?? 0) - (m[3] ?? "").length;
  if (Math.abs(exp) > 400) {
    return null;
  }
  const n = m[1] === "-" ? -digits : digits;
  return exp >= 0
    ? frac(n * 10n ** BigInt(exp), 1n)
    : frac(n, 10n ** BigInt(-exp));
};

type Mode = "HALF_EVEN" | "HALF_UP" | "UP" | "DOWN";

/** Rounds to `places` decimals (negative: tens, hundreds…). */
const roundTo = (x: Fraction, places: number, mode: Mode): Fraction => {
  const scale = 10n ** BigInt(Math.abs(places));
  const num = places >= 0 ? x.n * scale : x.n;
  const den = places >= 0 ? x.d : x.d * scale;
  let q = num / den;
  const r = abs(num % den);
  const away = num < 0n ? -1n : 1n;
  const twice = 2n * r;
  const up =
    (mode === "UP" && r !== 0n) ||
    (mode === "HALF_UP" && twice >= den) ||
    (mode === "HALF_EVEN" && (twice > den || (twice === den && q % 2n !== 0n)));
  if (up) {
    q += away;
  }
  return places >= 0 ? frac(q, scale) : frac(q * scale, 1n);
};

// ---- parsing and evaluation ----

const TOKEN = /\s*(\d+(?:\.\d+)?|[-+*/^(),]|[^\s\-+*/^(),&=<>!"]+)/y;

const tokenize = (text: string): string[] => {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (text.slice(pos).trim() === "") {
      break;
    }
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m?.[1]) {
      return fail();
    }
    out.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  return out;
};

type Resolve = (code: string) => Operand;

const scalar = (v: Operand): Fraction => (Array.isArray(v) ? fail() : v);

const sum = (values: Operand[]): Fraction =>
  values
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .reduce((a, b) => frac(a.n * b.d + b.n * a.d, a.d * b.d), frac(0n, 1n));

const ROUNDERS: Readonly<Record<string, Mode>> = {
  ROUND: "HALF_UP",
  ROUNDUP: "UP",
  ROUNDDOWN: "DOWN",
};

const callFunction = (name: string, args: Operand[]): Fraction => {
  if (name === "SUM") {
    return sum(args);
  }
  const mode = ROUNDERS[name];
  if (!mode || args.length < 1 || args.length > 2) {
    return fail();
  }
  const places = args[1] === undefined ? frac(0n, 1n) : scalar(args[1]);
  if (places.d !== 1n) {
    return fail();
  }
  return roundTo(scalar(args[0] as Operand), Number(places.n), mode);
};

const power = (base: Fraction, exp: Fraction): Fraction => {
  if (exp.d !== 1n || abs(exp.n) > 100n) {
    return fail();
  }
  const e = exp.n < 0n ? -exp.n : exp.n;
  const p = frac(base.n ** e, base.d ** e);
  return exp.n < 0n ? frac(p.d, p.n) : p;
};

const arithmetic = (op: string, a: Fraction, b: Fraction): Fraction => {
  switch (op) {
    case "+":
      return frac(a.n * b.d + b.n * a.d, a.d * b.d);
    case "-":
      return frac(a.n * b.d - b.n * a.d, a.d * b.d);
    case "*":
      return frac(a.n * b.n, a.d * b.d);
    case "/":
      return frac(a.n * b.d, a.d * b.n);
    default:
      return power(a, b);
  }
};

/** A recursive-descent evaluator over the tokens of one expression. */
const evaluate = (tokens: string[], resolve: Resolve): Operand => {
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const expect = (tok: string): void => {
    if (tokens[i] !== tok) {
      fail();
    }
    i++;
  };
  const args = (): Operand[] => {
    const out: Operand[] = [];
    expect("(");
    while (peek() !== ")") {
      out.push(additive());
      if (peek() === ",") {
        i++;
      } else if (peek() !== ")") {
        fail();
      }
    }
    expect(")");
    return out;
  };
  const primary = (): Operand => {
    const tok = tokens[i++];
    if (tok === undefined) {
      return fail();
    }
    if (tok === "(") {
      const v = additive();
      expect(")");
      return v;
    }
    if (/^\d/.test(tok)) {
      return parseFraction(tok) ?? fail();
    }
    if (peek() === "(") {
      return callFunction(tok.toUpperCase(), args());
    }
    return /^[-+*/^(),]$/.test(tok) ? fail() : resolve(tok);
  };
  const unary = (): Operand => {
    if (peek() === "-" || peek() === "+") {
      const negative = tokens[i++] === "-";
      const v = scalar(unary());
      return negative ? frac(-v.n, v.d) : v;
    }
    return primary();
  };
  const powered = (): Operand => {
    const base = unary();
    if (peek() !== "^") {
      return base;
    }
    i++;
    return arithmetic("^", scalar(base), scalar(powered()));
  };
  const multiplicative = (): Operand => {
    let v = powered();
    while (peek() === "*" || peek() === "/") {
      const op = tokens[i++] as string;
      v = arithmetic(op, scalar(v), scalar(powered()));
    }
    return v;
  };
  const additive = (): Operand => {
    let v = multiplicative();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[i++] as string;
      v = arithmetic(op, scalar(v), scalar(multiplicative()));
    }
    return v;
  };
  const result = additive();
  if (i !== tokens.length) {
    fail();
  }
  return result;
};

// ---- fields ----

const NUMERIC = new Set(["NUMBER", "CALC"]);

const numberOf = (value: unknown): Fraction => {
  const text = typeof value === "string" ? value : "";
  return text.trim() === "" ? frac(0n, 1n) : (parseFraction(text) ?? fail());
};

const COMPUTED_FORMATS = new Set(["", "NUMBER", "NUMBER_DIGIT"]);

interface Precision {
  places: number;
  mode: Mode;
}

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

const run = (def: FieldDef, resolve: Resolve, precision: Precision): string => {
  const format = String(def.prop.format ?? "NUMBER");
  if (!COMPUTED_FORMATS.has(format)) {
    return "";
  }
  try {
    const tokens = tokenize(String(def.prop.expression ?? ""));
    if (tokens.length === 0) {
      return "";
    }
    const v = roundTo(
      scalar(evaluate(tokens, resolve)),
      precision.places,
      precision.mode,
    );
    const scale = 10n ** BigInt(Math.max(precision.places, 0));
    return formatDecimal({
      mantissa: (v.n * scale) / v.d,
      scale: Math.max(precision.places, 0),
    });
  } catch (e) {
    if (e instanceof CalcFailure || e instanceof RangeError) {
      return "";
    }
    throw e;
  }
};

type Rows = Array<{ id?: string; value: RecordData }>;

const rowsOf = (data: RecordData, code: string): Rows =>
  Array.isArray(data[code]?.value) ? (data[code]?.value as Rows) : [];

/** A copy of a table row with its CALC cells computed. */
const computeRow = (
  table: FieldDef,
  row: Rows[number],
  calcs: readonly FieldDef[],
  resolveTop: Resolve,
  precision: Precision,
): Rows[number] => {
  const value: RecordData = { ...row.value };
  const inRow = new Set<string>();
  const resolveRow: Resolve = (code) => {
    const inner = (table.inner ?? []).find((f) => f.code === code);
    if (inner?.type === "NUMBER") {
      return numberOf(value[code]?.value);
    }
    if (inner?.type !== "CALC") {
      return resolveTop(code);
    }
    if (inRow.has(code)) {
      return fail();
    }
    inRow.add(code);
    const text = run(inner, resolveRow, precision);
    inRow.delete(code);
    return text === "" ? fail() : numberOf(text);
  };
  for (const inner of calcs) {
    value[inner.code] = {
      type: "CALC",
      value: run(inner, resolveRow, precision),
    };
  }
  return { ...row, value };
};

/**
 * Recomputes every CALC field of `data` (top level and table rows). `data` is a fresh copy the
 * caller owns; rows are replaced, never changed in place (they may be shared with the store).
 */
export const computeCalcs = (schema: Schema, data: RecordData): void => {
  const precision = precisionOf(schema);
  const top = new Map(schema.fields.map((f) => [f.code, f]));
  const tableOf = new Map<string, { table: FieldDef; inner: FieldDef }>();
  for (const table of schema.fields.filter((f) => f.type === "SUBTABLE")) {
    for (const inner of table.inner ?? []) {
      tableOf.set(inner.code, { table, inner });
    }
  }
  const memo = new Map<string, Fraction>();
  const visiting = new Set<string>();
  const topValue = (def: FieldDef): Fraction => {
    if (def.type !== "CALC") {
      return numberOf(data[def.code]?.value);
    }
    const known = memo.get(def.code);
    if (known) {
      return known;
    }
    if (visiting.has(def.code)) {
      return fail();
    }
    visiting.add(def.code);
    const text = run(def, resolveTop, precision);
    visiting.delete(def.code);
    const v = text === "" ? fail() : numberOf(text);
    memo.set(def.code, v);
    return v;
  };
  const resolveTop: Resolve = (code) => {
    const def = top.get(code);
    if (def && NUMERIC.has(def.type)) {
      return topValue(def);
    }
    const column = tableOf.get(code);
    if (column && NUMERIC.has(column.inner.type)) {
      return rowsOf(data, column.table.code).map((r) =>
        numberOf(r.value[code]?.value),
      );
    }
    return fail();
  };
  for (const table of schema.fields.filter((f) => f.type === "SUBTABLE")) {
    const calcs = (table.inner ?? []).filter((f) => f.type === "CALC");
    if (calcs.length > 0) {
      data[table.code] = {
        type: "SUBTABLE",
        value: rowsOf(data, table.code).map((row) =>
          computeRow(table, row, calcs, resolveTop, precision),
        ),
      };
    }
  }
  memo.clear();
  for (const def of schema.fields.filter((f) => f.type === "CALC")) {
    data[def.code] = { type: "CALC", value: run(def, resolveTop, precision) };
  }
};
