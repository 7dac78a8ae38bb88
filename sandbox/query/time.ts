/**
 * Calendar arithmetic for the query's date functions and DATE/DATETIME/TIME comparisons.
 *
 * Dates are day numbers (days since 1970-01-01, no zone); instants are epoch milliseconds; times
 * of day are minutes. "Today" depends on the caller's time zone (measured,
 * docs/kintone-behaviour.md §6.3), which arrives as an IANA name ("Asia/Tokyo") or a fixed
 * offset ("+09:00", "UTC"). Nothing here reads the clock: "now" is always an argument.
 */
import type { FromTodayUnit, FunctionCall } from "./ast.ts";

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const DEFAULT_TIME_ZONE = "Asia/Tokyo";
/** The largest epoch milliseconds a Date can hold. */
const MAX_INSTANT = 8.64e15;

/** A half-open range [start, end) of day numbers, minutes or milliseconds. */
export interface Range {
  start: number;
  end: number;
}

/** Epoch milliseconds of a UTC wall time; unlike Date.UTC, years 0–99 stay as written. */
const utcMs = (
  year: number,
  month: number,
  day: number,
  minutes = 0,
): number => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() + minutes * MINUTE_MS;
};

/** The day number of a calendar date; out-of-range months and days roll over (April 31 → May 1). */
export const dayNumber = (year: number, month: number, day: number): number =>
  utcMs(year, month, day) / DAY_MS;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export const civilDate = (day: number): Ymd => {
  const d = new Date(day * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
};

const daysInMonth = (year: number, month: number): number =>
  dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);

/** Months later or earlier, clamping the day to the month's end (1/31 + 1 month = 2/28). */
export const addMonths = (day: number, months: number): number => {
  const { year, month, day: dom } = civilDate(day);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayNumber(y, m, Math.min(dom, daysInMonth(y, m)));
};

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES = new Set(["Z", "UTC", "GMT", "Etc/UTC"]);
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/**
 * Minutes to add to UTC to get the wall time in `timeZone` at `instant`.
 * Throws RangeError for an unknown zone name (a server bug, not a query error).
 */
