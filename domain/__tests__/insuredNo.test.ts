import fc from "fast-check";
import {
  insuredNoLast6,
  normalizeInsuredNo,
  parseInsuredNo,
} from "../insuredNo.ts";

describe("parseInsuredNo", () => {
  it.each([
    ["0000012345", "0000012345"],
    ["H000012345", "H000012345"],
    ["h000012345", "H000012345"],
    ["０００００１２３４５", "0000012345"],
    ["00000-12345", "0000012345"],
    [" 00000 12345 ", "0000012345"],
  ])("accepts %j as %s", (input, expected) => {
    expect(parseInsuredNo(input)).toEqual({ ok: true, value: expected });
  });

  it("asks for a value when empty", () => {
    expect(parseInsuredNo("")).toEqual({
      ok: false,
      problems: [
        {
          field: "insuredNo",
          code: "required",
          message: "被保険者番号を入力してください。",
          severity: "error",
        },
      ],
    });
  });

  it("says how many digits were typed", () => {
    expect(parseInsuredNo("12345")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "length",
          message: "被保険者番号は10桁で入力してください（入力は5桁）。",
        },
      ],
    });
  });

  it("allows H only in the first place", () => {
    expect(parseInsuredNo("0H00012345")).toMatchObject({
      ok: false,
      problems: [
        { code: "characters", message: expect.stringContaining("「H」") },
      ],
    });
    expect(parseInsuredNo("X000012345")).toMatchObject({
      ok: false,
      problems: [
        { code: "characters", message: expect.stringContaining("「X」") },
      ],
    });
  });

  it("accepts every 10-character value of the pattern and nothing longer", () => {
    const body = fc.string({
      unit: fc.constantFrom(..."0123456789"),
      minLength: 9,
      maxLength: 9,
    });
    fc.assert(
      fc.property(fc.constantFrom(..."0123456789H"), body, (first, rest) => {
        expect(parseInsuredNo(first + rest)).toEqual({
          ok: true,
          value: first + rest,
        });
        expect(parseInsuredNo(`${first + rest}0`)).toMatchObject({ ok: false });
      }),
    );
  });
});

describe("insuredNoLast6", () => {
  it("is the last six digits", () => {
    expect(insuredNoLast6("H000123456")).toBe("123456");
    expect(insuredNoLast6("０００００１２３４５")).toBe("012345");
  });
});

describe("normalizeInsuredNo", () => {
  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(normalizeInsuredNo(normalizeInsuredNo(s))).toBe(
          normalizeInsuredNo(s),
        );
      }),
    );
  });
});
