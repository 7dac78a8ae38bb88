import {
  compareDates,
  isValidYmd,
  splitIsoDate,
  toIsoDate,
  type IsoDate,
} from "./date.ts";
import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { normalizeCode } from "./text.ts";

export interface Era {
  name: "明治" | "大正" | "昭和" | "平成" | "令和";
  /** The letter used in short forms: S25.1.2. */
  letter: "M" | "T" | "S" | "H" | "R";
  /** First day, Gregorian. */
  start: IsoDate;
  /** Last day, or null for the current era. */
  end: IsoDate | null;
}

/**
 * The eras from 明治 on. 明治 starts on 1868-10-23, the Gregorian date of the proclamation
 * (慶応4年9月8日), which applied the new name back to the start of that lunisolar year; Japan
 * itself used the Gregorian calendar only from 明治6年 (1873). Only dates from 1900 on are
 * accepted anywhere in this system, so the choice changes no result.
 */
export const eras: readonly Era[] = [
  { name: "明治", letter: "M", start: "1868-10-23", end: "1912-07-29" },
  { name: "大正", letter: "T", start: "1912-07-30", end: "1926-12-24" },
  { name: "昭和", letter: "S", start: "1926-12-25", end: "1989-01-07" },
  { name: "平成", letter: "H", start: "1989-01-08", end: "2019-04-30" },
  { name: "令和", letter: "R", start: "2019-05-01", end: null },
];

/** The dates this system accepts: people alive and applications made in this century and the last. */
export const earliestDate: IsoDate = "1900-01-01";
export const latestDate: IsoDate = "2099-12-31";

const startYear = (era: Era): number => Number(era.start.slice(0, 4));

/** The era a date falls in, and its year in that era; null before 明治. */
export const eraOf = (iso: IsoDate): { era: Era; year: number } | null => {
  for (let i = eras.length - 1; i >= 0; i--) {
    const era = eras[i] as Era;
    if (compareDates(iso, era.start) >= 0) {
      return { era, year: Number(iso.slice(0, 4)) - startYear(era) + 1 };
    }
  }
  return null;
};

/**
 * A date as 和暦: "昭和25年1月2日" (long, with 元年 for the first year) or "S25.1.2" (short).
 * Dates before 明治 are shown as they are.
 */
export const formatWareki = (
  iso: IsoDate,
  style: "long" | "short" = "long",
): string => {
  const ymd = splitIsoDate(iso);
  const found = ymd && eraOf(iso);
  if (!ymd || !found) {
    return iso;
  }
  const { era, year } = found;
  return style === "short"
    ? `${era.letter}${year}.${ymd.month}.${ymd.day}`
    : `${era.name}${year === 1 ? "元" : year}年${ymd.month}月${ymd.day}日`;
};

const ERA_BY_TOKEN: ReadonlyMap<string, Era> = new Map(
  eras.flatMap((era) => [
    [era.name, era],
    [era.name.charAt(0), era],
    [era.letter, era],
  ]),
);

/** Single-character era ligatures (㍼ = 昭和) as some IMEs produce them. */
const ERA_LIGATURES: Readonly<Record<string, string>> = {
  "\u337E": "明治",
  "\u337D": "大正",
  "\u337C": "昭和",
  "\u337B": "平成",
  "\u32FF": "令和",
};

const SEP = "(?:[./-]|年|月)";
const ERA_DATE = new RegExp(
  `^(明治|大正|昭和|平成|令和|[明大昭平令]|[MTSHR])(元|\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{1,2})日?$`,
);
const ERA_COMPACT = /^([MTSHR])(\d{2})(\d{2})(\d{2})$/;
const WESTERN_DATE = new RegExp(
  `^(\\d{4})${SEP}(\\d{1,2})${SEP}(\\d{1,2})日?$`,
);
const WESTERN_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const EXAMPLES = "例：昭和25年1月2日、S25.1.2、1950/1/2、19500102";

