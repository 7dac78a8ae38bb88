import type { FormRecord } from "../../lib/rules.ts";
import { officesRules } from "../rules.ts";

const rec = (over: Record<string, string> = {}): FormRecord =>
  Object.fromEntries(
    Object.entries({
      officeNo: "1370000000",
      officeName: "デモ居宅",
      phone: "",
      ...over,
    }).map(([k, v]) => [k, { value: v }]),
  );

describe("officesRules", () => {
  it("accepts a valid office, a phone being optional", () => {
    expect(officesRules(rec())).toEqual({
      problems: [],
      values: { officeNo: "1370000000" },
      derived: [],
    });
  });

  it("normalizes a full-width 事業所番号 and a phone", () => {
    expect(
      officesRules(
        rec({ officeNo: "１３７０００００００", phone: "046(235)4953" }),
      ).values,
    ).toEqual({
      officeNo: "1370000000",
      phone: "046-235-4953",
    });
  });

  it("refuses a wrong check digit and a bad phone at their fields", () => {
    expect(
      officesRules(rec({ officeNo: "1370000001", phone: "abc" })).problems.map(
        (p) => `${p.field}:${p.code}`,
      ),
    ).toEqual(["officeNo:checkDigit", "phone:characters"]);
  });

  it("asks for 事業所番号 (shown on submit only, see applyOutcome)", () => {
    expect(officesRules(rec({ officeNo: "" })).problems[0]).toMatchObject({
      field: "officeNo",
      code: "required",
    });
  });
});
