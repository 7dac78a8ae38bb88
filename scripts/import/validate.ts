/**
 * Row-level validation of an export with the rules of domain/: every cell of every row is
 * read (被保険者番号, 和暦 or 西暦 dates, 申請区分 and 要介護状態区分 as name or code, 事業所番号
 * with its check digit), then the dates of the row are checked together (checkProgressDates).
 * Every problem names the row's line in the file, the column as the file heads it, and says
 * in Japanese what is wrong. A row with an error is invalid; warnings do not block it.
 */
import {
  applicationTypes,
  careLevels,
  parseApplicationType,
  parseCareLevel,
} from "../../domain/codes.ts";
import { labelOf } from "../../domain/fields.ts";
import { parseInsuredNo } from "../../domain/insuredNo.ts";
import { parseOfficeNo } from "../../domain/officeNo.ts";
import {
  fail,
  ok,
  type ProblemCode,
  type Result,
  type Severity,
} from "../../domain/problem.ts";
import {
  checkProgressDates,
  type ProgressDates,
} from "../../domain/progress.ts";
import { normalizeText, toHalfWidthAscii } from "../../domain/text.ts";
import { parseDate } from "../../domain/wareki.ts";
import type { CsvRow } from "./csv.ts";
import { REQUIRED_FIELDS, type Column, type ImportField } from "./mapping.ts";

export interface RowProblem {
  /** The line of the file the row starts on (header = 1). */
  line: number;
  /** The column as the file heads it (or the field's label when the file has no such column). */
  column: string;
  field: string;
  severity: Severity;
  code: ProblemCode | "columns" | "duplicate";
  message: string;
}

/** A row's values, normalized as kintone stores them: ISO dates, code-list labels, "" for empty. */
export type RowValues = Partial<Record<ImportField, string>>;

export interface ValidRow {
  line: number;
  values: RowValues;
}

export interface Validation {
  /** The rows without errors, in file order. */
  valid: ValidRow[];
  /** Every problem, by line and then by column. */
  problems: RowProblem[];
  /** Data rows read. */
  rows: number;
  /** Rows with at least one error. */
  invalidRows: number;
}

/** 申請番号 as the progress app holds it (schemas/apps/progress.ts: maxLength 20). */
export const APPLICATION_NO_MAX = 20;