/** What people type before it is matched: widths, dashes, ligatures, spaces and a trailing 生. */
export const normalizeDateInput = (s: string): string =>
  normalizeCode(s)
    .replace(/[\u337B-\u337E\u32FF]/g, (c) => ERA_LIGATURES[c] ?? c)
    .replace(/\s+/g, "")
    .replace(/(?:生まれ|生)$/, "")
    .toUpperCase();

const checkRange = (field: string, iso: IsoDate): Result<IsoDate> =>
  compareDates(iso, earliestDate) < 0 || compareDates(iso, latestDate) > 0
    ? fail(
        field,
        "range",
        `${labelOf(field)}は1900年1月1日から2099年12月31日までの日付で入力してください。`,
      )
    : ok(iso);

const calendarDate = (
  field: string,
  year: number,
  month: number,
  day: number,
  shown: string,
): Result<IsoDate> => {
  const label = labelOf(field);
  if (month < 1 || month > 12) {
    return fail(
      field,
      "calendar",
      `${label}の月は1〜12で入力してください（入力：${shown}）。`,
    );
  }
  if (!isValidYmd(year, month, day)) {
    return fail(
      field,
      "calendar",
      `${label}の${shown}は存在しない日付です。日をお確かめください。`,
    );
  }
  return ok(toIsoDate(year, month, day));
};

const eraDate = (
  field: string,
  era: Era,
  eraYear: number,
  month: number,
  day: number,
): Result<IsoDate> => {
  const label = labelOf(field);
  const yearText = eraYear === 1 ? "元" : String(eraYear);
  const shown = `${era.name}${yearText}年${month}月${day}日`;
  if (eraYear < 1) {
    return fail(
      field,
      "era",
      `${label}：${era.name}は元年（1年）から始まります。`,
    );
  }
  const parsed = calendarDate(
    field,
    startYear(era) + eraYear - 1,
    month,
    day,
    shown,
  );
  if (!parsed.ok) {
    return parsed;
  }
  const iso = parsed.value;
  const western = `${iso.slice(0, 4)}年${month}月${day}日`;
  if (compareDates(iso, era.start) < 0) {
    return fail(
      field,
      "era",
      `${label}の${shown}は存在しません（${era.name}は${formatWareki(era.start)}から）。${western}は${formatWareki(iso)}です。`,
    );
  }
  if (era.end !== null && compareDates(iso, era.end) > 0) {
    return fail(
      field,
      "era",
      `${label}の${shown}は存在しません（${era.name}は${formatWareki(era.end)}まで）。${western}は${formatWareki(iso)}です。`,
    );
  }
  return checkRange(field, iso);
};

/**
 * A date as people type it, in 和暦 (昭和25年1月2日, 昭25.1.2, S25.1.2, s25/1/2, Ｓ２５．１．２,
 * 令和元年5月1日, R1.5.1, S250102) or 西暦 (1950/1/2, 1950-01-02, 1950年1月2日, 19500102).
 * Returns the ISO date, or a problem that says why: an unknown form, a day that does not exist,
 * a date outside its era (昭和64年1月8日, 平成31年5月1日), or one outside 1900–2099.
 */
export const parseDate = (input: string, field: string): Result<IsoDate> => {
  const label = labelOf(field);
  const s = normalizeDateInput(input);
  if (s === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const e = ERA_DATE.exec(s) ?? ERA_COMPACT.exec(s);
  if (e) {
    const era = ERA_BY_TOKEN.get(e[1] as string) as Era;
    const eraYear = e[2] === "元" ? 1 : Number(e[2]);
    return eraDate(field, era, eraYear, Number(e[3]), Number(e[4]));
  }
  const w = WESTERN_DATE.exec(s) ?? WESTERN_COMPACT.exec(s);
  if (w) {
    const [year, month, day] = [Number(w[1]), Number(w[2]), Number(w[3])];
    const parsed = calendarDate(
      field,
      year,
      month,
      day,
      `${year}年${month}月${day}日`,
    );
    return parsed.ok ? checkRange(field, parsed.value) : parsed;
  }
  return fail(field, "format", `${label}の形式が正しくありません。${EXAMPLES}`);
};
