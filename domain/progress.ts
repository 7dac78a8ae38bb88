import { stages, type Stage } from "./codes.ts";
import {
  addDays,
  addYears,
  compareDates,
  isIsoDate,
  type IsoDate,
} from "./date.ts";
import { labelOf } from "./fields.ts";
import { error, warning, type Problem, type Severity } from "./problem.ts";
import { searchKeysOf, type SearchKeys } from "./searchKeys.ts";
import { formatWareki } from "./wareki.ts";

/** The dated facts of one 要介護認定 application (認定進捗). Empty dates are null, "" or absent. */
export interface ProgressDates {
  applicationDate?: IsoDate | null;
  birthDate?: IsoDate | null;
  surveyScheduledDate?: IsoDate | null;
  surveyDate?: IsoDate | null;
  surveyReceivedDate?: IsoDate | null;
  doctorOpinionRequestDate?: IsoDate | null;
  doctorOpinionReceivedDate?: IsoDate | null;
  committeeScheduledDate?: IsoDate | null;
  committeeDate?: IsoDate | null;
  certificationDate?: IsoDate | null;
  validFrom?: IsoDate | null;
  validTo?: IsoDate | null;
  withdrawalDate?: IsoDate | null;
  careLevel?: string | null;
}

type DateField = Exclude<keyof ProgressDates, "careLevel">;

/** The dates of an application's steps, in their order (birthDate and the validity left out). */
export const STEP_DATE_FIELDS = [
  "applicationDate",
  "surveyScheduledDate",
  "surveyDate",
  "surveyReceivedDate",
  "doctorOpinionRequestDate",
  "doctorOpinionReceivedDate",
  "committeeScheduledDate",
  "committeeDate",
  "certificationDate",
  "withdrawalDate",
] as const satisfies readonly DateField[];

/** Every date of a 認定進捗 record: the steps', 生年月日 and the validity period. */
export const PROGRESS_DATE_FIELDS = [
  ...STEP_DATE_FIELDS,
  "birthDate",
  "validFrom",
  "validTo",
] as const satisfies readonly DateField[];

/** The step dates of a record, read by field code ("" or absent: no date). */
export const stepDatesOf = (
  read: (field: (typeof STEP_DATE_FIELDS)[number]) => string,
): ProgressDates =>
  Object.fromEntries(STEP_DATE_FIELDS.map((f) => [f, read(f) || null]));

const has = (v: string | null | undefined): v is string =>
  typeof v === "string" && v !== "";

/**
 * 進捗 from the dates, the earliest step not yet done:
 *
 * | stage        | when                                                          |
 * |--------------|---------------------------------------------------------------|
 * | 取下げ       | 取下げ日 is set                                               |
 * | 認定済       | 認定日 is set                                                 |
 * | 審査会       | 調査票 and 主治医意見書 are both received                      |
 * | 主治医意見書 | 調査票 is received, 意見書 is not                              |
 * | 認定調査     | the survey is scheduled or done, its 調査票 not yet received   |
 * | 申請受付     | nothing of the above                                          |
 */
export const stageOf = (r: ProgressDates): Stage => {
  if (has(r.withdrawalDate)) {
    return "withdrawn";
  }
  if (has(r.certificationDate)) {
    return "certified";
  }
  if (has(r.surveyReceivedDate)) {
    return has(r.doctorOpinionReceivedDate) ? "committee" : "doctorOpinion";
  }
  if (has(r.surveyScheduledDate) || has(r.surveyDate)) {
    return "survey";
  }
  return "received";
};

/**
 * The fields of a 認定進捗 record nobody types: 進捗 (its label, from the dates) and the search
 * keys. The form, the import and the demo data all derive them here.
 */
export const progressDerived = (
  r: ProgressDates & { insuredNo?: string | null },
): SearchKeys & { stage: string } => ({
  stage: stages[stageOf(r)].label,
  ...searchKeysOf({
    insuredNo: r.insuredNo ?? "",
    ...(r.applicationDate ? { applicationDate: r.applicationDate } : {}),
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
  }),
});

/**
 * The day a person born on `birthDate` reaches `age`. Under 年齢計算ニ関スル法律 a person
 * reaches an age at the end of the day before the birthday, so 介護保険 membership at 40
 * (第2号被保険者) starts on that day; for a 29 February birthday it is 28 February.
 */
export const dayOfReachingAge = (birthDate: IsoDate, age: number): IsoDate =>
  addDays(addYears(birthDate, age), -1);

interface OrderRule {
  /** The field that must not be earlier. */
  later: DateField;
  earlier: DateField;
  severity: Severity;
  /** Why, for the documentation of the rule. */
  reason: string;
}

const afterApplication = (
  later: DateField,
  severity: Severity = "error",
): OrderRule => ({
  later,
  earlier: "applicationDate",
  severity,
  reason: "every step follows the application",
});

