/**
 * A formula's value as the REST API returns it. CALC formats
 * (https://jp.kintone.help/k/ja/app/form/form_parts/calculated.html): NUMBER and NUMBER_DIGIT
 * give a plain decimal (the thousands separator is only shown on screen), rounded to the app's
 * numberPrecision; DATETIME gives UTC "YYYY-MM-DDTHH:MM:00Z"; DATE the UTC day; TIME the time
 * of day "HH:MM"; HOUR_MINUTE and DAY_HOUR_MINUTE a duration "HH:MM" (hours may pass 24).
 * A string result, an array, an empty date or an out-of-range instant give "".
 */
import { kintoneTime } from "../../core/clock.ts";
import {
  decimalText,
  fail,
  floor,
  truncate,
  type Precision,
} from "./numbers.ts";
import { toNumber, toText, type Value } from "./values.ts";

const pad = (n: bigint): string => n.toString().padStart(2, "0");

const duration = (seconds: bigint): string => {
  const sign = seconds < 0n ? "-" : "";
  const minutes = (seconds < 0n ? -seconds : seconds) / 60n;
  return `${sign}${pad(minutes / 60n)}:${pad(minutes % 60n)}`;
};

const instant = (seconds: bigint): Date => {
  const d = new Date(Number(seconds) * 1000);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999
    ? fail("instant out of range")
    : d;
};

/** The CALC field's value for `format`. */
export const renderCalc = (
  format: string,
  value: Value,
  precision: Precision,
): string => {
  if (value.t !== "num" && value.t !== "bool") {
    return "";
  }
  const x = toNumber(value);
  switch (format) {
    case "DATETIME":
      return kintoneTime(instant(floor(x)));
    case "DATE":
      return instant(floor(x)).toISOString().slice(0, 10);
    case "TIME": {
      const s = ((floor(x) % 86400n) + 86400n) % 86400n;
      return duration(s);
    }
    case "HOUR_MINUTE":
    case "DAY_HOUR_MINUTE":
      return duration(truncate(x));
    default:
      return decimalText(x, precision);
  }
};

/** An auto-calculated SINGLE_LINE_TEXT field's value. */
export const renderText = (value: Value, precision: Precision): string =>
  toText(value, precision);
