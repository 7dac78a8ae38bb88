/**
 * 認定進捗: 被保険者番号 (full-width accepted, normalized), 担当事業所番号 (check digit), the
 * date-order rules, and the derived search keys and 進捗, from domain/.
 */
import { parseInsuredNo } from "../../domain/insuredNo.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import {
  checkProgressDates,
  PROGRESS_DATE_FIELDS,
  progressDerived,
  type ProgressDates,
} from "../../domain/progress.ts";
import {
  parseFields,
  textOf,
  type FieldCodeOf,
  type FieldParser,
  type FormRecord,
  type FormSpec,
  type RuleOutcome,
} from "../lib/rules.ts";

type Code = FieldCodeOf<kintone.types.Progress>;

/** A field's text, by a code the app has. */
const text = (record: FormRecord, code: Code): string => textOf(record, code);

const DATE_FIELDS = PROGRESS_DATE_FIELDS satisfies readonly Code[];

/** Filled in from the other fields, never typed. */
export const PROGRESS_DERIVED = [
  "insuredNoLast6",
  "applicationDateMMDD",
  "birthDateYMD",
  "stage",
] as const satisfies readonly Code[];

export const progressRules = (record: FormRecord): RuleOutcome => {
  const { problems, values } = parseFields(record, {
    insuredNo: { parse: parseInsuredNo },
    assignedOfficeNo: {
      parse: (s) => parseOfficeNo(s, "assignedOfficeNo"),
      optional: true,
    },
  } satisfies Partial<Record<Code, FieldParser>>);
  const dates: ProgressDates = { careLevel: text(record, "careLevel") };
  for (const code of DATE_FIELDS) {
    dates[code] = text(record, code);
  }
  problems.push(...checkProgressDates(dates));
  return {
    problems,
    values: {
      ...values,
      ...progressDerived({ ...dates, insuredNo: values.insuredNo ?? "" }),
    },
    derived: PROGRESS_DERIVED,
  };
};

export const progressForm: FormSpec = {
  inputs: [
    "insuredNo",
    "assignedOfficeNo",
    "careLevel",
    ...DATE_FIELDS,
  ] satisfies Code[],
  rules: progressRules,
};
