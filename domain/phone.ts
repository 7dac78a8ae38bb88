import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { disallowedChars, normalizeCode, quoteChars } from "./text.ts";

/**
 * A Japanese phone number as people write it: with or without hyphens, in brackets
 * (046(235)4953), full-width, or with the country code (+81 46 235 4953).
 * Returns the number with hyphens unified; numbers typed without hyphens are grouped
 * where the grouping is fixed (mobile, IP, toll-free), and left as digits otherwise,
 * because a landline's area-code length cannot be told from the digits alone.
 */
export const normalizePhone = (s: string): string =>
  normalizeCode(s)
    .replace(/^\+81[\s-]*\(?0?\)?/, "0")
    .replace(/[\s()]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");

const ELEVEN_DIGIT_PREFIX = /^(?:0[5789]0|020|0800)/;

const group = (digits: string): string => {
  if (/^0120/.test(digits) && digits.length === 10) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  }
  if (/^0800/.test(digits) && digits.length === 11) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  }
  if (digits.length === 11) {
    return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  }
  return digits;
};

export const parsePhone = (
  input: string,
  field = "officePhone",
): Result<string> => {
  const label = labelOf(field);
  const phone = normalizePhone(input);
  if (phone === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  const bad = disallowedChars(phone, /^[0-9-]$/);
  if (bad.length > 0) {
    return fail(
      field,
      "characters",
      `${label}は数字とハイフンで入力してください。使えない文字：${quoteChars(bad)}`,
    );
  }
  const digits = phone.replace(/-/g, "");
  const expected = ELEVEN_DIGIT_PREFIX.test(digits) ? 11 : 10;
  if (!/^0[1-9]/.test(digits) || digits.length !== expected) {
    return fail(
      field,
      "format",
      `${label}は0から始まる10桁（携帯電話・IP電話は11桁）で入力してください（入力は${digits.length}桁）。`,
    );
  }
  return ok(phone.includes("-") ? phone : group(digits));
};
