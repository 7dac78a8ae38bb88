import { isPrefectureCode, modulus10Weight21 } from "./checkDigit.ts";
import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { disallowedChars, normalizeIdentifier, quoteChars } from "./text.ts";

/**
 * 介護保険事業所番号 (10 characters): 都道府県番号 (2) + 事業所区分 (1) + 郡市区番号 (2) +
 * 事業所番号 (4) + 検証番号 (1). Only 事業所区分 may be a letter: upper case, never I, O or Q.
 * The check digit is モジュラス10 ウェイト2-1分割 with letters read as A=10 … Z=32.
 * Source: 厚生労働省「介護予防・日常生活支援総合事業における事業所番号の考え方について」
 * (details: domain/README.md#事業所番号).
 */
export const OFFICE_NO_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

/** 事業所区分 as the 厚生労働省 table names them. */
export const officeCategories: Readonly<Record<string, string>> = {
  "0": "地域包括支援センター・総合事業（経過措置）",
  "1": "医科",
  "3": "歯科",
  "5": "介護老人保健施設",
  "6": "訪問看護",
  "7": "指定事業所",
  "8": "基準該当事業所",
  "9": "地域密着型サービス事業所",
  A: "介護予防・日常生活支援総合事業",
};

const charValue = (c: string): number =>
  /[0-9]/.test(c) ? Number(c) : 10 + OFFICE_NO_LETTERS.indexOf(c);

/** The check digit for the first nine characters of a 事業所番号 (assumed well-formed). */
export const officeNoCheckDigit = (first9: string): number =>
  modulus10Weight21([...first9].map(charValue));

export const normalizeOfficeNo = normalizeIdentifier;

const CATEGORY_CHAR = new RegExp(`^[0-9${OFFICE_NO_LETTERS}]$`);

export const parseOfficeNo = (
  input: string,
  field = "officeNo",
): Result<string> => {
  const label = labelOf(field);
  const no = normalizeOfficeNo(input);
  if (no === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const head = no.slice(0, 2);
  const category = no.slice(2, 3);
  const tail = no.slice(3);
  if (/^[IOQ]$/.test(category)) {
    return fail(
      field,
      "characters",
      `${label}の3桁目（事業所区分）に「${category}」は使えません（I・O・Qは使われません）。数字の1・0と間違えていないかお確かめください。`,
    );
  }
  const bad = [
    ...disallowedChars(head, /^[0-9]$/),
    ...disallowedChars(category, CATEGORY_CHAR),
    ...disallowedChars(tail, /^[0-9]$/),
  ];
  if (bad.length > 0) {
    return fail(
      field,
      "characters",
      `${label}は10桁の数字で入力してください（3桁目の事業所区分のみ英字可）。使えない文字：${quoteChars(bad)}`,
    );
  }
  if (no.length !== 10) {
    return fail(
      field,
      "length",
      `${label}は10桁で入力してください（入力は${no.length}桁）。`,
    );
  }
  if (!isPrefectureCode(head)) {
    return fail(
      field,
      "format",
      `${label}の先頭2桁（都道府県番号）は01〜47です（入力：${head}）。`,
    );
  }
  if (officeNoCheckDigit(no.slice(0, 9)) !== Number(no.charAt(9))) {
    return fail(
      field,
      "checkDigit",
      `${label}が正しくありません（末尾の検証番号が合いません）。指定通知書などで番号をお確かめください。`,
    );
  }
  return ok(no);
};

/** The 事業所区分 of a valid 事業所番号, by name; undefined for a category the table lacks. */
export const officeCategoryOf = (officeNo: string): string | undefined =>
  officeCategories[normalizeOfficeNo(officeNo).charAt(2)];
