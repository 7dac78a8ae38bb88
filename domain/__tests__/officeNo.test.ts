import fc from "fast-check";
import { modulus10Weight21 } from "../checkDigit.ts";
import {
  OFFICE_NO_LETTERS,
  officeCategoryOf,
  officeNoCheckDigit,
  parseOfficeNo,
} from "../officeNo.ts";

/**
 * Real 事業所番号 as published by the offices or their operators.
 * - 1671700183: 在宅介護支援センター おあしす新川 (居宅介護支援), and
 *   1601700030: 入善町地域包括支援センター — GitHub oasisniikawa/oasis2024,
 *   content/kyotaku/overview.md and content/houkatsu/overview.md.
 * - 2670500137: 公益財団法人ソーシャルサービス協会京都事業所 — http://hp.kaipoke.biz/h0z/free2.html
 * - 12A8600011: 総合事業 number of リンクスヘルパーステーションいすみ (保険者 122382) — GitHub
 *   kt-group1165/honobono_caremanager, migrations/seed_sample_sougou_g.mjs.
 */
const published = [
  ["1671700183", "指定事業所"],
  ["1601700030", "地域包括支援センター・総合事業（経過措置）"],
  ["2670500137", "指定事業所"],
  ["12A8600011", "介護予防・日常生活支援総合事業"],
] as const;

describe("parseOfficeNo on published numbers", () => {
  it.each(published)("accepts %s (%s)", (no, category) => {
    expect(parseOfficeNo(no)).toEqual({ ok: true, value: no });
    expect(officeCategoryOf(no)).toBe(category);
  });

  it("accepts them typed in full width, lower case or with hyphens", () => {
    expect(parseOfficeNo("１６７１７００１８３")).toEqual({
      ok: true,
      value: "1671700183",
    });
    expect(parseOfficeNo("12a86-00011")).toEqual({
      ok: true,
      value: "12A8600011",
    });
  });
});

describe("the check digit", () => {
  it("follows the worked example of the 厚生労働省 rule", () => {
    // 1 2 A 8 6 0 0 0 1 with weights 2 1 2 1 2 1 2 1 2 (from the right):
    // 2 + 2 + (20 → 2+0) + 8 + (12 → 1+2) + 0 + 0 + 0 + 2 = 19 → 10 − 9 = 1
    expect(officeNoCheckDigit("12A860001")).toBe(1);
  });
  it("is 0 when the sum ends in 0", () => {
    // 1 × 1 + (9 × 2 = 18 → 1 + 8) = 10
    expect(modulus10Weight21([1, 9])).toBe(0);
  });
  it("rejects a wrong check digit with a message that says what to do", () => {
    expect(parseOfficeNo("1671700184")).toEqual({
      ok: false,
      problems: [
        {
          field: "officeNo",
          code: "checkDigit",
          severity: "error",
          message:
            "事業所番号が正しくありません（末尾の検証番号が合いません）。指定通知書などで番号をお確かめください。",
        },
      ],
    });
  });
});

describe("parseOfficeNo on malformed input", () => {
  it.each([
    ["", "required"],
    ["167170018", "length"],
    ["16717001833", "length"],
    ["1671700I83", "characters"],
    ["A671700183", "characters"],
    ["12O8600011", "characters"],
    ["4871700183", "format"],
    ["0071700183", "format"],
  ])("rejects %j with %s", (input, code) => {
    expect(parseOfficeNo(input)).toMatchObject({
      ok: false,
      problems: [{ code }],
    });
  });
  it("explains that I, O and Q are never used", () => {
    expect(parseOfficeNo("12Q8600011")).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining("I・O・Qは使われません") }],
    });
  });
});

const digit = fc.constantFrom(..."0123456789");
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(""));
const prefecture = fc
  .integer({ min: 1, max: 47 })
  .map((n) => String(n).padStart(2, "0"));
const category = fc.constantFrom(..."0123456789", ...OFFICE_NO_LETTERS);
const validOfficeNo = fc
  .tuple(prefecture, category, digits(6))
  .map(([p, c, rest]) => {
    const first9 = p + c + rest;
    return first9 + String(officeNoCheckDigit(first9));
  });

/** What a letter or digit adds to the sum in the 事業所区分 place (weight 2), mod 10. */
const categoryContribution = (c: string): number => {
  const value = /\d/.test(c) ? Number(c) : 10 + OFFICE_NO_LETTERS.indexOf(c);
  const product = value * 2;
  return (Math.floor(product / 10) + (product % 10)) % 10;
};

describe("every generated 事業所番号", () => {
  it("passes", () => {
    fc.assert(
      fc.property(validOfficeNo, (no) => {
        expect(parseOfficeNo(no)).toEqual({ ok: true, value: no });
      }),
    );
  });

  /**
   * Changing one character is always caught, with one exception the scheme cannot detect:
   * in the 事業所区分 place (3rd), where letters are allowed, two characters that add the same
   * to the sum pass each other's check digit. With weight 2, the classes (mod 10) are:
   *   0: 0 E P Z   1: 5 K V   2: 1 A R   3: 6 F W   4: 2 B L   5: 7 G S
   *   6: 3 C M X   7: 8 H T   8: 4 D N Y   9: 9 J U
   * e.g. 1471… and 14G1… share a check digit. Digits alone are never confused.
   */
  it("fails when any one character is changed, except same-class 事業所区分 swaps", () => {
    const alphabet = [..."0123456789", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
    fc.assert(
      fc.property(
        validOfficeNo,
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...alphabet),
        (no, place, replacement) => {
          fc.pre(no.charAt(place) !== replacement);
          const changed =
            no.slice(0, place) + replacement + no.slice(place + 1);
          const undetectable =
            place === 2 &&
            (/^\d$/.test(replacement) ||
              OFFICE_NO_LETTERS.includes(replacement)) &&
            categoryContribution(replacement) ===
              categoryContribution(no.charAt(2));
          expect(parseOfficeNo(changed).ok).toBe(undetectable);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("has exactly the documented classes of undetectable 事業所区分 swaps", () => {
    const classes = new Map<number, string>();
    for (const c of [..."0123456789", ...OFFICE_NO_LETTERS]) {
      const k = categoryContribution(c);
      classes.set(k, (classes.get(k) ?? "") + c);
    }
    expect(Object.fromEntries(classes)).toEqual({
      0: "0EPZ",
      1: "5KV",
      2: "1AR",
      3: "6FW",
      4: "2BL",
      5: "7GS",
      6: "3CMX",
      7: "8HT",
      8: "4DNY",
      9: "9JU",
    });
  });
});
