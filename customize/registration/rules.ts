/**
 * 事業所利用登録: 事業所番号 (check digit; a lookup of 事業所マスタ), 事業所電話番号, メールアドレス,
 * 担当者氏名 in 全角カナ (half-width converted, spaces removed), from domain/.
 */
import { parseEmail } from "../../domain/email.ts";
import { parseKanaName } from "../../domain/kana.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import { parsePhone } from "../../domain/phone.ts";
import {
  parseFields,
  type FieldCodeOf,
  type FieldParser,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

type Code = FieldCodeOf<kintone.types.Registration>;

const PARSERS: Partial<Record<Code, FieldParser>> = {
  officeNo: { parse: (s) => parseOfficeNo(s, "officeNo") },
  officePhone: { parse: (s) => parsePhone(s, "officePhone") },
  // Empty once an idle account was suspended (its address deleted); checked when given.
  email: { parse: (s) => parseEmail(s, "email"), optional: true },
  staffNameKana: { parse: (s) => parseKanaName(s, "staffNameKana") },
};

export const registrationRules = (record: FormRecord): RuleOutcome => ({
  ...parseFields(record, PARSERS),
  derived: [],
});

export const registrationForm: FormSpec = {
  inputs: Object.keys(PARSERS),
  lookups: ["officeNo"] satisfies Code[],
  rules: registrationRules,
};
