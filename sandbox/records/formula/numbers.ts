/**
 * Exact rational numbers for formulas: kintone computes decimals exactly (0.1 * 3 is 0.3) and
 * rounds only the result, so the evaluator works on fractions of bigints, never on floats.
 */
import { formatDecimal } from "../../query/index.ts";

export interface Fraction {
  n: bigint;
  d: bigint;
}

/** A formula that cannot be computed (division by zero, a wrong type…): the result is "". */
export class FormulaFailure extends Error {}

export const fail = (reason = "formula"): never => {
  throw new FormulaFailure(reason);
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

export const frac = (n: bigint, d = 1n): Fraction => {
  if (d === 0n) {
    return fail("division by zero");
  }
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
};

export const ZERO: Fraction = { n: 0n, d: 1n };

/** "12", "-3.5", "1e3" → a fraction; anything else (and "") → null. */
export const parseFraction = (text: string): Fraction | null => {
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

export type Mode = "HALF_EVEN" | "HALF_UP" | "UP" | "DOWN";

/** Rounds to `places` decimals (negative: tens, hundreds…); UP and HALF_UP go away from 0. */
export const roundTo = (x: Fraction, places: number, mode: Mode): Fraction => {
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

/** The integer part, toward zero. */
export const truncate = (x: Fraction): bigint => x.n / x.d;

/** The integer part, toward minus infinity. */
export const floor = (x: Fraction): bigint => {
  const q = x.n / x.d;
  return x.n < 0n && q * x.d !== x.n ? q - 1n : q;
};

export const add = (a: Fraction, b: Fraction): Fraction =>
  frac(a.n * b.d + b.n * a.d, a.d * b.d);

export const sub = (a: Fraction, b: Fraction): Fraction =>
  frac(a.n * b.d - b.n * a.d, a.d * b.d);

export const mul = (a: Fraction, b: Fraction): Fraction =>
  frac(a.n * b.n, a.d * b.d);

export const div = (a: Fraction, b: Fraction): Fraction =>
  frac(a.n * b.d, a.d * b.n);

/** `^`: the exponent's fraction is dropped and it must lie in -100…100. */
export const power = (base: Fraction, exp: Fraction): Fraction => {
  const e = truncate(exp);
  if (abs(e) > 100n) {
    return fail("exponent out of range");
  }
  const p = frac(base.n ** abs(e), base.d ** abs(e));
  return e < 0n ? frac(p.d, p.n) : p;
};

/** -1, 0 or 1. */
export const compare = (a: Fraction, b: Fraction): number => {
  const diff = a.n * b.d - b.n * a.d;
  if (diff === 0n) {
    return 0;
  }
  return diff < 0n ? -1 : 1;
};

export interface Precision {
  places: number;
  mode: Mode;
}

/** Plain decimal text (no separators) after rounding to the app's precision. */
export const decimalText = (x: Fraction, precision: Precision): string => {
  const v = roundTo(x, precision.places, precision.mode);
  const scale = Math.max(precision.places, 0);
  return formatDecimal({
    mantissa: (v.n * 10n ** BigInt(scale)) / v.d,
    scale,
  });
};
