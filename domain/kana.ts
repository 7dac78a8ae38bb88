import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import {
  disallowedChars,
  hiraganaToKatakana,
  quoteChars,
  toFullWidthKatakana,
  toHalfWidthAscii,
} from "./text.ts";

/** Full-width katakana (small kana, ヴ and ヷ–ヺ included) and the long-vowel mark ー. */
const KANA_NAME_CHAR = /^[\u30A1-\u30FA\u30FC]$/;
/** A dash typed after katakana is meant as the long-vowel mark (コ-ヒ- → コーヒー). */
const DASH_AFTER_KANA =
  /(?<=[\u30A1-\u30FA\u30FC])[-\u2010-\u2015\u2212\uFF0D]/g;

/**
 * A name in 全角カナ as the registration form asks: half-width katakana and hiragana become
 * full-width katakana, and the spaces between family and given name are removed
 * ("文字の間にスペースを入れないでください": Kanagawa guide, docs/sources.md#kanagawa).
 */
export const normalizeKanaName = (s: string): string =>
  hiraganaToKatakana(toFullWidthKatakana(toHalfWidthAscii(s)))
    .replace(/\s+/g, "")
    .replace(DASH_AFTER_KANA, "ー");

export const parseKanaName = (
  input: string,
  field = "staffNameKana",
): Result<string> => {
  const label = labelOf(field);
  const name = normalizeKanaName(input);
  if (name === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const bad = disallowedChars(name, KANA_NAME_CHAR);
  if (bad.length > 0) {
    return fail(
      field,
      "characters",
      `${label}は全角カタカナで入力してください。使えない文字：${quoteChars(bad)}`,
    );
  }
  if (name.length > 100) {
    return fail(field, "length", `${label}は100文字以内で入力してください。`);
  }
  return ok(name);
};
