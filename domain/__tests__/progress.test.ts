import {
  checkProgressDates,
  dayOfReachingAge,
  stageOf,
  type ProgressDates,
  progressDerived,
} from "../progress.ts";

const base: ProgressDates = {
  applicationDate: "2026-01-05",
  birthDate: "1950-01-02",
};

describe("stageOf", () => {
  it.each<[string, ProgressDates, string]>([
    ["nothing but the application", base, "received"],
    [
      "empty strings and nulls as kintone sends them",
      { ...base, surveyDate: "", committeeDate: null },
      "received",
    ],
    [
      "a survey scheduled",
      { ...base, surveyScheduledDate: "2026-01-15" },
      "survey",
    ],
    ["a survey done", { ...base, surveyDate: "2026-01-15" }, "survey"],
    [
      "an opinion requested only",
      { ...base, doctorOpinionRequestDate: "2026-01-06" },
      "received",
    ],
    [
      "the survey sheet received",
      { ...base, surveyDate: "2026-01-15", surveyReceivedDate: "2026-01-20" },
      "doctorOpinion",
    ],
    [
      "both documents received",
      {
        ...base,
        surveyReceivedDate: "2026-01-20",
        doctorOpinionReceivedDate: "2026-01-22",
      },
      "committee",
    ],
    [
      "an opinion received before the survey sheet",
      {
        ...base,
        surveyDate: "2026-01-15",
        doctorOpinionReceivedDate: "2026-01-10",
      },
      "survey",
    ],
    [
      "certified",
      {
        ...base,
        surveyReceivedDate: "2026-01-20",
        certificationDate: "2026-02-10",
      },
      "certified",
    ],
    [
      "withdrawn, whatever else is set",
      {
        ...base,
        certificationDate: "2026-02-10",
        withdrawalDate: "2026-01-20",
      },
      "withdrawn",
    ],
  ])("is right for %s", (_, record, stage) => {
    expect(stageOf(record)).toBe(stage);
  });
});

describe("dayOfReachingAge", () => {
  it("is the day before the birthday (年齢計算ニ関スル法律)", () => {
    expect(dayOfReachingAge("1986-01-06", 40)).toBe("2026-01-05");
    expect(dayOfReachingAge("1986-01-01", 40)).toBe("2025-12-31");
  });
  it("is 28 February for someone born on 29 February", () => {
    expect(dayOfReachingAge("1988-02-29", 40)).toBe("2028-02-28");
    expect(dayOfReachingAge("1987-02-28", 40)).toBe("2027-02-27");
    expect(dayOfReachingAge("1988-02-29", 38)).toBe("2026-02-28");
  });
});