export const offsetMinutes = (timeZone: string, instant: number): number => {
  if (UTC_NAMES.has(timeZone)) {
    return 0;
  }
  const fixed = FIXED_OFFSET.exec(timeZone);
  if (fixed) {
    const [, sign, hours, minutes] = fixed;
    return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  }
  if (!(Math.abs(instant) <= MAX_INSTANT)) {
    // Outside what Date can represent (e.g. FROM_TODAY(1e15, DAYS)): no offset to look up.
    return 0;
  }
  const seconds = Math.floor(instant / 1000) * 1000;
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(seconds)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall =
    utcMs(
      parts.year ?? 0,
      parts.month ?? 1,
      parts.day ?? 1,
      (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    ) +
    (parts.second ?? 0) * 1000;
  return Math.round((wall - seconds) / MINUTE_MS);
};

/** The caller's calendar day at an instant. */
export const localDay = (instant: number, timeZone: string): number =>
  Math.floor((instant + offsetMinutes(timeZone, instant) * MINUTE_MS) / DAY_MS);

/** The instant at which the wall clock in `timeZone` shows `minutes` past midnight of `day`. */
export const zonedInstant = (
  day: number,
  minutes: number,
  timeZone: string,
): number => {
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  const first = wall - offsetMinutes(timeZone, wall) * MINUTE_MS;
  return wall - offsetMinutes(timeZone, first) * MINUTE_MS;
};

/** A range of days as a range of instants in the caller's zone. */
export const dayRangeToInstants = (range: Range, timeZone: string): Range => ({
  start: zonedInstant(range.start, 0, timeZone),
  end: zonedInstant(range.end, 0, timeZone),
});

/** 0 = Sunday; day 0 (1970-01-01) was a Thursday. */
const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

const SHIFT: Readonly<Record<string, number>> = {
  THIS: 0,
  LAST: -1,
  NEXT: 1,
};
const shiftOf = (name: string): number => SHIFT[name.slice(0, 4)] ?? 0;

const fromToday = (
  today: number,
  amount: number,
  unit: FromTodayUnit,
): number => {
  switch (unit) {
    case "DAYS":
      return today + amount;
    case "WEEKS":
      return today + 7 * amount;
    case "MONTHS":
      return addMonths(today, amount);
    default:
      return addMonths(today, 12 * amount);
  }
};

/**
 * The days a date function stands for, given the caller's today. A period function compared
 * with `=` means "within the period" (§6.3). THIS_MONTH(31) in a 30-day month rolls over to
 * the 1st of the next month, as the emulator notes describe (unverified on kintone).
 */
export const functionDays = (call: FunctionCall, today: number): Range => {
  const single = (day: number): Range => ({ start: day, end: day + 1 });
  switch (call.name) {
    case "TODAY":
      return single(today);
    case "YESTERDAY":
      return single(today - 1);
    case "TOMORROW":
      return single(today + 1);
    case "FROM_TODAY":
      return single(fromToday(today, call.amount, call.unit));
    case "THIS_WEEK":
    case "LAST_WEEK":
    case "NEXT_WEEK": {
      const sunday = today - weekdayOf(today) + 7 * shiftOf(call.name);
      return call.weekday === undefined
        ? { start: sunday, end: sunday + 7 }
        : single(sunday + call.weekday);
    }
    case "THIS_MONTH":
    case "LAST_MONTH":
    case "NEXT_MONTH": {
      const { year, month } = civilDate(today);
      const m = month + shiftOf(call.name);
      const first = dayNumber(year, m, 1);
      const next = dayNumber(year, m + 1, 1);
      if (call.day === undefined) {
        return { start: first, end: next };
      }
      return single(
        call.day === "LAST" ? next - 1 : dayNumber(year, m, call.day),
      );
    }
    case "THIS_YEAR":
    case "LAST_YEAR":
    case "NEXT_YEAR": {
      const year = civilDate(today).year + shiftOf(call.name);
      return { start: dayNumber(year, 1, 1), end: dayNumber(year + 1, 1, 1) };
    }
    default:
      // NOW, LOGINUSER and PRIMARY_ORGANIZATION are not days; the compiler never asks.
      return single(today);
  }
};

const DATE_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME_TEXT = /^(\d{1,3}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const DATETIME_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** The day number of "YYYY-MM-DD" (unpadded month/day accepted), or null for an invalid date. */
export const parseDate = (text: string): number | null => {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) {
    return null;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return dayNumber(year, month, day);
};

/** Minutes of "HH:MM" or "HH:MM:SS"; CALC times may exceed 24 hours (§5.1). */
export const parseTime = (text: string): number | null => {
  const m = TIME_TEXT.exec(text.trim());
  if (!m) {
    return null;
  }
  const [hours, minutes, seconds] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3] ?? 0),
  ];
  return minutes < 60 && seconds < 60 ? hours * 60 + minutes : null;
};

export type DateTimeText =
  | { kind: "instant"; ms: number }
  | { kind: "local"; day: number; ms: number }
  | { kind: "date"; day: number };

/**
 * "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.sss]]" with or without "Z"/"±HH:MM". Without a zone the
 * wall time is the caller's (`local`: `ms` is past the day's midnight).
 */
export const parseDateTime = (text: string): DateTimeText | null => {
  const trimmed = text.trim();
  const dateOnly = parseDate(trimmed);
  if (dateOnly !== null) {
    return { kind: "date", day: dateOnly };
  }
  const m = DATETIME_TEXT.exec(trimmed);
  if (!m) {
    return null;
  }
  const day = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const [hours, minutes, seconds] = [
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  ];
  if (day === null || hours > 23 || minutes > 59 || seconds > 59) {
    return null;
  }
  const ms =
    ((hours * 60 + minutes) * 60 + seconds) * 1000 +
    Number((m[7] ?? "").padEnd(3, "0"));
  const zone = m[8];
  if (zone === undefined) {
    return { kind: "local", day, ms };
  }
  const offset = zone.toUpperCase() === "Z" ? 0 : offsetMinutes(zone, 0);
  return { kind: "instant", ms: day * DAY_MS + ms - offset * MINUTE_MS };
};
