import type { FormRecord } from "../../lib/rules.ts";
import { registrationForm, registrationRules } from "../rules.ts";

const rec = (over: Record<string, string> = {}): FormRecord =>
  Object.fromEntries(
    Object.entries({
      officeNo: "1370000000",
      officePhone: "046-235-4953",
      email: "care@example.jp",
      staffNameKana: "デモタロウ",
      ...over,
    }).map(([k, v]) => [k, { value: v }]),
  );

describe("registrationRules", () => {
  it("accepts a valid registration as it is", () => {
    const outcome = registrationRules(rec());
    expect(outcome.problems).toEqual([]);
    expect(outcome.values).toEqual({
      officeNo: "1370000000",
      officePhone: "046-235-4953",
      email: "care@example.jp",
      staffNameKana: "デモタロウ",
    });
    expect(outcome.derived).toEqual([]);
  });

  it("converts half-width kana and hiragana to 全角カナ and removes spaces", () => {
    expect(
      registrationRules(rec({ staffNameKana: "ﾃﾞﾓ ﾀﾛｳ" })).values.staffNameKana,
    ).toBe("デモタロウ");
    expect(
      registrationRules(rec({ staffNameKana: "でも　はなこ" })).values
        .staffNameKana,
    ).toBe("デモハナコ");
  });

  it("normalizes email and phone", () => {
    const { values } = registrationRules(
      rec({ email: "Care@EXAMPLE.JP ", officePhone: "０９０１２３４５６７８" }),
    );
    expect(values.email).toBe("Care@example.jp");
    expect(values.officePhone).toBe("090-1234-5678");
  });

  it("puts each problem on its field", () => {
    const outcome = registrationRules(
      rec({
        officeNo: "1370000001",
        officePhone: "12345",
        email: "care.example.jp",
        staffNameKana: "山田",
      }),
    );
    expect(outcome.problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      "officeNo:checkDigit",
      "officePhone:format",
      "email:format",
      "staffNameKana:characters",
    ]);
    expect(outcome.problems[0]?.message).toContain("検証番号");
  });

  it("treats 事業所番号 as the lookup it is", () => {
    expect(registrationForm.lookups).toEqual(["officeNo"]);
  });
});