describe("checkProgressDates", () => {
  it("finds nothing wrong in a consistent record", () => {
    expect(
      checkProgressDates({
        ...base,
        surveyScheduledDate: "2026-01-14",
        surveyDate: "2026-01-15",
        surveyReceivedDate: "2026-01-20",
        doctorOpinionRequestDate: "2026-01-05",
        doctorOpinionReceivedDate: "2026-01-25",
        committeeScheduledDate: "2026-02-03",
        committeeDate: "2026-02-03",
        certificationDate: "2026-02-04",
        careLevel: "要介護1",
        validFrom: "2026-01-05",
        validTo: "2026-07-31",
      }),
    ).toEqual([]);
  });

  it("puts a date before 申請日 on that date's field, as an error", () => {
    expect(checkProgressDates({ ...base, surveyDate: "2026-01-04" })).toEqual([
      {
        field: "surveyDate",
        code: "order",
        severity: "error",
        message:
          "認定調査実施日（2026-01-04）が申請日（2026-01-05）より前です。日付をお確かめください。",
      },
    ]);
  });

  it("only warns when an 主治医意見書 precedes the application (allowed since the 2025 reform)", () => {
    expect(
      checkProgressDates({ ...base, doctorOpinionRequestDate: "2025-12-20" }),
    ).toEqual([
      expect.objectContaining({
        field: "doctorOpinionRequestDate",
        severity: "warning",
        code: "order",
      }),
    ]);
  });

  it("requires 認定日 to follow every step", () => {
    const problems = checkProgressDates({
      ...base,
      committeeDate: "2026-02-10",
      certificationDate: "2026-02-09",
      careLevel: "要支援1",
    });
    expect(problems).toEqual([
      expect.objectContaining({
        field: "certificationDate",
        severity: "error",
        message:
          "認定日（2026-02-09）が審査会開催日（二次判定日）（2026-02-10）より前です。日付をお確かめください。",
      }),
    ]);
  });

  it("requires the committee to meet after both documents are received", () => {
    const problems = checkProgressDates({
      ...base,
      surveyReceivedDate: "2026-01-20",
      doctorOpinionReceivedDate: "2026-02-05",
      committeeDate: "2026-02-03",
    });
    expect(problems.map((p) => [p.field, p.severity])).toEqual([
      ["committeeDate", "error"],
    ]);
  });

  it("warns about a scheduled date left after certification", () => {
    const problems = checkProgressDates({
      ...base,
      committeeScheduledDate: "2026-02-20",
      certificationDate: "2026-02-10",
      careLevel: "非該当",
    });
    expect(problems.map((p) => [p.field, p.severity])).toEqual([
      ["certificationDate", "warning"],
    ]);
  });

  it("checks the order inside each step and of the validity period", () => {
    const problems = checkProgressDates({
      ...base,
      surveyDate: "2026-01-20",
      surveyReceivedDate: "2026-01-15",
      doctorOpinionRequestDate: "2026-01-10",
      doctorOpinionReceivedDate: "2026-01-08",
      validFrom: "2026-02-01",
      validTo: "2026-01-31",
    });
    expect(problems.map((p) => p.field)).toEqual([
      "surveyReceivedDate",
      "doctorOpinionReceivedDate",
      "validTo",
    ]);
  });

  it("asks for 認定日 and 要介護状態区分 together", () => {
    expect(checkProgressDates({ ...base, careLevel: "要介護2" })).toEqual([
      expect.objectContaining({
        field: "certificationDate",
        code: "inconsistent",
      }),
    ]);
    expect(
      checkProgressDates({ ...base, certificationDate: "2026-02-10" }),
    ).toEqual([
      expect.objectContaining({ field: "careLevel", code: "inconsistent" }),
    ]);
  });

  it("refuses a record both withdrawn and certified", () => {
    const problems = checkProgressDates({
      ...base,
      withdrawalDate: "2026-01-20",
      certificationDate: "2026-02-10",
      careLevel: "要介護1",
    });
    expect(problems).toEqual([
      expect.objectContaining({
        field: "withdrawalDate",
        code: "inconsistent",
      }),
    ]);
  });

  it("requires the person to be 40 on 申請日, counting ages as the law does", () => {
    expect(
      checkProgressDates({
        applicationDate: "2026-01-05",
        birthDate: "1986-01-06",
      }),
    ).toEqual([]);
    expect(
      checkProgressDates({
        applicationDate: "2026-01-04",
        birthDate: "1986-01-06",
      }),
    ).toEqual([
      {
        field: "birthDate",
        code: "age",
        severity: "error",
        message:
          "申請日（2026-01-04（令和8年1月4日））に40歳未満になる生年月日です（1986-01-06（昭和61年1月6日））。生年月日と申請日をお確かめください。",
      },
    ]);
  });

  it("reports a malformed date instead of comparing it", () => {
    expect(checkProgressDates({ ...base, surveyDate: "2026/01/20" })).toEqual([
      expect.objectContaining({ field: "surveyDate", code: "format" }),
    ]);
  });
});

describe("progressDerived", () => {
  test("gives 進捗's label and the search keys; a missing source leaves its key empty", () => {
    expect(
      progressDerived({
        insuredNo: "0001234567",
        applicationDate: "2026-01-05",
        birthDate: "1950-01-02",
        certificationDate: "2026-02-10",
      }),
    ).toEqual({
      stage: "認定済",
      insuredNoLast6: "234567",
      applicationDateMMDD: "0105",
      birthDateYMD: "19500102",
    });
    expect(progressDerived({})).toEqual({
      stage: "申請受付",
      insuredNoLast6: "",
      applicationDateMMDD: "",
      birthDateYMD: "",
    });
  });
});
