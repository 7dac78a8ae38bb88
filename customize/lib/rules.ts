/**
 * What every app's rules give back, and the pure step that writes it into a kintone event's
 * record. No `kintone`, no DOM: tested in node.
 */
import type { Problem, Result } from "../../domain/problem.ts";

/** A record as kintone's events carry it (and as the dts-gen types describe it). */
export type FormRecord = Record<
  string,
  {
    value?: unknown;
    disabled?: boolean;
    error?: string | null;
    lookup?: unknown;
  }
>;

export interface RuleOutcome {
  /** Errors block saving; warnings are shown and do not. */
  problems: Problem[];
  /** Values to write: normalized inputs (被保険者番号 half-width…) and derived fields. */
  values: Record<string, string>;
  /** The fields nobody types: filled in from `values` and disabled. */
  derived: readonly string[];
}

/** Field codes of an app's record type (dts-gen, schemas/types): a renamed field fails tsc. */
export type FieldCodeOf<R> = Extract<keyof R, string>;

/** The rules of one app's form: which fields run them on change, and the rules themselves. */
export interface FormSpec {
  /** Fields whose change events run the rules. */
  inputs: readonly string[];
  /** Lookup fields: a corrected value is fetched again (`lookup: true`), never on submit. */
  lookups?: readonly string[];
  rules: (record: FormRecord) => RuleOutcome;
}

/** The text of a field, "" when empty or absent. */
export const textOf = (record: FormRecord, code: string): string => {
  const v = record[code]?.value;
  return typeof v === "string" ? v : "";
};

/** A field's domain parser; `optional`: an empty field is left alone (not asked for here). */
export interface FieldParser {
  parse: (input: string) => Result<string>;
  optional?: boolean;
}

/**
 * Runs each field's domain parser: a value it accepts is written back normalized (half-width
 * digits, no spaces…), a refusal gives its problems. The one loop of every app's identifier,
 * phone, e-mail and kana fields.
 */
export const parseFields = (
  record: FormRecord,
  parsers: Readonly<Record<string, FieldParser>>,
): Pick<RuleOutcome, "problems" | "values"> => {
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  for (const [code, { parse, optional }] of Object.entries(parsers)) {
    const input = textOf(record, code);
    if (optional && input.trim() === "") {
      continue;
    }
    const result = parse(input);
    if (result.ok) {
      values[code] = result.value;
    } else {
      problems.push(...result.problems);
    }
  }
  return { problems, values };
};

/**
 * When the rules run: `show` fills in and disables derived fields and shows no error (an empty
 * new record is not wrong yet); `change` also shows errors, but not "required" for a field
 * still empty; `submit` shows every error.
 */
export type Moment = "show" | "change" | "submit";

export interface Applied {
  /** How many fields carry an error now. */
  errors: number;
  /** Error messages for fields the form does not have. */
  unplaced: string[];
  warnings: string[];
}

const setValue = (
  record: FormRecord,
  spec: FormSpec,
  code: string,
  value: string,
  moment: Moment,
): void => {
  const field = record[code];
  if (field === undefined || field.value === value) {
    return;
  }
  if (spec.lookups?.includes(code)) {
    if (moment === "submit") {
      return;
    }
    field.lookup = true;
  }
  field.value = value;
};

/** Writes an outcome into `record` (in place) and says what is left to show. */
export const applyOutcome = (
  record: FormRecord,
  spec: FormSpec,
  outcome: RuleOutcome,
  moment: Moment,
): Applied => {
  for (const [code, value] of Object.entries(outcome.values)) {
    setValue(record, spec, code, value, moment);
  }
  for (const code of outcome.derived) {
    const field = record[code];
    if (field !== undefined) {
      field.disabled = true;
    }
  }
  const applied: Applied = { errors: 0, unplaced: [], warnings: [] };
  for (const p of outcome.problems) {
    if (p.severity === "warning") {
      applied.warnings.push(p.message);
    }
  }
  if (moment === "show") {
    return applied;
  }
  const messages = new Map<string, string[]>();
  for (const p of outcome.problems) {
    const empty = textOf(record, p.field) === "";
    if (
      p.severity === "error" &&
      !(moment === "change" && p.code === "required" && empty)
    ) {
      messages.set(p.field, [...(messages.get(p.field) ?? []), p.message]);
    }
  }
  for (const code of new Set([...spec.inputs, ...outcome.derived])) {
    const field = record[code];
    if (field !== undefined && !messages.has(code)) {
      field.error = null;
    }
  }
  for (const [code, list] of messages) {
    const field = record[code];
    if (field === undefined) {
      applied.unplaced.push(...list);
    } else {
      field.error = list.join(" ");
      applied.errors += 1;
    }
  }
  return applied;
};
