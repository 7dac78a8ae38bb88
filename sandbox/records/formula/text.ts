/**
 * The two string functions: YEN
 * (https://get.kintone.help/k/zh-tw/user/app_settings/form/autocalc/yen_function.html) and
 * DATE_FORMAT (https://cn.kintone.help/k/ja/app/form/autocalc/function/date_format).
 */
import { offsetMinutes } from "../../query/time.ts";
import { fail, roundTo, truncate, type Fraction } from "./numbers.ts";

/** "¥1,235" / "-¥1,234.50": rounded half up to `places` decimals (0 or negative: whole yen, tens…). */
export const yen = (x: Fraction, places: number): string => {
  const scale = Math.max(places, 0);
  const v = roundTo(x, places, "HALF_UP");
  const scaled = (v.n * 10n ** BigInt(scale)) / v.d;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits
    .slice(0, digits.length - scale)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";
  return `${negative ? "-" : ""}¥${whole}${fraction}`;
};

/** The range of UNIX times DATE_FORMAT accepts (0001-01-01 … 9999-12-31T23:59:59Z). */
const MIN_SECONDS = -30610224000n;
const MAX_SECONDS = 253402300799n;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const offsetText = (minutes: number, colon: boolean): string => {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}${colon ? ":" : ""}${pad(m % 60)}`;
};

type Wall = { date: Date; offset: number };

/** Every symbol of the date format, longest first; other characters are copied as they are. */
const SYMBOLS: ReadonlyArray<[string, (w: Wall) => string]> = [
  ["YYYY", (w) => pad(w.date.getUTCFullYear(), 4)],
  ["YY", (w) => pad(w.date.getUTCFullYear() % 100)],
  ["MMMM", (w) => `${w.date.getUTCMonth() + 1}月`],
  ["MMM", (w) => `${w.date.getUTCMonth() + 1}月`],
  ["MM", (w) => pad(w.date.getUTCMonth() + 1)],
  ["M", (w) => String(w.date.getUTCMonth() + 1)],
  ["dd", (w) => pad(w.date.getUTCDate())],
  ["d", (w) => String(w.date.getUTCDate())],
  ["HH", (w) => pad(w.date.getUTCHours())],
  ["H", (w) => String(w.date.getUTCHours())],
  ["hh", (w) => pad(w.date.getUTCHours() % 12 || 12)],
  ["h", (w) => String(w.date.getUTCHours() % 12 || 12)],
  ["mm", (w) => pad(w.date.getUTCMinutes())],
  ["ss", (w) => pad(w.date.getUTCSeconds())],
  ["a", (w) => (w.date.getUTCHours() < 12 ? "午前" : "午後")],
  ["ZZ", (w) => offsetText(w.offset, true)],
  ["Z", (w) => offsetText(w.offset, false)],
];

const symbolAt = (
  format: string,
  at: number,
): (typeof SYMBOLS)[number] | undefined =>
  SYMBOLS.find(([symbol]) => format.startsWith(symbol, at));

/**
 * DATE_FORMAT(seconds, format, zone). `zone` is an IANA name ("Asia/Tokyo", "Etc/GMT") or
 * "system" (the user's zone, `systemZone` here). The fraction of a second is dropped.
 */
export const dateFormat = (
  seconds: Fraction,
  format: string,
  zone: string,
  systemZone: string,
): string => {
  const s = truncate(seconds);
  if (s < MIN_SECONDS || s > MAX_SECONDS) {
    return fail("date out of range");
  }
  const ms = Number(s) * 1000;
  const timeZone = zone === "system" ? systemZone : zone;
  let offset: number;
  try {
    offset = offsetMinutes(timeZone, ms);
  } catch {
    return fail("time zone");
  }
  const wall: Wall = { date: new Date(ms + offset * 60_000), offset };
  let out = "";
  let i = 0;
  while (i < format.length) {
    const symbol = symbolAt(format, i);
    if (symbol) {
      out += symbol[1](wall);
      i += symbol[0].length;
    } else {
      out += format[i];
      i++;
    }
  }
  return out;
};
