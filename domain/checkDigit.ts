/**
 * モジュラス10 ウェイト2-1分割: from the rightmost value leftwards, weights 2, 1, 2, 1, …;
 * a two-digit product counts as the sum of its digits (64 → 6 + 4); the check digit is
 * 10 − (sum mod 10), or 0 when the sum ends in 0. Used by 保険者番号 and, with letters read
 * as numbers, by 事業所番号.
 */
export const modulus10Weight21 = (values: readonly number[]): number => {
  let sum = 0;
  values.forEach((value, i) => {
    const weight = (values.length - 1 - i) % 2 === 0 ? 2 : 1;
    const product = value * weight;
    sum += Math.floor(product / 10) + (product % 10);
  });
  return (10 - (sum % 10)) % 10;
};

/** 都道府県番号: JIS X 0401, 01 北海道 … 47 沖縄県. */
export const isPrefectureCode = (two: string): boolean =>
  /^\d{2}$/.test(two) && Number(two) >= 1 && Number(two) <= 47;
