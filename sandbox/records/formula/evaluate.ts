/**
 * Evaluates a formula tree: operators and the functions kintone documents
 * (https://us.kintone.help/k/en/app/form/autocalc/basic_error/autocalc_format.html): SUM, ROUND,
 * ROUNDUP, ROUNDDOWN, IF, AND, OR, NOT, CONTAINS, YEN, DATE_FORMAT. Anything that cannot be
 * computed throws FormulaFailure; the field's value is then "" (kintone's REST API shows
 * #VALUE!/#ERROR! as an empty value).
 */
import {
  add,
  compare,
  div,
  fail,
  mul,
  parseFraction,
  power,
  roundTo,
  sub,
  truncate,
  ZERO,
  type Fraction,
  type Mode,
  type Precision,
} from "./numbers.ts";
import type { Node } from "./parse.ts";
import { dateFormat, yen } from "./text.ts";
import {
  BLANK,
  bool,
  isEmpty,
  num,
  str,
  toBoolean,
  toNumber,
  toText,
  type Value,
} from "./values.ts";

export interface Env {
  /** A field's value by code; throws FormulaFailure for codes that cannot be used. */
  resolve: (code: string) => Value;
  precision: Precision;
  /** The user's time zone, for DATE_FORMAT(…, "system"). */
  timeZone: string;
}

/** How many arguments each function takes: [min, max]. */
export const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  SUM: [1, Infinity],
  ROUND: [1, 2],
  ROUNDUP: [1, 2],
  ROUNDDOWN: [1, 2],
  IF: [3, 3],
  AND: [1, 32],
  OR: [1, 32],
  NOT: [1, 1],
  CONTAINS: [2, 2],
  YEN: [2, 2],
  DATE_FORMAT: [3, 3],
};

const ROUNDERS: Readonly<Record<string, Mode>> = {
  ROUND: "HALF_UP",
  ROUNDUP: "UP",
  ROUNDDOWN: "DOWN",
};

const ARITHMETIC: Readonly<
  Record<string, (a: Fraction, b: Fraction) => Fraction>
> = {
  "+": add,
  "-": sub,
  "*": mul,
  "/": div,
  "^": power,
};

const ORDERED = new Set(["<", ">", "<=", ">="]);

const isArray = (v: Value): boolean => v.t === "nums" || v.t === "strs";

const orderStrings = (
  a: string,
  b: string,
  ordered: boolean,
): number | null => {
  if (!ordered) {
    return a === b ? 0 : null;
  }
  const [x, y] = [parseFraction(a), parseFraction(b)];
  return x && y ? compare(x, y) : fail("order of strings");
};

/** `other` against the string `s`: "" matches empty values, other strings must be numbers. */
const orderAgainstString = (
  other: Value,
  s: string,
  ordered: boolean,
): number | null => {
  if (s === "") {
    if (ordered) {
      return fail("order of empty");
    }
    return isEmpty(other) ? 0 : null;
  }
  const n = parseFraction(s);
  if (n && other.t !== "blank") {
    return compare(toNumber(other), n);
  }
  return ordered ? fail("order of string") : null;
};

/** Equality (0) or order (-1, 1) of two operands; null when unequal and not ordered. */
const order = (l: Value, r: Value, ordered: boolean): number | null => {
  if (l.t === "str" && r.t === "str") {
    return orderStrings(l.v, r.v, ordered);
  }
  if (r.t === "str") {
    return orderAgainstString(l, r.v, ordered);
  }
  if (l.t === "str") {
    const c = orderAgainstString(r, l.v, ordered);
    return c === null ? null : -c;
  }
  if (l.t === "blank" || r.t === "blank") {
    if (ordered) {
      return fail("order of blank");
    }
    return l.t === r.t ? 0 : null;
  }
  return compare(toNumber(l), toNumber(r));
};

const comparison = (op: string, l: Value, r: Value): Value => {
  if (isArray(l) || isArray(r)) {
    return fail("array");
  }
  const c = order(l, r, ORDERED.has(op));
  switch (op) {
    case "=":
      return bool(c === 0);
    case "!=":
    case "<>":
      return bool(c !== 0);
    case "<":
      return bool((c as number) < 0);
    case ">":
      return bool((c as number) > 0);
    case "<=":
      return bool((c as number) <= 0);
    default:
      return bool((c as number) >= 0);
  }
};

