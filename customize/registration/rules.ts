/**
 * 事業所利用登録: 事業所番号 (check digit; a lookup of 事業所マスタ), 事業所電話番号, メールアドレス,
 * 担当者氏名 in 全角カナ (half-width converted, spaces removed), from domain/.
 */
import { parseEmail } from "../../domain/email.ts";
import { parseKanaName } from "../../domain/kana.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import { parsePhone } from "../../domain/phone.ts";
import type { Problem, Result } from "../../domain/problem.ts";
import {
  textOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

const PARSERS: Record<string, (input: string) => Result<string>> = {
  officeNo: (s) => parseOfficeNo(s, "officeNo"),
  officePhone: (s) => parsePhone(s, "officePhone"),
  email: (s) => parseEmail(s, "email"),
  staffNameKana: (s) => parseKanaName(s, "staffNameKana"),
};

export const registrationRules = (record: FormRecord): RuleOutcome => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  for (const [code, parse] of Object.entries(PARSERS)) {
    const result = parse(textOf(record, code));
    if (result.ok) {
      values[code] = result.value;
    } else {
      problems.push(...result.problems);
    }
  }
  return { problems, values, derived: [] };
};

export const registrationForm: FormSpec = {
  inputs: Object.keys(PARSERS),
  lookups: ["officeNo"],
  rules: registrationRules,
};
