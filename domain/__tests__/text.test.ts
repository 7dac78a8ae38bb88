import fc from "fast-check";
import {
  hiraganaToKatakana,
  neutralizeFormula,
  normalizeCode,
  normalizeIdentifier,
  normalizeText,
  toFullWidthKatakana,
  toHalfWidthAscii,
} from "../text.ts";

describe("toHalfWidthAscii", () => {
  it("turns full-width digits, letters and symbols into half-width", () => {
    expect(toHalfWidthAscii("０１２ＡＢｃ＠（）－")).toBe("012ABc@()-");
  });
  it("turns the ideographic space into a space", () => {
    expect(toHalfWidthAscii("山田\u3000太郎")).toBe("山田 太郎");
  });
  it("leaves kana and kanji alone", () => {
    expect(toHalfWidthAscii("カナかな漢字")).toBe("カナかな漢字");
  });
});

describe("toFullWidthKatakana", () => {
  it("turns half-width katakana into full-width, joining voiced marks", () => {
    expect(toFullWidthKatakana("ｶﾞｷﾞｸﾞﾊﾟｳﾞｰ")).toBe("ガギグパヴー");
  });
  it("keeps a voiced mark that cannot join as a spacing mark", () => {
    expect(toFullWidthKatakana("ｱﾞ")).toBe("ア゛");
  });
  it("turns half-width punctuation into its full-width form", () => {
    expect(toFullWidthKatakana("｢ｱ｣､･")).toBe("「ア」、・");
  });
});

describe("hiraganaToKatakana", () => {
  it("turns hiragana, small kana included, into katakana", () => {
    expect(hiraganaToKatakana("やまだ ぁゃゔ")).toBe("ヤマダ ァャヴ");
  });
});

describe("normalizeText", () => {
  it("normalizes widths, collapses white space and trims", () => {
    expect(normalizeText("  ＡＢＣ\u3000ｶｲｺﾞ   センター ")).toBe(
      "ABC カイゴ センター",
    );
  });
});

describe("normalizeCode and normalizeIdentifier", () => {
  it("unify the dashes people type between digits", () => {
    expect(normalizeCode("０４６ー２３５－４９５３")).toBe("046-235-4953");
    expect(normalizeCode("046‐235―4953")).toBe("046-235-4953");
  });
  it("remove spaces and dashes from identifiers and upper-case them", () => {
    expect(normalizeIdentifier(" h12 3456-789０ ")).toBe("H1234567890");
  });
});

describe("normalization is idempotent", () => {
  const anyText = fc.string({ unit: "binary", maxLength: 40 });
  const japaneseText = fc.string({
    unit: fc.constantFrom(
      ..."ｱｶﾞﾊﾟﾞﾟｰ･ｯｧアガぱーＡ０１２ 　-－ー―‐ｰabcXYZ漢字@．",
    ),
    maxLength: 30,
  });
  const normalizers = {
    toHalfWidthAscii,
    toFullWidthKatakana,
    hiraganaToKatakana,
    normalizeText,
    normalizeCode,
    normalizeIdentifier,
  };
  for (const [name, f] of Object.entries(normalizers)) {
    it(`${name}(${name}(s)) === ${name}(s)`, () => {
      fc.assert(
        fc.property(fc.oneof(anyText, japaneseText), (s) => {
          expect(f(f(s))).toBe(f(s));
        }),
      );
    });
  }
});

describe("neutralizeFormula", () => {
  it("puts an apostrophe before a leading formula character", () => {
    for (const typed of [
      "=1+2@example.jp",
      '=HYPERLINK("http://example.jp","x")',
      "+81 45",
      "-2+3",
      "@SUM(A1)",
      "＝１＋２",
      "\t=1",
      "\r=1",
    ]) {
      expect(neutralizeFormula(typed)).toBe(`'${typed}`);
    }
  });

  it("leaves other text alone", () => {
    for (const typed of [
      "care@example.jp",
      "Mozilla/5.0",
      "123456",
      "",
      "a=b",
      "'=1",
    ]) {
      expect(neutralizeFormula(typed)).toBe(typed);
    }
  });

  it("is idempotent and never leaves a formula start", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = neutralizeFormula(s);
        expect(neutralizeFormula(once)).toBe(once);
        expect(/^[=+\-@＝＋－＠\t\r]/.test(once)).toBe(false);
      }),
    );
  });
});
