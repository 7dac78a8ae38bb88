import { compactDate, isValidYmd, splitIsoDate, type IsoDate } from "./date.ts";
import { labelOf } from "./fields.ts";
import { insuredNoLast6, INSURED_NO } from "./insuredNo.ts";
import { fail, type Problem, type Result } from "./problem.ts";
import { normalizeCode, normalizeIdentifier } from "./text.ts";
import { normalizeDateInput, parseDate } from "./wareki.ts";

/** The keys a progress record is found by; derived, never typed by hand. */
export interface SearchKeys {
  /** 被保険者番号 下6桁 (method ①). */
  insuredNoLast6: string;
  /** 申請日 as MMDD (method ②). */
  applicationDateMMDD: string;
  /** 生年月日 as YYYYMMDD (method ②). */
  birthDateYMD: string;
}

export interface SearchKeySource {
  insuredNo: string;
  applicationDate: IsoDate;
  birthDate: IsoDate;
}

/** The search keys of a progress record; a key whose source is missing or malformed is "". */
export const searchKeysOf = (r: Partial<SearchKeySource>): SearchKeys => {
  const no = normalizeIdentifier(r.insuredNo ?? "");
  return {
    insuredNoLast6: INSURED_NO.test(no) ? insuredNoLast6(no) : "",
    applicationDateMMDD: splitIsoDate(r.applicationDate ?? "")
      ? compactDate(r.applicationDate as string).slice(4)
      : "",
    birthDateYMD: splitIsoDate(r.birthDate ?? "")
      ? compactDate(r.birthDate as string)
      : "",
  };
};

/** The two search methods of the portal (Ebina guide, docs/sources.md), by code name. */
export const searchMethods = {
  insuredNo: { label: "方法① 被保険者番号（下6桁）で検索" },
  dates: { label: "方法② 申請日（4桁）と生年月日（8桁）で検索" },
} as const;
export type SearchMethod = keyof typeof searchMethods;

/**
 * A search of the portal. Method ① carries `insuredNo` when a whole 10-character 被保険者番号 was
 * typed: then only that number matches, not every number ending in the same 6 digits.
 */
export type SearchQuery =
  | { method: "insuredNo"; insuredNoLast6: string; insuredNo?: string }
  | { method: "dates"; applicationDateMMDD: string; birthDateYMD: string };

/**
 * Method ①: 被保険者番号 下6桁, or the whole 被保険者番号. Forgiving: full-width digits, spaces and
 * hyphens are ignored. A whole 10-character 被保険者番号 is kept whole (`insuredNo`, normalized)
 * with its last 6 digits as the key to look up, and matches only that number.
 */
