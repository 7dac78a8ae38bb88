/**
 * 同意: 被保険者番号 (normalized), 提出事業所番号 (optional, check digit), and checkConsent — the
 * 代理人 fields, a provider's staff never 代理人, 撤回日 and 受付日 not before 同意日 — from domain/.
 */
import { checkConsent } from "../../domain/consent.ts";
import { parseInsuredNo } from "../../domain/insuredNo.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import {
  parseFields,
  textOf,
  type FieldCodeOf,
  type FieldParser,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

type Code = FieldCodeOf<kintone.types.Consent>;

/** A field's text, by a code the app has. */
const text = (record: FormRecord, code: Code): string => textOf(record, code);

export const consentRules = (record: FormRecord): RuleOutcome => {
  const { problems, values } = parseFields(record, {
    insuredNo: { parse: parseInsuredNo },
    submittingOfficeNo: {
      parse: (s) => parseOfficeNo(s, "submittingOfficeNo"),
      optional: true,
    },
  } satisfies Partial<Record<Code, FieldParser>>);
  problems.push(
    ...checkConsent({
      consentDate: text(record, "consentDate"),
      consenter: text(record, "consenter"),
      proxyName: text(record, "proxyName"),
      proxyRelation: text(record, "proxyRelation"),
      receivedDate: text(record, "receivedDate"),
      consentWithdrawalDate: text(record, "consentWithdrawalDate"),
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
  ] satisfies Code[],
  rules: consentRules,
};