/** 申請番号: the core system's key, kept as written (half-width), at most 20 characters. */
export const parseApplicationNo = (input: string): Result<string> => {
  const field = "applicationNo";
  const label = labelOf(field);
  const no = toHalfWidthAscii(input).trim();
  if (no === "") {
    return fail(field, "required", `${label}を入力してください。`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(no)) {
    return fail(
      field,
      "characters",
      `${label}に改行やタブなどの制御文字は使えません。`,
    );
  }
  const length = [...no].length;
  if (length > APPLICATION_NO_MAX) {
    return fail(
      field,
      "length",
      `${label}は${APPLICATION_NO_MAX}文字以内です（入力は${length}文字）。`,
    );
  }
  return ok(no);
};

/**
 * An empty cell. Some core systems write an unset date as zeros ("0000/00/00", "00000000",
 * "0"); those count as empty too.
 */
const ZERO_DATE = /^(?:0+(?:[/.-]0+){0,2}|0+年0+月0+日)$/;

const isEmptyCell = (cell: string): boolean => {
  const s = normalizeText(cell);
  return s === "" || ZERO_DATE.test(s);
};

const labelled =
  <K extends string>(
    parse: (s: string, field: string) => Result<K>,
    list: Record<K, { label: string }>,
  ) =>
  (s: string, field: string): Result<string> => {
    const r = parse(s, field);
    return r.ok ? ok(list[r.value].label) : r;
  };

type CellParser = (cell: string, field: string) => Result<string>;

const PARSERS: Readonly<Record<ImportField, CellParser>> = {
  applicationNo: (s) => parseApplicationNo(s),
  insuredNo: parseInsuredNo,
  birthDate: parseDate,
  applicationDate: parseDate,
  applicationType: labelled(parseApplicationType, applicationTypes),
  surveyScheduledDate: parseDate,
  surveyDate: parseDate,
  surveyReceivedDate: parseDate,
  doctorOpinionRequestDate: parseDate,
  doctorOpinionReceivedDate: parseDate,
  committeeScheduledDate: parseDate,
  committeeDate: parseDate,
  certificationDate: parseDate,
  careLevel: labelled(parseCareLevel, careLevels),
  validFrom: parseDate,
  validTo: parseDate,
  withdrawalDate: parseDate,
  assignedOfficeNo: parseOfficeNo,
};

const isDateField = (f: ImportField): boolean => PARSERS[f] === parseDate;

/** One cell: "" for an empty optional cell, else what the field's rule makes of it. */
export const parseCell = (field: ImportField, cell: string): Result<string> => {
  if (!REQUIRED_FIELDS.includes(field)) {
    const empty = isDateField(field)
      ? isEmptyCell(cell)
      : normalizeText(cell) === "";
    if (empty) {
      return ok("");
    }
  }
  return PARSERS[field](cell, field);
};

/** The dates (and 要介護状態区分) of a row, as checkProgressDates reads them. */
const progressDatesOf = (values: RowValues): ProgressDates =>
  Object.fromEntries(
    Object.entries(values).filter(
      ([f]) => isDateField(f as ImportField) || f === "careLevel",
    ),
  );

interface RowCheck {
  values: RowValues;
  problems: RowProblem[];
}

const columnCountProblem = (
  row: CsvRow,
  header: readonly string[],
): RowProblem | null => {
  if (row.cells.length < header.length) {
    return {
      line: row.line,
      column: header[row.cells.length] ?? "",
      field: "",
      severity: "error",
      code: "columns",
      message: `この行は列が足りません（見出しは${header.length}列、この行は${row.cells.length}列）。区切りのカンマや改行がずれていないかお確かめください。`,
    };
  }
  const extra = row.cells.slice(header.length);
  if (extra.some((c) => c.trim() !== "")) {
    return {
      line: row.line,
      column: `${header.length + 1}列目`,
      field: "",
      severity: "error",
      code: "columns",
      message: `この行は見出しより列が多くあります（見出しは${header.length}列、この行は${row.cells.length}列）。値の中のカンマは値全体を「"」で囲んでください。`,
    };
  }
  return null;
};

/** The column name for a problem on `field`: the file's header, or the field's label. */
const columnFor = (columns: readonly Column[], field: string): string =>
  columns.find((c) => c.field === field)?.header ?? labelOf(field);

const checkRow = (
  row: CsvRow,
  header: readonly string[],
  columns: readonly Column[],
): RowCheck => {
  const shape = columnCountProblem(row, header);
  if (shape) {
    return { values: {}, problems: [shape] };
  }
  const values: RowValues = {};
  const problems: RowProblem[] = [];
  for (const c of columns) {
    const r = parseCell(c.field, row.cells[c.index] ?? "");
    if (r.ok) {
      values[c.field] = r.value;
      continue;
    }
    for (const p of r.problems) {
      problems.push({ line: row.line, column: c.header, ...p });
    }
  }
  for (const p of checkProgressDates(progressDatesOf(values))) {
    problems.push({
      line: row.line,
      column: columnFor(columns, p.field),
      ...p,
    });
  }
  return { values, problems };
};

/** Rows whose 申請番号 appears on another row too: line → the other lines. */
const duplicateLines = (
  rows: readonly CsvRow[],
  columns: readonly Column[],
): Map<number, number[]> => {
  const column = columns.find((c) => c.field === "applicationNo");
  const byNo = new Map<string, number[]>();
  for (const row of rows) {
    const r = parseApplicationNo(row.cells[column?.index ?? -1] ?? "");
    if (r.ok) {
      byNo.set(r.value, [...(byNo.get(r.value) ?? []), row.line]);
    }
  }
  const out = new Map<number, number[]>();
  for (const lines of byNo.values()) {
    for (const line of lines.length > 1 ? lines : []) {
      out.set(
        line,
        lines.filter((l) => l !== line),
      );
    }
  }
  return out;
};

/** Validates every row of a table whose mapped columns were located. */
export const validateRows = (
  header: readonly string[],
  rows: readonly CsvRow[],
  columns: readonly Column[],
): Validation => {
  const duplicates = duplicateLines(rows, columns);
  const result: Validation = {
    valid: [],
    problems: [],
    rows: rows.length,
    invalidRows: 0,
  };
  for (const row of rows) {
    const { values, problems } = checkRow(row, header, columns);
    const others = duplicates.get(row.line);
    if (others) {
      problems.unshift({
        line: row.line,
        column: columnFor(columns, "applicationNo"),
        field: "applicationNo",
        severity: "error",
        code: "duplicate",
        message: `${labelOf("applicationNo")}「${values.applicationNo ?? ""}」が${others.join("・")}行目にもあります。1件の申請は1行にしてください。`,
      });
    }
    result.problems.push(...problems);
    if (problems.some((p) => p.severity === "error")) {
      result.invalidRows++;
    } else {
      result.valid.push({ line: row.line, values });
    }
  }
  return result;
};
