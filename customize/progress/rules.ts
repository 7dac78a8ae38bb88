/**
 * 認定進捗: 被保険者番号 (full-width accepted, normalized), 担当事業所番号 (check digit), the
 * date-order rules, and the derived search keys and 進捗, from domain/.
 */
import { stages } from "../../domain/codes.ts";
import { parseInsuredNo } from "../../domain/insuredNo.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import type { Problem } from "../../domain/problem.ts";
import {
  checkProgressDates,
  stageOf,
  type ProgressDates,
} from "../../domain/progress.ts";
import { searchKeysOf } from "../../domain/searchKeys.ts";
import {
  textOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

const DATE_FIELDS = [
  "applicationDate",
  "birthDate",
  "surveyScheduledDate",
  "surveyDate",
  "surveyReceivedDate",
  "doctorOpinionRequestDate",
  "doctorOpinionReceivedDate",
  "committeeScheduledDate",
  "committeeDate",
  "certificationDate",
  "validFrom",
  "validTo",
  "withdrawalDate",
] as const;

/** Filled in from the other fields, never typed. */
export const PROGRESS_DERIVED = [
  "insuredNoLast6",
  "applicationDateMMDD",
  "birthDateYMD",
  "stage",
] as const;

export const progressRules = (record: FormRecord): RuleOutcome => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  const insured = parseInsuredNo(textOf(record, "insuredNo"));
  if (insured.ok) {
    values.insuredNo = insured.value;
  } else {
    problems.push(...insured.problems);
  }
  const office = textOf(record, "assignedOfficeNo");
  if (office.trim() !== "") {
    const parsed = parseOfficeNo(office, "assignedOfficeNo");
    if (parsed.ok) {
      values.assignedOfficeNo = parsed.value;
    } else {
      problems.push(...parsed.problems);
    }
  }
  const dates: ProgressDates = { careLevel: textOf(record, "careLevel") };
  for (const code of DATE_FIELDS) {
    dates[code] = textOf(record, code);
  }
  problems.push(...checkProgressDates(dates));
  const keys = searchKeysOf({
    insuredNo: insured.ok ? insured.value : "",
    applicationDate: textOf(record, "applicationDate"),
    birthDate: textOf(record, "birthDate"),
  });
  return {
    problems,
    values: { ...values, ...keys, stage: stages[stageOf(dates)].label },
    derived: PROGRESS_DERIVED,
  };
};

export const progressForm: FormSpec = {
  inputs: ["insuredNo", "assignedOfficeNo", "careLevel", ...DATE_FIELDS],
  rules: progressRules,
};
