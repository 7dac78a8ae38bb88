/**
 * The data types of kintone formulas and the conversions between them
 * (https://cn.cybozu.help/k/ja/app/form/autocalc/ref_data/calculation_type.html):
 * number (数値型: NUMBER, CALC, DATE/TIME/DATETIME as seconds), string (文字列型), boolean
 * (論理型), and the array types of CHECK_BOX / MULTI_SELECT and of table columns read from
 * outside their table.
 */
import {
  decimalText,
  fail,
  parseFraction,
  ZERO,
  type Fraction,
  type Precision,
} from "./numbers.ts";

export type Value =
  /** `empty`: an empty NUMBER field (0 in arithmetic, "" when compared with "" or joined). */
  | { t: "num"; v: Fraction; empty?: boolean }
  /** An empty DATE / TIME / DATETIME field: arithmetic on it stays blank, the result is "". */
  | { t: "blank" }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "nums"; v: Fraction[] }
  | { t: "strs"; v: string[] };

export const num = (v: Fraction): Value => ({ t: "num", v });
export const str = (v: string): Value => ({ t: "str", v });
export const bool = (v: boolean): Value => ({ t: "bool", v });
export const BLANK: Value = { t: "blank" };

/** Whether a value counts as empty ("" compares equal to it). */
export const isEmpty = (v: Value): boolean =>
  v.t === "blank" ||
  (v.t === "num" && v.empty === true) ||
  (v.t === "str" && v.v === "");

/** A number operand: strings must hold a number ("" is 0), booleans are 1 and 0. */
export const toNumber = (v: Value): Fraction => {
  switch (v.t) {
    case "num":
      return v.v;
    case "bool":
      return v.v ? { n: 1n, d: 1n } : ZERO;
    case "str":
      return v.v.trim() === "" ? ZERO : (parseFraction(v.v) ?? fail("NaN"));
    default:
      return fail("type");
  }
};

/** A string operand (for & and text results): numbers as plain decimals, booleans 1 / 0. */
export const toText = (v: Value, precision: Precision): string => {
  switch (v.t) {
    case "str":
      return v.v;
    case "num":
      return v.empty ? "" : decimalText(v.v, precision);
    case "bool":
      return v.v ? "1" : "0";
    case "blank":
      return "";
    default:
      return fail("array");
  }
};

/** A condition: booleans, or numbers (0 is false). */
export const toBoolean = (v: Value): boolean => {
  switch (v.t) {
    case "bool":
      return v.v;
    case "num":
      return v.v.n !== 0n;
    case "blank":
      return false;
    default:
      return fail("type");
  }
};
