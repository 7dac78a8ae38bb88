import { error, hasNoErrors, problemsOf, warning } from "../problem.ts";
import {
  applicationTypes,
  careLevels,
  codeNameOf,
  labelsOf,
  parseApplicationType,
  parseCareLevel,
  stages,
} from "../codes.ts";

describe("申請区分", () => {
  it("lists the five kinds with the national codes", () => {
    expect(labelsOf(applicationTypes)).toEqual([
      "新規",
      "更新",
      "区分変更",
      "職権",
      "転入",
    ]);
    expect(Object.values(applicationTypes).map((t) => t.code)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
  });
  it.each([
    ["新規", "new"],
    ["1", "new"],
    ["１", "new"],
    ["新規申請", "new"],
    ["更新", "renewal"],
    ["区変", "change"],
    ["区分変更申請", "change"],
    ["4", "exOfficio"],
    ["転入", "transferIn"],
    [" 5 ", "transferIn"],
  ])("reads %j as %s", (input, name) => {
    expect(parseApplicationType(input)).toEqual({ ok: true, value: name });
  });
  it("rejects an unknown value and lists what is allowed", () => {
    expect(parseApplicationType("6")).toEqual({
      ok: false,
      problems: [
        {
          field: "applicationType",
          code: "unknownCode",
          severity: "error",
          message:
            "申請区分「6」は使えません。新規・更新・区分変更・職権・転入、またはコード1〜5で入力してください。",
        },
      ],
    });
  });
  it.each(["valueOf", "constructor", "toString", "__proto__"])(
    "rejects %j (a name every object has) as an unknown value",
    (input) => {
      expect(parseApplicationType(input)).toMatchObject({
        ok: false,
        problems: [{ code: "unknownCode" }],
      });
      expect(parseCareLevel(input)).toMatchObject({ ok: false });
    },
  );
  it("asks for a choice when empty", () => {
    expect(parseApplicationType("")).toMatchObject({
      ok: false,
      problems: [{ code: "required", message: "申請区分を選んでください。" }],
    });
  });
});

describe("要介護状態区分", () => {
  it("reads labels, full-width digits and codes", () => {
    expect(parseCareLevel("要介護１")).toEqual({ ok: true, value: "care1" });
    expect(parseCareLevel("非該当")).toEqual({
      ok: true,
      value: "notApplicable",
    });
    expect(parseCareLevel("13")).toEqual({ ok: true, value: "support2" });
    expect(parseCareLevel("25")).toEqual({ ok: true, value: "care5" });
  });
  it("rejects what is not on the list", () => {
    expect(parseCareLevel("要介護6")).toMatchObject({
      ok: false,
      problems: [{ code: "unknownCode" }],
    });
  });
  it("has eight levels", () => {
    expect(labelsOf(careLevels)).toHaveLength(8);
  });
});

describe("codeNameOf", () => {
  it("finds the code name of a label", () => {
    expect(codeNameOf(stages, "審査会")).toBe("committee");
    expect(codeNameOf(stages, "不明")).toBeUndefined();
  });
});

describe("problems", () => {
  it("count as blocking only when one is an error", () => {
    const w = warning("surveyDate", "order", "注意");
    const e = error("surveyDate", "order", "誤り");
    expect(hasNoErrors([w])).toBe(true);
    expect(hasNoErrors([w, e])).toBe(false);
    expect(problemsOf(parseCareLevel("要介護1"))).toEqual([]);
    expect(problemsOf(parseCareLevel("x"))).toHaveLength(1);
  });
});
