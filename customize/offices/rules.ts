/** 事業所マスタ: 事業所番号 (check digit) and 電話番号 (optional), from domain/. */
import { parseOfficeNo } from "../../domain/officeNo.ts";
import { parsePhone } from "../../domain/phone.ts";
import type { Problem } from "../../domain/problem.ts";
import {
  textOf,
  type FieldCodeOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

type Code = FieldCodeOf<kintone.types.Offices>;

/** A field's text, by a code the app has. */
const text = (record: FormRecord, code: Code): string => textOf(record, code);

export const officesRules = (record: FormRecord): RuleOutcome => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  const office = parseOfficeNo(text(record, "officeNo"), "officeNo");
  if (office.ok) {
    values.officeNo = office.value;
  } else {
    problems.push(...office.problems);
  }
  const phone = text(record, "phone");
  if (phone.trim() !== "") {
    const parsed = parsePhone(phone, "phone");
    if (parsed.ok) {
      values.phone = parsed.value;
    } else {
      problems.push(...parsed.problems);
    }
  }
  return { problems, values, derived: [] };
};

export const officesForm: FormSpec = {
  inputs: ["officeNo", "phone"] satisfies Code[],
  rules: officesRules,
};
