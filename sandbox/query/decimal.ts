/**
 * Exact decimal numbers for NUMBER/CALC/$id comparisons. kintone keeps NUMBER values as decimal
 * strings (docs/kintone-behaviour.md §4.13, §5.1) that may hold more digits than a double, so
 * "0.1 + 0.2" style rounding must not decide whether a record matches.
 */
export interface Decimal {
  /** value = mantissa × 10^-scale */
  mantissa: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Larger exponents are refused: they are not real kintone numbers and would cost time. */
const MAX_EXPONENT = 400;

/** The value of a decimal string ("12", "-1.50", "1.5e1", " 42 "), or null. */
export const parseDecimal = (text: string): Decimal | null => {
  const m = DECIMAL.exec(text.trim());
  if (!m) {
    return null;
  }
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = m;
  if (whole === "" && fraction === "") {
    return null;
  }
  const exp = Number(exponent);
  if (Math.abs(exp) > MAX_EXPONENT) {
    return null;
  }
  const digits = BigInt(`${whole}${fraction}` || "0");
  const mantissa = sign === "-" ? -digits : digits;
  const scale = fraction.length - exp;
  return scale >= 0
    ? { mantissa, scale }
    : { mantissa: mantissa * 10n ** BigInt(-scale), scale: 0 };
};

const rescale = (d: Decimal, scale: number): bigint =>
  d.mantissa * 10n ** BigInt(scale - d.scale);

/** -1, 0 or 1. */
export const compareDecimal = (a: Decimal, b: Decimal): number => {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return Number(x > y) - Number(x < y);
};

/** The shortest plain string of the value: "1.50" → "1.5", "1e2" → "100", "-0" → "0". */
export const formatDecimal = (d: Decimal): string => {
  let { mantissa, scale } = d;
  while (scale > 0 && mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale -= 1;
  }
  const negative = mantissa < 0n;
  const digits = (negative ? -mantissa : mantissa)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
};
