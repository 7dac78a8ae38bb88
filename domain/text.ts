/**
 * Width and kana normalization for what people type on Japanese keyboards and phones.
 * Every function here is idempotent: normalizing twice gives what normalizing once gave.
 */

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const HALF_WIDTH_KATAKANA_RUN = /[\uFF61-\uFF9F]+/g;

/** Full-width ASCII letters, digits and symbols to half-width; the ideographic space to a space. */
export const toHalfWidthAscii = (s: string): string =>
  s
    .replace(FULL_WIDTH_ASCII, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/\u3000/g, " ");

/**
 * Half-width katakana (ｶﾞｷﾞ) to full-width (ガギ), joining voiced and semi-voiced marks.
 * A mark that cannot join becomes the spacing mark (゛ ゜) instead of a combining one.
 */
export const toFullWidthKatakana = (s: string): string =>
  s.replace(HALF_WIDTH_KATAKANA_RUN, (run) =>
    run
      .normalize("NFKC")
      .replace(/\u3099/g, "\u309B")
      .replace(/\u309A/g, "\u309C"),
  );

/** Hiragana (ぁ–ゖ, ゝゞ) to katakana (ァ–ヶ, ヽヾ). */
export const hiraganaToKatakana = (s: string): string =>
  s.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) + 0x60),
  );

/** The general normalization for free text: widths, katakana, runs of white space, trimming. */
export const normalizeText = (s: string): string =>
  toFullWidthKatakana(toHalfWidthAscii(s)).replace(/\s+/g, " ").trim();

/** Hyphens, dashes and minus signs people type between digits. */
const DASHES =
  /[\u002D\u2010-\u2015\u2212\u30FC\uFF0D\uFF70\u2500\u2501\uFE63]/g;

/** Normalization for numbers and codes: half-width, dashes unified to "-", trimmed. */
export const normalizeCode = (s: string): string =>
  toHalfWidthAscii(s).replace(DASHES, "-").trim();

/** Digits-and-letters identifier: half-width, upper case, without spaces or dashes. */
export const normalizeIdentifier = (s: string): string =>
  normalizeCode(s).toUpperCase().replace(/[\s-]/g, "");

/** The distinct characters of `s` that `allowed` rejects, in order of appearance. */
export const disallowedChars = (s: string, allowed: RegExp): string[] => {
  const seen: string[] = [];
  for (const c of s) {
    if (!allowed.test(c) && !seen.includes(c)) {
      seen.push(c);
    }
  }
  return seen;
};

/** Quote characters for a message: 「a」「b」 (at most three, then …). */
export const quoteChars = (chars: readonly string[]): string => {
  const shown = chars.slice(0, 3).map((c) => (/\s/.test(c) ? "空白" : c));
  return (
    shown.map((c) => `「${c}」`).join("") + (chars.length > 3 ? "など" : "")
  );
};

/**
 * Characters that make a spreadsheet read a cell as a formula when they come first: = + - @ and
 * their full-width forms (Excel's Japanese input turns them into formulas too), tab and CR.
 */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/;

/**
 * Text that anyone could type (an address, a browser's name), made safe to open in a
 * spreadsheet: a leading formula character gets an apostrophe before it, which spreadsheets
 * read as "this is text" and do not show. Idempotent.
 */
export const neutralizeFormula = (s: string): string =>
  FORMULA_START.test(s) ? `'${s}` : s;
