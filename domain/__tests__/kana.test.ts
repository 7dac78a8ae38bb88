import fc from "fast-check";
import { normalizeKanaName, parseKanaName } from "../kana.ts";

describe("parseKanaName", () => {
  it("accepts a full-width katakana name", () => {
    expect(parseKanaName("ヤマダタロウ")).toEqual({
      ok: true,
      value: "ヤマダタロウ",
    });
  });
  it("removes the spaces between family and given name, as the Kanagawa guide asks", () => {
    expect(parseKanaName("ヤマダ　タロウ")).toEqual({
      ok: true,
      value: "ヤマダタロウ",
    });
    expect(parseKanaName(" ヤマダ タロウ ")).toEqual({
      ok: true,
      value: "ヤマダタロウ",
    });
  });
  it("converts half-width katakana and hiragana", () => {
    expect(parseKanaName("ﾔﾏﾀﾞ ﾀﾛｳ")).toEqual({
      ok: true,
      value: "ヤマダタロウ",
    });
    expect(parseKanaName("すずき はなこ")).toEqual({
      ok: true,
      value: "スズキハナコ",
    });
  });
  it("allows the long-vowel mark, ヴ and small kana", () => {
    expect(parseKanaName("ヴィクトリアーッ")).toEqual({
      ok: true,
      value: "ヴィクトリアーッ",
    });
  });
  it("does not allow the middle dot or other punctuation", () => {
    expect(parseKanaName("ジョン・スミス")).toMatchObject({
      ok: false,
      problems: [
        { code: "characters", message: expect.stringContaining("「・」") },
      ],
    });
  });
  it("reads a hyphen after katakana as the long-vowel mark", () => {
    expect(parseKanaName("コ-ヒ-")).toEqual({ ok: true, value: "コーヒー" });
  });
  it("names the characters that are not katakana", () => {
    const r = parseKanaName("山田タロウ");
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          field: "staffNameKana",
          code: "characters",
          severity: "error",
          message:
            "担当者氏名（全角カナ）は全角カタカナで入力してください。使えない文字：「山」「田」",
        },
      ],
    });
  });
  it("asks for a value when only spaces were typed", () => {
    expect(parseKanaName("　 ")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "required",
          message: "担当者氏名（全角カナ）を入力してください。",
        },
      ],
    });
  });
  it("limits the length", () => {
    expect(parseKanaName("ア".repeat(101))).toMatchObject({
      ok: false,
      problems: [{ code: "length" }],
    });
  });
  it("addresses the problem to the field it is given", () => {
    expect(parseKanaName("abc", "corporationNameKana")).toMatchObject({
      ok: false,
      problems: [{ field: "corporationNameKana" }],
    });
  });
  it("normalizes idempotently", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        expect(normalizeKanaName(normalizeKanaName(s))).toBe(
          normalizeKanaName(s),
        );
      }),
    );
  });
});
