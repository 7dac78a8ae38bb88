import fc from "fast-check";
import { stageOf, type ProgressDates } from "../progress.ts";
import { stepsOf, type Step } from "../steps.ts";

const summary = (steps: Step[]): string[] =>
  steps.map((s) => `${s.label}:${s.status}${s.current ? "*" : ""}`);

describe("an application as its steps", () => {
  it.each<[string, ProgressDates, string[]]>([
    [
      "just received",
      { applicationDate: "2026-10-01" },
      [
        "申請受付:済*",
        "認定調査:未",
        "主治医意見書:未",
        "審査会:未",
        "認定:未",
      ],
    ],
    [
      "survey scheduled, opinion requested",
      {
        applicationDate: "2026-10-01",
        surveyScheduledDate: "2026-10-10",
        doctorOpinionRequestDate: "2026-10-02",
      },
      [
        "申請受付:済",
        "認定調査:予定*",
        "主治医意見書:依頼中",
        "審査会:未",
        "認定:未",
      ],
    ],
    [
      "surveyed, its sheet not yet received",
      {
        applicationDate: "2026-10-01",
        surveyScheduledDate: "2026-10-10",
        surveyDate: "2026-10-10",
      },
      [
        "申請受付:済",
        "認定調査:実施済（調査票待ち）*",
        "主治医意見書:未",
        "審査会:未",
        "認定:未",
      ],
    ],
    [
      "waiting for the doctor's opinion",
      {
        applicationDate: "2026-10-01",
        surveyReceivedDate: "2026-10-12",
        doctorOpinionRequestDate: "2026-10-02",
      },
      [
        "申請受付:済",
        "認定調査:済",
        "主治医意見書:依頼中*",
        "審査会:未",
        "認定:未",
      ],
    ],
    [
      "committee scheduled",
      {
        applicationDate: "2026-10-01",
        surveyReceivedDate: "2026-10-12",
        doctorOpinionReceivedDate: "2026-10-15",
        committeeScheduledDate: "2026-10-28",
      },
      [
        "申請受付:済",
        "認定調査:済",
        "主治医意見書:済",
        "審査会:予定*",
        "認定:未",
      ],
    ],
    [
      "certified (its committee done even without the date)",
      {
        applicationDate: "2026-10-01",
        surveyReceivedDate: "2026-10-12",
        doctorOpinionReceivedDate: "2026-10-15",
        committeeScheduledDate: "2026-10-28",
        certificationDate: "2026-10-29",
      },
      [
        "申請受付:済",
        "認定調査:済",
        "主治医意見書:済",
        "審査会:済",
        "認定:済*",
      ],
    ],
    [
      "withdrawn after the survey",
      {
        applicationDate: "2026-10-01",
        surveyReceivedDate: "2026-10-12",
        withdrawalDate: "2026-10-20",
      },
      [
        "申請受付:済",
        "認定調査:済",
        "主治医意見書:未",
        "審査会:未",
        "認定:取下げ*",
      ],
    ],
  ])("%s", (_name, dates, expected) => {
    expect(summary(stepsOf(dates))).toEqual(expected);
  });

  const day = fc.option(
    fc
      .date({
        min: new Date("2020-01-01T00:00:00Z"),
        max: new Date("2030-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    { nil: null },
  );
  const record = fc.record({
    applicationDate: day,
    surveyScheduledDate: day,
    surveyDate: day,
    surveyReceivedDate: day,
    doctorOpinionRequestDate: day,
    doctorOpinionReceivedDate: day,
    committeeScheduledDate: day,
    committeeDate: day,
    certificationDate: day,
    withdrawalDate: day,
  });

  it("marks exactly one step as current, the one 進捗 names, and 申請受付 is always done", () => {
    fc.assert(
      fc.property(record, (r) => {
        const steps = stepsOf(r);
        const current = steps.filter((s) => s.current);
        expect(steps.map((s) => s.label)).toEqual([
          "申請受付",
          "認定調査",
          "主治医意見書",
          "審査会",
          "認定",
        ]);
        expect(current).toHaveLength(1);
        expect(steps[0]?.state).toBe("done");
        const stage = stageOf(r);
        const expected =
          stage === "certified" || stage === "withdrawn"
            ? "certification"
            : stage;
        expect(current[0]?.key).toBe(expected);
      }),
    );
  });

  it("shows an open application's steps before the current one as done and 認定 as not yet", () => {
    fc.assert(
      fc.property(record, (r) => {
        fc.pre(stageOf(r) !== "certified" && stageOf(r) !== "withdrawn");
        const steps = stepsOf(r);
        const at = steps.findIndex((s) => s.current);
        expect(steps.slice(0, at).map((s) => s.state)).toEqual(
          steps.slice(0, at).map(() => "done"),
        );
        expect(steps[4]?.state).toBe("notYet");
      }),
    );
  });
});