/**
 * Date-order rules (申請日 ≤ 調査・意見書・審査会の日付 ≤ 認定日), plus the order inside each
 * step. Errors block saving; warnings are shown but allow it.
 * 主治医意見書 dates before 申請日 are warnings: since the 2025 reform an 意見書 may be obtained
 * before the application and submitted with it. Scheduled dates after 認定日 are warnings:
 * a plan that was overtaken is not wrong data.
 */
export const progressOrderRules: readonly OrderRule[] = [
  afterApplication("surveyScheduledDate"),
  afterApplication("surveyDate"),
  afterApplication("surveyReceivedDate"),
  afterApplication("doctorOpinionRequestDate", "warning"),
  afterApplication("doctorOpinionReceivedDate", "warning"),
  afterApplication("committeeScheduledDate"),
  afterApplication("committeeDate"),
  afterApplication("certificationDate"),
  afterApplication("withdrawalDate"),
  {
    later: "surveyReceivedDate",
    earlier: "surveyDate",
    severity: "error",
    reason: "a survey sheet is received after the survey",
  },
  {
    later: "doctorOpinionReceivedDate",
    earlier: "doctorOpinionRequestDate",
    severity: "error",
    reason: "an opinion is received after it was requested",
  },
  {
    later: "committeeDate",
    earlier: "surveyReceivedDate",
    severity: "error",
    reason: "the committee judges the received survey sheet",
  },
  {
    later: "committeeDate",
    earlier: "doctorOpinionReceivedDate",
    severity: "error",
    reason: "the committee judges the received opinion",
  },
  ...(
    [
      "surveyDate",
      "surveyReceivedDate",
      "doctorOpinionRequestDate",
      "doctorOpinionReceivedDate",
      "committeeDate",
    ] as const
  ).map((earlier): OrderRule => ({
    later: "certificationDate",
    earlier,
    severity: "error",
    reason: "certification comes last",
  })),
  ...(["surveyScheduledDate", "committeeScheduledDate"] as const).map(
    (earlier): OrderRule => ({
      later: "certificationDate",
      earlier,
      severity: "warning",
      reason: "a scheduled date after certification is an overtaken plan",
    }),
  ),
  {
    later: "validTo",
    earlier: "validFrom",
    severity: "error",
    reason: "a validity period ends after it starts",
  },
];

const shown = (iso: string): string => `${iso}（${formatWareki(iso)}）`;

const make = (severity: Severity) => (severity === "error" ? error : warning);

/**
 * The problems of a progress record's dates, each on the field to correct: the order rules
 * above; 認定日 and 要介護状態区分 given together; not both withdrawn and certified; the person
 * 40 or older on 申請日 (介護保険 covers no one younger).
 */
export const checkProgressDates = (r: ProgressDates): Problem[] => {
  const problems: Problem[] = [];
  const invalid = new Set<DateField>();
  for (const [field, value] of Object.entries(r) as Array<
    [keyof ProgressDates, unknown]
  >) {
    if (field !== "careLevel" && has(value as string) && !isIsoDate(value)) {
      invalid.add(field);
      problems.push(
        error(
          field,
          "format",
          `${labelOf(field)}は日付（例：2026-01-05）で入力してください。`,
        ),
      );
    }
  }
  const dateOf = (f: DateField): string | undefined => {
    const v = r[f];
    return has(v) && !invalid.has(f) ? v : undefined;
  };
  for (const rule of progressOrderRules) {
    const later = dateOf(rule.later);
    const earlier = dateOf(rule.earlier);
    if (later && earlier && compareDates(later, earlier) < 0) {
      problems.push(
        make(rule.severity)(
          rule.later,
          "order",
          `${labelOf(rule.later)}（${later}）が${labelOf(rule.earlier)}（${earlier}）より前です。日付をお確かめください。`,
        ),
      );
    }
  }
  if (has(r.careLevel) && !has(r.certificationDate)) {
    problems.push(
      error(
        "certificationDate",
        "inconsistent",
        "要介護状態区分があるときは認定日も入力してください。",
      ),
    );
  }
  if (has(r.certificationDate) && !has(r.careLevel)) {
    problems.push(
      error(
        "careLevel",
        "inconsistent",
        "認定日があるときは要介護状態区分も入力してください。",
      ),
    );
  }
  if (has(r.withdrawalDate) && has(r.certificationDate)) {
    problems.push(
      error(
        "withdrawalDate",
        "inconsistent",
        "取下げ日と認定日の両方が入力されています。取下げなら認定日を、認定済なら取下げ日を消してください。",
      ),
    );
  }
  const birth = dateOf("birthDate");
  const applied = dateOf("applicationDate");
  if (
    birth &&
    applied &&
    compareDates(applied, dayOfReachingAge(birth, 40)) < 0
  ) {
    problems.push(
      error(
        "birthDate",
        "age",
        `申請日（${shown(applied)}）に40歳未満になる生年月日です（${shown(birth)}）。生年月日と申請日をお確かめください。`,
      ),
    );
  }
  return problems;
};
