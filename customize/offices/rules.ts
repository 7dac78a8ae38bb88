/** 事業所マスタ: 事業所番号 (check digit) and 電話番号 (optional), from domain/. */
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

type Code = FieldCodeOf<kintone.types.Offices>;

export const officesRules = (record: FormRecord): RuleOutcome => ({
  ...parseFields(record, {
    officeNo: { parse: (s) => parseOfficeNo(s, "officeNo") },
    phone: { parse: (s) => parsePhone(s, "phone"), optional: true },
  } satisfies Partial<Record<Code, FieldParser>>),
  derived: [],
});

export const officesForm: FormSpec = {
  inputs: ["officeNo", "phone"] satisfies Code[],
  rules: officesRules,
};
