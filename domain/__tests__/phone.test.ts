import fc from "fast-check";
import { normalizePhone, parsePhone } from "../phone.ts";

describe("parsePhone", () => {
  it.each([
    ["046-235-4953", "046-235-4953"],
    ["046(235)4953", "046-235-4953"],
    ["(046)235-4953", "046-235-4953"],
    ["０４６ー２３５ー４９５３", "046-235-4953"],
    ["046 235 4953", "046-235-4953"],
    ["0462354953", "0462354953"],
    ["09012345678", "090-1234-5678"],
    ["090-1234-5678", "090-1234-5678"],
    ["+81 90 1234 5678", "090-1234-5678"],
    ["+81-46-235-4953", "046-235-4953"],
    ["+81(0)46-235-4953", "046-235-4953"],
    ["05012345678", "050-1234-5678"],
    ["0120123456", "0120-123-456"],
    ["08001234567", "0800-123-4567"],
  ])("accepts %s as %s", (input, expected) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "required"],
    ["046-235-495", "format"],
    ["090-1234-567", "format"],
    ["0462354953１2", "format"],
    ["1234567890", "format"],
    ["0012345678", "format"],
    ["046-235-4953 内線12", "characters"],
  ])("rejects %j with %s", (input, code) => {
    expect(parsePhone(input)).toMatchObject({
      ok: false,
      problems: [{ field: "officePhone", code }],
    });
  });

  it("says how many digits were typed", () => {
    expect(parsePhone("046-235-495")).toMatchObject({
      ok: false,
      problems: [
        {
          message:
            "事業所電話番号は0から始まる10桁（携帯電話・IP電話は11桁）で入力してください（入力は9桁）。",
        },
      ],
    });
  });

  it("names the characters it cannot use", () => {
    expect(parsePhone("046-235-4953 内線12")).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining("「内」「線」") }],
    });
  });

  it("normalizes idempotently", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => {
        expect(normalizePhone(normalizePhone(s))).toBe(normalizePhone(s));
      }),
    );
  });

  it("gives the same value when its own output is parsed again", () => {
    const digits = fc.string({
      unit: fc.constantFrom(..."0123456789-０ー ()+"),
      maxLength: 16,
    });
    fc.assert(
      fc.property(digits, (s) => {
        const first = parsePhone(s);
        if (first.ok) {
          expect(parsePhone(first.value)).toEqual(first);
        }
      }),
    );
  });
});
