import { derivedValues, planImport, type Values } from "../plan.ts";
import type { ValidRow } from "../validate.ts";

const valid = (values: Values, line = 2): ValidRow => ({ line, values });

const ROW: Values = {
  applicationNo: "A1",
  insuredNo: "9999912345",
  birthDate: "1950-01-02",
  applicationDate: "2026-10-01",
  applicationType: "新規",
  surveyScheduledDate: "2026-10-08",
  surveyReceivedDate: "",
};

const stored = (extra: Values = {}): Values => ({
  ...ROW,
  stage: "認定調査",
  insuredNoLast6: "912345",
  applicationDateMMDD: "1001",
  birthDateYMD: "19500102",
  ...extra,
});

describe("derivedValues", () => {
  it("fills 進捗 and the three search keys", () => {
    expect(derivedValues(ROW)).toEqual({
      stage: "認定調査",
      insuredNoLast6: "912345",
      applicationDateMMDD: "1001",
      birthDateYMD: "19500102",
    });
  });
});

describe("planImport", () => {
  it("adds a missing record whole, with the key as updateKey only", () => {
    const plan = planImport([valid(ROW)], new Map());
    expect(plan).toMatchObject({ added: 1, changed: 0, unchanged: 0 });
    expect(plan.upserts).toEqual([
      {
        line: 2,
        applicationNo: "A1",
        kind: "add",
        record: {
          insuredNo: "9999912345",
          birthDate: "1950-01-02",
          applicationDate: "2026-10-01",
          applicationType: "新規",
          surveyScheduledDate: "2026-10-08",
          surveyReceivedDate: "",
          stage: "認定調査",
          insuredNoLast6: "912345",
          applicationDateMMDD: "1001",
          birthDateYMD: "19500102",
        },
      },
    ]);
  });

  it("leaves an equal record alone", () => {
    const plan = planImport([valid(ROW)], new Map([["A1", stored()]]));
    expect(plan).toEqual({ upserts: [], added: 0, changed: 0, unchanged: 1 });
  });

  it("writes only the fields that differ, 進捗 included", () => {
    const plan = planImport(
      [valid({ ...ROW, surveyReceivedDate: "2026-10-20" })],
      new Map([["A1", stored()]]),
    );
    expect(plan.upserts).toEqual([
      {
        line: 2,
        applicationNo: "A1",
        kind: "change",
        record: { surveyReceivedDate: "2026-10-20", stage: "主治医意見書" },
      },
    ]);
  });

  it("derives 進捗 with kintone's value of a field the mapping leaves out", () => {
    const { surveyScheduledDate: _s, surveyReceivedDate: _r, ...partial } = ROW;
    const plan = planImport(
      [valid(partial)],
      new Map([
        ["A1", stored({ withdrawalDate: "2026-10-05", stage: "認定調査" })],
      ]),
    );
    expect(plan.upserts[0]?.record).toEqual({ stage: "取下げ" });
  });
});
