import { isPrefectureCode, modulus10Weight21 } from "./checkDigit.ts";
import { labelOf } from "./fields.ts";
import { fail, ok, type Result } from "./problem.ts";
import { normalizeIdentifier } from "./text.ts";

/**
 * 介護保険の保険者番号 (6 digits): 都道府県番号 (2) + 保険者別番号 (3) + 検証番号 (1), the check digit
 * computed as in 厚生労働省「保険者番号設定要領」 (モジュラス10 ウェイト2-1分割).
 * Example: 海老名市 142158, 千代田区 131011.
 */
export const insurerNoCheckDigit = (first5: string): number =>
  modulus10Weight21([...first5].map(Number));

export const parseInsurerNo = (
  input: string,
  field = "insurerNo",
): Result<string> => {
  const label = labelOf(field);
  const no = normalizeIdentifier(input);
  if (no === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  if (!/^\d+$/.test(no)) {
    return fail(field, "characters", `${label}は数字6桁で入力してください。`);
  }
  if (no.length !== 6) {
    return fail(
      field,
      "length",
      `${label}は6桁で入力してください（入力は${no.length}桁）。`,
    );
  }
  if (!isPrefectureCode(no.slice(0, 2))) {
    return fail(
      field,
      "format",
      `${label}の先頭2桁（都道府県番号）は01〜47です。`,
    );
  }
  if (insurerNoCheckDigit(no.slice(0, 5)) !== Number(no.charAt(5))) {
    return fail(
      field,
      "checkDigit",
      `${label}が正しくありません（末尾の検証番号が合いません）。番号をお確かめください。`,
    );
  }
  return ok(no);
};
