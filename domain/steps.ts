/**
 * One application as its steps, in the order of the national 介護WEBサービス's 認定審査会進捗:
 * 申請受付, 認定調査, 主治医意見書, 審査会, 認定. Each step has a status read from the record's
 * dates and the dates that tell it. The current step is the one 進捗 (`stageOf`) names.
 */
import { stageOf, type ProgressDates } from "./progress.ts";
import type { Stage } from "./codes.ts";

export type StepKey =
  "received" | "survey" | "doctorOpinion" | "committee" | "certification";

/**
 * What a step's status says:
 * - done: the step is over (済),
 * - waiting: started, its result not yet with the city (依頼中, 実施済（調査票待ち）),
 * - scheduled: a date is set (予定),
 * - notYet: nothing has happened yet (未),
 * - withdrawn: the application was withdrawn (取下げ).
 */
export type StepState =
  "done" | "waiting" | "scheduled" | "notYet" | "withdrawn";

/** A date of a step: the field that holds it and its short name inside the step. */
export interface StepDate {
  field: keyof ProgressDates | "applicationDateMMDD";
  label: string;
}

export interface Step {
  key: StepKey;
  label: string;
  state: StepState;
  /** The status as the care manager reads it: 済, 予定, 依頼中 … */
  status: string;
  /** Whether this is the step 進捗 names. */
  current: boolean;
  /** The dates that belong to this step, in order (a page shows the published ones). */
  dates: readonly StepDate[];
}

/** The words of each state, and the one-line legend under the results. */
export const stepStatusLegend: ReadonlyArray<readonly [string, string]> = [
  ["済", "終わりました"],
  ["予定", "日程が決まっています"],
  ["依頼中・調査票待ち", "市が書類の到着を待っています"],
  ["未", "まだ始まっていません"],
];

const has = (v: string | null | undefined): boolean =>
  typeof v === "string" && v !== "";

const date = (field: StepDate["field"], label: string): StepDate => ({
  field,
  label,
});

const statusText: Record<Exclude<StepState, "waiting">, string> = {
  done: "済",
  scheduled: "予定",
  notYet: "未",
  withdrawn: "取下げ",
};

const step = (
  key: StepKey,
  label: string,
  state: StepState,
  dates: readonly StepDate[],
  waitingText = "",
): Omit<Step, "current"> => ({
  key,
  label,
  state,
  status: state === "waiting" ? waitingText : statusText[state],
  dates,
});

const surveyState = (r: ProgressDates): StepState => {
  if (has(r.surveyReceivedDate)) {
    return "done";
  }
  if (has(r.surveyDate)) {
    return "waiting";
  }
  return has(r.surveyScheduledDate) ? "scheduled" : "notYet";
};

const opinionState = (r: ProgressDates): StepState => {
  if (has(r.doctorOpinionReceivedDate)) {
    return "done";
  }
  return has(r.doctorOpinionRequestDate) ? "waiting" : "notYet";
};

const committeeState = (r: ProgressDates): StepState => {
  if (has(r.committeeDate) || has(r.certificationDate)) {
    return "done";
  }
  return has(r.committeeScheduledDate) ? "scheduled" : "notYet";
};

const certificationState = (r: ProgressDates): StepState => {
  if (has(r.withdrawalDate)) {
    return "withdrawn";
  }
  return has(r.certificationDate) ? "done" : "notYet";
};

/** The step 進捗 names: a withdrawn or certified application ends at 認定. */
const currentStep: Record<Stage, StepKey> = {
  received: "received",
  survey: "survey",
  doctorOpinion: "doctorOpinion",
  committee: "committee",
  certified: "certification",
  withdrawn: "certification",
};

/**
 * The five steps of an application. 申請受付 is always done (the record exists because the city
 * received the application); a certified application's 審査会 counts as done even without its
 * date. A withdrawn application shows 取下げ at its last step and leaves the others as they were.
 */
export const stepsOf = (r: ProgressDates): Step[] => {
  const current = currentStep[stageOf(r)];
  return [
    step("received", "申請受付", "done", [
      date("applicationDateMMDD", "申請日"),
      date("applicationDate", "申請日"),
    ]),
    step(
      "survey",
      "認定調査",
      surveyState(r),
      [
        date("surveyScheduledDate", "予定日"),
        date("surveyDate", "実施日"),
        date("surveyReceivedDate", "調査票受理日"),
      ],
      "実施済（調査票待ち）",
    ),
    step(
      "doctorOpinion",
      "主治医意見書",
      opinionState(r),
      [
        date("doctorOpinionRequestDate", "依頼日"),
        date("doctorOpinionReceivedDate", "受理日"),
      ],
      "依頼中",
    ),
    step("committee", "審査会", committeeState(r), [
      date("committeeScheduledDate", "予定日"),
      date("committeeDate", "開催日"),
    ]),
    step("certification", "認定", certificationState(r), [
      date("certificationDate", "認定日"),
      date("withdrawalDate", "取下げ日"),
    ]),
  ].map((s) => ({ ...s, current: s.key === current }));
};