const binary = (op: string, l: Value, r: Value, env: Env): Value => {
  if (op === "&") {
    return str(toText(l, env.precision) + toText(r, env.precision));
  }
  const arithmetic = ARITHMETIC[op];
  if (!arithmetic) {
    return comparison(op, l, r);
  }
  if (isArray(l) || isArray(r)) {
    return fail("array");
  }
  if (l.t === "blank" || r.t === "blank") {
    return BLANK;
  }
  return num(arithmetic(toNumber(l), toNumber(r)));
};

const sum = (args: Value[]): Value => {
  let total = ZERO;
  for (const a of args) {
    if (a.t === "blank") {
      return BLANK;
    }
    if (a.t === "strs") {
      return fail("SUM of strings");
    }
    for (const x of a.t === "nums" ? a.v : [toNumber(a)]) {
      total = add(total, x);
    }
  }
  return num(total);
};

const rounded = (mode: Mode, args: Value[]): Value => {
  const [x, places] = args as [Value, Value | undefined];
  if (x.t === "blank") {
    return BLANK;
  }
  const p = places === undefined ? 0n : truncate(toNumber(places));
  if (p > 100n || p < -100n) {
    return fail("places");
  }
  return num(roundTo(toNumber(x), Number(p), mode));
};

const contains = (args: Value[], env: Env): Value => {
  const [list, item] = args as [Value, Value];
  const wanted = toText(item, env.precision);
  if (list.t === "strs") {
    return bool(list.v.includes(wanted));
  }
  if (list.t === "str") {
    return bool(list.v === wanted);
  }
  return fail("CONTAINS needs a string array");
};

const dateFormatCall = (args: Value[], env: Env): Value => {
  const [x, format, zone] = args as [Value, Value, Value];
  if (isEmpty(x)) {
    return str("");
  }
  return str(
    dateFormat(
      toNumber(x),
      toText(format, env.precision),
      toText(zone, env.precision),
      env.timeZone,
    ),
  );
};

/** Functions whose arguments are all evaluated first. */
const call = (name: string, args: Value[], env: Env): Value => {
  const rounding = ROUNDERS[name];
  if (rounding) {
    return rounded(rounding, args);
  }
  switch (name) {
    case "SUM":
      return sum(args);
    case "AND":
      return bool(args.map(toBoolean).every(Boolean));
    case "OR":
      return bool(args.map(toBoolean).some(Boolean));
    case "NOT":
      return bool(!toBoolean(args[0] as Value));
    case "CONTAINS":
      return contains(args, env);
    case "YEN": {
      const places = truncate(toNumber(args[1] as Value));
      return isEmpty(args[0] as Value)
        ? str("")
        : str(yen(toNumber(args[0] as Value), Number(places)));
    }
    default:
      return dateFormatCall(args, env);
  }
};

export const evaluate = (node: Node, env: Env): Value => {
  switch (node.k) {
    case "num":
      return num(parseFraction(node.text) ?? fail("number"));
    case "str":
      return str(node.value);
    case "ref":
      return env.resolve(node.code);
    case "neg": {
      const v = evaluate(node.arg, env);
      return v.t === "blank" ? BLANK : num(sub(ZERO, toNumber(v)));
    }
    case "bin":
      return binary(
        node.op,
        evaluate(node.left, env),
        evaluate(node.right, env),
        env,
      );
    default:
      break;
  }
  const arity = ARITY[node.name];
  if (!arity || node.args.length < arity[0] || node.args.length > arity[1]) {
    return fail(`function ${node.name}`);
  }
  if (node.name === "IF") {
    // Only the branch taken is evaluated, so IF(b = 0, 0, a / b) is not an error.
    const [cond, then, otherwise] = node.args as [Node, Node, Node];
    return evaluate(toBoolean(evaluate(cond, env)) ? then : otherwise, env);
  }
  return call(
    node.name,
    node.args.map((a) => evaluate(a, env)),
    env,
  );
};
