import type { FormRecord } from "../../lib/rules.ts";
import { progressForm, progressRules } from "../rules.ts";

const valid = (over: Record<string, string> = {}): FormRecord =>
  Object.fromEntries(
    Object.entries({
      applicationNo: "A-1",
      insuredNo: "0000123456",
      birthDate: "1950-01-02",
      applicationDate: "2026-01-05",
      applicationType: "新規",
      careLevel: "",
      ...over,
    }).map(([k, v]) => [k, { value: v }]),
  );

const errorsOf = (r: FormRecord) =>
  progressRules(r)
    .problems.filter((p) => p.severity === "error")
    .map((p) => `${p.field}:${p.code}`);

describe("progressRules", () => {
  it("derives the search keys and 進捗 of a valid record, with no problem", () => {
    const outcome = progressRules(valid());
    expect(outcome.problems).toEqual([]);
    expect(outcome.values).toEqual({
      insuredNo: "0000123456",
      insuredNoLast6: "123456",
      applicationDateMMDD: "0105",
      birthDateYMD: "19500102",
      stage: "申請受付",
    });
    expect(outcome.derived).toEqual([
      "insuredNoLast6",
      "applicationDateMMDD",
      "birthDateYMD",
      "stage",
    ]);
  });

  it("accepts a full-width 被保険者番号 and writes it half-width", () => {
    expect(
      progressRules(valid({ insuredNo: "０００ ０１２３４５６" })).values,
    ).toMatchObject({
      insuredNo: "0000123456",
      insuredNoLast6: "123456",
    });
  });

  it("refuses a bad 被保険者番号 at its field and derives no key from it", () => {
    const outcome = progressRules(valid({ insuredNo: "12345" }));
    expect(outcome.problems).toEqual([
      expect.objectContaining({
        field: "insuredNo",
        code: "length",
        severity: "error",
        message: "被保険者番号は10桁で入力してください（入力は5桁）。",
      }),
    ]);
    expect(outcome.values.insuredNoLast6).toBe("");
    expect(outcome.values.insuredNo).toBeUndefined();
  });

  it.each([
    [{ surveyDate: "2026-01-10" }, "認定調査"],
    [
      { surveyDate: "2026-01-10", surveyReceivedDate: "2026-01-12" },
      "主治医意見書",
    ],
    [
      {
        surveyReceivedDate: "2026-01-12",
        doctorOpinionReceivedDate: "2026-01-13",
      },
      "審査会",
    ],
    [{ certificationDate: "2026-02-01", careLevel: "要介護2" }, "認定済"],
    [{ withdrawalDate: "2026-01-20" }, "取下げ"],
  ])("puts 進捗 from the dates (%j → %s)", (dates, stage) => {
    expect(progressRules(valid(dates)).values.stage).toBe(stage);
  });

  it("refuses a 調査票受理日 before the 申請日 on that field", () => {
    expect(errorsOf(valid({ surveyReceivedDate: "2020-01-01" }))).toEqual([
      "surveyReceivedDate:order",
    ]);
  });

  it("warns, without an error, of an 意見書 requested before the 申請日", () => {
    const outcome = progressRules(
      valid({ doctorOpinionRequestDate: "2025-12-20" }),
    );
    expect(outcome.problems).toEqual([
      expect.objectContaining({
        field: "doctorOpinionRequestDate",
        severity: "warning",
      }),
    ]);
  });

  it("asks for 要介護状態区分 with 認定日, and checks 担当事業所番号's check digit when given", () => {
    expect(errorsOf(valid({ certificationDate: "2026-02-01" }))).toEqual([
      "careLevel:inconsistent",
    ]);
    expect(errorsOf(valid({ assignedOfficeNo: "1370000001" }))).toEqual([
      "assignedOfficeNo:checkDigit",
    ]);
  });

  it("normalizes a valid 担当事業所番号", () => {
    const outcome = progressRules(
      valid({ assignedOfficeNo: "１３７０００００００" }),
    );
    expect(
      outcome.problems.filter((p) => p.field === "assignedOfficeNo"),
    ).toEqual([]);
  });

  it("runs on the change of every field it reads", () => {
    expect(progressForm.inputs).toEqual(
      expect.arrayContaining([
        "insuredNo",
        "applicationDate",
        "birthDate",
        "certificationDate",
        "careLevel",
      ]),
    );
    expect(progressForm.inputs).not.toContain("stage");
  });
});
