/**
 * Calendar dates as kintone's DATE fields carry them: "YYYY-MM-DD" strings, with no time zone.
 * Arithmetic goes through UTC day numbers, so no local clock or zone can shift a day.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);

export const isValidYmd = (year: number, month: number, day: number): boolean =>
  Number.isInteger(year) &&
  Number.isInteger(month) &&
  Number.isInteger(day) &&
  year >= 1 &&
  year <= 9999 &&
  month >= 1 &&
  month <= 12 &&
  day >= 1 &&
  day <= daysInMonth(year, month);

const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

export const toIsoDate = (year: number, month: number, day: number): IsoDate =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** The parts of a valid ISO date, or null for anything else (including "2026-02-30"). */
export const splitIsoDate = (iso: string): Ymd | null => {
  const m = ISO_DATE.exec(iso);
  if (!m) {
    return null;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(year, month, day) ? { year, month, day } : null;
};

export const isIsoDate = (s: unknown): s is IsoDate =>
  typeof s === "string" && splitIsoDate(s) !== null;

const parts = (iso: IsoDate): Ymd => {
  const ymd = splitIsoDate(iso);
  if (!ymd) {
    throw new RangeError(`not a date: ${iso}`);
  }
  return ymd;
};

const dayNumber = (iso: IsoDate): number => {
  const { year, month, day } = parts(iso);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};

const fromDayNumber = (n: number): IsoDate => {
  const d = new Date(n * DAY_MS);
  return toIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

export const addDays = (iso: IsoDate, days: number): IsoDate =>
  fromDayNumber(dayNumber(iso) + days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  dayNumber(to) - dayNumber(from);

/** Calendar months later (or earlier); the day is clamped to the month's end (5/31 − 3 months = 2/28). */
export const addMonths = (iso: IsoDate, months: number): IsoDate => {
  const { year, month, day } = parts(iso);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return toIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
};

/**
 * The same month and day `years` later. 29 February in a year without one becomes 1 March,
 * as 年齢計算ニ関スル法律 and the civil code count anniversaries.
 */
export const addYears = (iso: IsoDate, years: number): IsoDate => {
  const { year, month, day } = parts(iso);
  const y = year + years;
  return month === 2 && day === 29 && !isLeapYear(y)
    ? toIsoDate(y, 3, 1)
    : toIsoDate(y, month, day);
};

/** -1, 0 or 1; ISO dates order as strings. */
export const compareDates = (a: IsoDate, b: IsoDate): number =>
  Number(a > b) - Number(a < b);

/** Japan has kept UTC+9 all year since 1951; the offset is fixed. */
const JST_OFFSET_MS = 9 * 3_600_000;

/**
 * The calendar date in Japan of an instant (a kintone DATETIME such as
 * "2026-11-21T15:30:00Z", or epoch milliseconds). Null when it is not an instant.
 */
export const jstDateOf = (instant: string | number): IsoDate | null => {
  const ms = typeof instant === "number" ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    return null;
  }
  const d = new Date(ms + JST_OFFSET_MS);
  return toIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

/** "YYYYMMDD" of an ISO date. */
export const compactDate = (iso: IsoDate): string => iso.replace(/-/g, "");
