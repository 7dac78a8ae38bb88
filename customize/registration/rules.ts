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
  type FieldCodeOf,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

type Code = FieldCodeOf<kintone.types.Registration>;

/** A field's text, by a code the app has. */
const text = (record: FormRecord, code: Code): string => textOf(record, code);

const PARSERS: Partial<Record<Code, (input: string) => Result<string>>> = {
  officeNo: (s) => parseOfficeNo(s, "officeNo"),
  officePhone: (s) => parsePhone(s, "officePhone"),
  email: (s) => parseEmail(s, "email"),
  staffNameKana: (s) => parseKanaName(s, "staffNameKana"),
};

export const registrationRules = (record: FormRecord): RuleOutcome => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  for (const [code, parse] of Object.entries(PARSERS) as Array<
    [Code, (input: string) => Result<string>]
  >) {
    const result = parse(text(record, code));
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
  lookups: ["officeNo"] satisfies Code[],
  rules: registrationRules,
};