export const parseInsuredNoSearch = (input: string): Result<SearchQuery> => {
  const field = "insuredNoLast6";
  const label = labelOf(field);
  const s = normalizeIdentifier(input);
  if (s === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  if (INSURED_NO.test(s)) {
    return {
      ok: true,
      value: {
        method: "insuredNo",
        insuredNoLast6: insuredNoLast6(s),
        insuredNo: s,
      },
    };
  }
  if (!/^\d+$/.test(s)) {
    return fail(field, "characters", `${label}は数字で入力してください。`);
  }
  if (s.length !== 6) {
    return fail(
      field,
      "length",
      `${label}は6桁で入力してください（10桁の被保険者番号でも検索できます）。入力は${s.length}桁です。`,
    );
  }
  return { ok: true, value: { method: "insuredNo", insuredNoLast6: s } };
};

/**
 * 申請日 (4桁): "0105", "1/5", "01-05", "1月5日", or a whole date in any form parseDate
 * accepts (2026/1/5, R8.1.5), of which the month and day are used.
 */
export const parseMonthDay = (
  input: string,
  field = "applicationDateMMDD",
): Result<string> => {
  const label = labelOf(field);
  const s = normalizeDateInput(input);
  if (s === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const m =
    /^(\d{2})(\d{2})$/.exec(s) ?? /^(\d{1,2})(?:[./-]|月)(\d{1,2})日?$/.exec(s);
  if (m) {
    const [month, day] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) {
      return fail(
        field,
        "calendar",
        `${label}の月は01〜12です（入力：${m[1]}）。`,
      );
    }
    // A leap year, so that 0229 is a month-day that exists.
    if (!isValidYmd(2000, month, day)) {
      return fail(
        field,
        "calendar",
        `${label}の${month}月${day}日は存在しない日付です。`,
      );
    }
    return {
      ok: true,
      value: `${m[1]?.padStart(2, "0")}${m[2]?.padStart(2, "0")}`,
    };
  }
  const full = parseDate(input, field);
  if (full.ok) {
    return { ok: true, value: compactDate(full.value).slice(4) };
  }
  if (full.problems.some((p) => p.code !== "format")) {
    // A whole date that does not exist (H31.5.1): say why rather than "wrong form".
    return full;
  }
  return fail(
    field,
    "format",
    `${label}は月日4桁で入力してください。例：1月5日なら 0105`,
  );
};

/** Method ②: 申請日 (4桁) and 生年月日 (8桁, 和暦 accepted); each field gets its own problem. */
export const parseDatesSearch = (input: {
  applicationDate: string;
  birthDate: string;
}): Result<SearchQuery> => {
  const mmdd = parseMonthDay(input.applicationDate);
  const birth = parseDate(input.birthDate, "birthDateYMD");
  if (mmdd.ok && birth.ok) {
    return {
      ok: true,
      value: {
        method: "dates",
        applicationDateMMDD: mmdd.value,
        birthDateYMD: compactDate(birth.value),
      },
    };
  }
  const problems: Problem[] = [
    ...(mmdd.ok ? [] : mmdd.problems),
    ...(birth.ok ? [] : birth.problems),
  ];
  return { ok: false, problems };
};

/**
 * Whether a record's 被保険者番号 is the one a 10-character query asked for: true for a query
 * of 6 digits (it asks no whole number), else equality after normalizing the record's number.
 */
export const matchesWholeInsuredNo = (
  recordInsuredNo: string | null | undefined,
  q: SearchQuery,
): boolean =>
  q.method !== "insuredNo" ||
  q.insuredNo === undefined ||
  normalizeIdentifier(recordInsuredNo ?? "") === q.insuredNo;

/**
 * Whether a record's keys match a query: exact equality of every key the method uses, and of the
 * whole 被保険者番号 (`keys.insuredNo`) when the query has one.
 */
export const matchesSearch = (
  keys: SearchKeys & { insuredNo?: string },
  q: SearchQuery,
): boolean =>
  q.method === "insuredNo"
    ? keys.insuredNoLast6 !== "" &&
      keys.insuredNoLast6 === q.insuredNoLast6 &&
      matchesWholeInsuredNo(keys.insuredNo, q)
    : keys.applicationDateMMDD !== "" &&
      keys.applicationDateMMDD === q.applicationDateMMDD &&
      keys.birthDateYMD === q.birthDateYMD;

/**
 * What one search box reads (the clerks' search bar): a SearchQuery — method ① with, when a
 * whole 被保険者番号 was typed, that number too (a clerk's list holds every insured person, so the
 * whole number finds exactly one of them).
 */
export type SearchText = SearchQuery;

/** Separators between the two values of method ②: spaces (any width), commas, 、. */
const SEARCH_SEPARATORS = /[\s,、]+/;
/** 申請日 4 digits then 生年月日 in 和暦 without a space: 0105S250102, 0105昭和25年1月2日. */
const MMDD_THEN_ERA = /^(\d{4})([MTSHR明大昭平令].*)$/;

const SEARCH_REQUIRED =
  "被保険者番号（6桁か10桁）、または申請日（4桁）と生年月日（8桁）を入力してください。";
const SEARCH_FORMAT =
  "被保険者番号（6桁か10桁）、または申請日（4桁）と生年月日（8桁）で検索できます。例：123456、0105 19500102";
const searchLength = (n: number): string =>
  `数字${n}桁では検索できません。被保険者番号は6桁か10桁、申請日と生年月日は 0105 19500102 のように空白で区切ります。`;

/** The two values of method ② in one text, or null when the text is not two values. */
const splitDates = (
  input: string,
): { applicationDate: string; birthDate: string } | null => {
  const parts = normalizeCode(input).split(SEARCH_SEPARATORS);
  if (parts.length >= 2) {
    // 生年月日 may itself hold spaces (昭和 25年 1月 2日).
    return {
      applicationDate: parts[0] ?? "",
      birthDate: parts.slice(1).join(""),
    };
  }
  const one = normalizeIdentifier(input);
  if (/^\d{12}$/.test(one)) {
    return { applicationDate: one.slice(0, 4), birthDate: one.slice(4) };
  }
  const m = MMDD_THEN_ERA.exec(normalizeDateInput(input));
  return m ? { applicationDate: m[1] ?? "", birthDate: m[2] ?? "" } : null;
};

const insuredNoText = (input: string): Result<SearchText> | null => {
  const r = parseInsuredNoSearch(input);
  return r.ok ? r : null;
};

/**
 * One box, either method, as the portal parses each: 被保険者番号 (6 or 10 characters, full
 * width, spaces and hyphens allowed), or 申請日 (4桁) and 生年月日 (8桁, 和暦 accepted) separated
 * by a space or a comma, or together as 12 digits. Two values that are method ② are read as
 * method ② first (1-15 1950-12-2 is not the number 1151950122); a text of one value as method ①
 * first. A problem says what the box expected.
 */
export const parseSearchText = (input: string): Result<SearchText> => {
  // The box holds the values searched, 検索値 (GLOSSARY.md).
  const field = "searchValues";
  if (normalizeCode(input) === "") {
    return fail(field, "required", SEARCH_REQUIRED);
  }
  const dates = splitDates(input);
  const several = normalizeCode(input).split(SEARCH_SEPARATORS).length > 1;
  if (dates && several) {
    const r = parseDatesSearch(dates);
    if (r.ok) {
      return r as Result<SearchText>;
    }
    return insuredNoText(input) ?? r;
  }
  const insured = insuredNoText(input);
  if (insured) {
    return insured;
  }
  if (dates) {
    return parseDatesSearch(dates) as Result<SearchText>;
  }
  const digits = normalizeIdentifier(input);
  if (/^\d+$/.test(digits)) {
    return fail(field, "length", searchLength(digits.length));
  }
  return fail(field, "format", SEARCH_FORMAT);
};

/** The box's text for a search, as a clerk would type it (shown again after the page reloads). */
export const searchTextOf = (q: SearchText): string =>
  q.method === "insuredNo"
    ? (q.insuredNo ?? q.insuredNoLast6)
    : `${q.applicationDateMMDD} ${q.birthDateYMD}`;
