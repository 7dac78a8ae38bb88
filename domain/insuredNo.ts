import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { disallowedChars, normalizeIdentifier, quoteChars } from "./text.ts";

/**
 * 被保険者番号: 10 characters, digits, or "H" then 9 digits for みなし2号 (40–64 year-olds on
 * public assistance without health insurance). Numbering is per 保険者 and has no national
 * check digit, so none is checked.
 */
export const INSURED_NO = /^[0-9H][0-9]{9}$/;

export const normalizeInsuredNo = normalizeIdentifier;

export const parseInsuredNo = (
  input: string,
  field = "insuredNo",
): Result<string> => {
  const label = labelOf(field);
  const no = normalizeInsuredNo(input);
  if (no === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const bad = disallowedChars(no.slice(0, 1), /^[0-9H]$/).concat(
    disallowedChars(no.slice(1), /^[0-9]$/),
  );
  if (bad.length > 0) {
    return fail(
      field,
      "characters",
      `${label}は数字10桁で入力してください（みなし2号の方は先頭が「H」）。使えない文字：${quoteChars(bad)}`,
    );
  }
  if (no.length !== 10) {
    return fail(
      field,
      "length",
      `${label}は10桁で入力してください（入力は${no.length}桁）。`,
    );
  }
  return ok(no);
};

/** 被保険者番号 下6桁: the search key of method ①. */
export const insuredNoLast6 = (insuredNo: string): string =>
  normalizeInsuredNo(insuredNo).slice(-6);
