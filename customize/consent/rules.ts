/**
 * 同意: 被保険者番号 (normalized), 提出事業所番号 (optional, check digit), and checkConsent — the
 * 代理人 fields, a provider's staff never 代理人, 撤回日 and 受付日 not before 同意日 — from domain/.
 */
import { checkConsent } from "../../domain/consent.ts";
import { parseInsuredNo } from "../../domain/insuredNo.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import type { Problem } from "../../domain/problem.ts";
import {
  textOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

export const consentRules = (record: FormRecord): RuleOutcome => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  const insured = parseInsuredNo(textOf(record, "insuredNo"));
  if (insured.ok) {
    values.insuredNo = insured.value;
  } else {
    problems.push(...insured.problems);
  }
  const office = textOf(record, "submittingOfficeNo");
  if (office.trim() !== "") {
    const parsed = parseOfficeNo(office, "submittingOfficeNo");
    if (parsed.ok) {
      values.submittingOfficeNo = parsed.value;
    } else {
      problems.push(...parsed.problems);
    }
  }
  problems.push(
    ...checkConsent({
      consentDate: textOf(record, "consentDate"),
      consenter: textOf(record, "consenter"),
      proxyName: textOf(record, "proxyName"),
      proxyRelation: textOf(record, "proxyRelation"),
      receivedDate: textOf(record, "receivedDate"),
      consentWithdrawalDate: textOf(record, "consentWithdrawalDate"),
    }),
  );
  return { problems, values, derived: [] };
};

export const consentForm: FormSpec = {
  inputs: [
    "insuredNo",
    "submittingOfficeNo",
    "consentDate",
    "consenter",
    "proxyName",
    "proxyRelation",
    "receivedDate",
    "consentWithdrawalDate",
  ],
  rules: consentRules,
};
