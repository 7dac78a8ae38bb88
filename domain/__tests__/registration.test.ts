import fc from "fast-check";
import {
  applicationConflict,
  officeMayRegister,
  parseRegistrationApplication,
} from "../registration.ts";

const VALID = {
  requestType: "new",
  officeNo: "1470000009",
  officePhone: "046-200-0000",
  staffNameKana: "カイゴタロウ",
  pledge: "yes",
};

describe("parseRegistrationApplication", () => {
  it("normalizes what people type: full-width numbers, hiragana and half-width kana, spaces", () => {
    expect(
      parseRegistrationApplication({
        ...VALID,
        officeNo: "１４７００００００９",
        staffNameKana: "かいご　ﾀﾛｳ",
      }),
    ).toEqual({
      ok: true,
      value: {
        requestType: "new",
        officeNo: "1470000009",
        officePhone: "046-200-0000",
        staffNameKana: "カイゴタロウ",
      },
    });
  });

  it("gives every problem at once, each on its field", () => {
    const r = parseRegistrationApplication({ officeNo: "1470000001" });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => [p.field, p.code])).toEqual([
      ["registrationRequestType", "required"],
      ["officeNo", "checkDigit"],
      ["officePhone", "required"],
      ["staffNameKana", "required"],
      ["pledge", "required"],
    ]);
  });

  it("never throws, and accepts only values its field rules accept (fuzzed)", () => {
    fc.assert(
      fc.property(
        fc.record({
          requestType: fc.string({ maxLength: 8 }),
          officeNo: fc.string({ maxLength: 20 }),
          officePhone: fc.string({ maxLength: 20 }),
          staffNameKana: fc.string({ unit: "grapheme", maxLength: 20 }),
          pledge: fc.constantFrom("yes", "", undefined),
        }),
        (input) => {
          const r = parseRegistrationApplication(input);
          if (r.ok) {
            expect(r.value.officeNo).toMatch(/^\d{2}[0-9A-Z]\d{7}$/);
            expect(r.value.staffNameKana).not.toMatch(/\s/);
            expect(input.pledge).toBe("yes");
          } else {
            expect(r.problems.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe("applicationConflict", () => {
  const states = (...s: string[]) => s.map((status) => ({ status }));

  it("lets an address apply anew once its registrations are 利用停止, 却下 or 差戻し", () => {
    expect(applicationConflict("new", [])).toBeNull();
    expect(
      applicationConflict("new", states("利用停止", "却下", "差戻し")),
    ).toBeNull();
  });

  it("refuses a second 新規 while one is 申請中, 審査中 or 利用中", () => {
    for (const s of ["申請中", "審査中", "利用中"]) {
      expect(applicationConflict("new", states(s))).toEqual(expect.any(String));
    }
  });

  it("takes 変更 and 廃止 only for an address in use, one application at a time", () => {
    for (const type of ["change", "cancel"] as const) {
      expect(applicationConflict(type, states("利用中"))).toBeNull();
      expect(applicationConflict(type, states("利用停止"))).toContain("新規");
      expect(applicationConflict(type, states("利用中", "申請中"))).toContain(
        "審査中の申請",
      );
    }
  });
});

it("only offices marked 対象 may register", () => {
  expect(officeMayRegister("対象")).toBe(true);
  expect(officeMayRegister("対象外")).toBe(false);
  expect(officeMayRegister(undefined)).toBe(false);
});
