import fc from "fast-check";
import { emailKey, normalizeEmail, parseEmail } from "../email.ts";

describe("parseEmail", () => {
  it("accepts an ordinary address and lower-cases only the domain", () => {
    expect(parseEmail(" Care.Manager@Example.JP ")).toEqual({
      ok: true,
      value: "Care.Manager@example.jp",
    });
  });
  it("accepts full-width input", () => {
    expect(parseEmail("ｃａｒｅ＠ｅｘａｍｐｌｅ．ｊｐ")).toEqual({
      ok: true,
      value: "care@example.jp",
    });
  });
  it("accepts the dot patterns older Japanese mobile addresses have", () => {
    expect(parseEmail("taro..yamada.@docomo.ne.jp")).toMatchObject({
      ok: true,
    });
  });
  it.each([
    ["", "required", "メールアドレスを入力してください。"],
    ["care example.jp", "characters", "メールアドレスに空白は使えません。"],
    [
      "care.example.jp",
      "format",
      "メールアドレスに「@」がありません。例：care@example.jp",
    ],
    [
      "a@b@example.jp",
      "format",
      "メールアドレスの「@」は1つだけにしてください。",
    ],
    [
      "@example.jp",
      "format",
      "メールアドレスの「@」より前が正しくありません。半角英数字と記号で入力してください。",
    ],
    ["山田@example.jp", "format", expect.stringContaining("「@」より前")],
    [
      "care@example",
      "format",
      "メールアドレスの「@」より後（ドメイン）が正しくありません。例：example.jp",
    ],
    ["care@-example.jp", "format", expect.stringContaining("ドメイン")],
    ["care@example.j", "format", expect.stringContaining("ドメイン")],
    ["care@例え.jp", "format", expect.stringContaining("ドメイン")],
    [
      `${"a".repeat(65)}@example.jp`,
      "format",
      expect.stringContaining("「@」より前"),
    ],
    [
      `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.jp`,
      "length",
      expect.any(String),
    ],
  ])("rejects %j with %s", (input, code, message) => {
    expect(parseEmail(input)).toEqual({
      ok: false,
      problems: [{ field: "email", code, message, severity: "error" }],
    });
  });
  it("accepts a punycode top-level domain", () => {
    expect(parseEmail("info@example.xn--wgv71a")).toMatchObject({ ok: true });
  });
});

describe("emailKey", () => {
  it("compares addresses without regard to case", () => {
    expect(emailKey("Taro@Example.jp")).toBe(emailKey("taro@EXAMPLE.JP"));
  });
});

describe("normalizeEmail", () => {
  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(normalizeEmail(normalizeEmail(s))).toBe(normalizeEmail(s));
      }),
    );
  });
  it("leaves a valid address valid and unchanged when parsed again", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const first = parseEmail(address);
        if (first.ok) {
          expect(parseEmail(first.value)).toEqual(first);
        }
      }),
    );
  });
});
