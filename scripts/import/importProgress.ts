/**
 * The import as a function (the CLI and the benchmark call it in-process): decode the file,
 * read its rows, find the mapped columns, validate every row, and — unless a row is invalid
 * and `skipInvalid` is off — read the progress app, plan the upserts and write them.
 * `dryRun` stops after the plan. Nothing is written before every row has been checked.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { labelOf } from "../../domain/fields.ts";
import { CliError } from "../lib/cli.ts";
import { readCsv } from "./csv.ts";
import {
  decodeFile,
  ENCODING_NAMES,
  type Encoding,
  type EncodingChoice,
} from "./encoding.ts";
import { readExisting, writeUpserts } from "./kintone.ts";
import {
  defaultMapping,
  locateColumns,
  type Column,
  type Mapping,
} from "./mapping.ts";
import { planImport, type ImportPlan } from "./plan.ts";
import { summaryLines } from "./report.ts";
import { validateRows, type RowProblem, type Validation } from "./validate.ts";

/** The file cannot be imported at all (a column is missing); the problems go to the report. */
export class ImportFileError extends CliError {
  override name = "ImportFileError";
  readonly problems: RowProblem[];

  constructor(message: string, problems: RowProblem[]) {
    super(message);
    this.problems = problems;
  }
}

export interface PreparedFile {
  encoding: Encoding;
  header: string[];
  columns: Column[];
  validation: Validation;
}

const missingColumnsError = (
  headerLine: number,
  missing: ReadonlyArray<{ field: string; header: string }>,
  duplicated: readonly string[],
): ImportFileError => {
  const problems: RowProblem[] = [
    ...missing.map((m): RowProblem => ({
      line: headerLine,
      column: m.header,
      field: m.field,
      severity: "error",
      code: "columns",
      message: `列「${m.header}」（${labelOf(m.field)}）がありません。見出しの行を確かめるか、--mapping の対応表を直してください。`,
    })),
    ...duplicated.map((h): RowProblem => ({
      line: headerLine,
      column: h,
      field: "",
      severity: "error",
      code: "columns",
      message: `列「${h}」が2つ以上あります。どちらを取り込むか決められないので、見出しを直してください。`,
    })),
  ];
  const named = [
    ...missing.map((m) => `列「${m.header}」がありません`),
    ...duplicated.map((h) => `列「${h}」が2つあります`),
  ].join("、");
  return new ImportFileError(
    `CSV の見出しが対応表と合いません: ${named}。見出しの行を確かめるか、--mapping の対応表を直してください。`,
    problems,
  );
};

/** Decodes, parses and validates a file; no kintone involved. */
export const prepareImport = (
  bytes: Uint8Array,
  options: { encoding?: EncodingChoice; mapping?: Mapping } = {},
): PreparedFile => {
  const { text, encoding } = decodeFile(bytes, options.encoding ?? "auto");
  const { header, headerLine, rows } = readCsv(text);
  const located = locateColumns(header, options.mapping ?? defaultMapping);
  if (located.missing.length > 0 || located.duplicated.length > 0) {
    throw missingColumnsError(headerLine, located.missing, located.duplicated);
  }
  const validation = validateRows(header, rows, located.columns);
  return { encoding, header, columns: located.columns, validation };
};

export interface ImportOptions {
  client: KintoneRestAPIClient;
  /** The progress app's id. */
  app: string;
  bytes: Uint8Array;
  /** The file as prepareImport read it, when the caller has already validated it. */
  prepared?: PreparedFile;
  encoding?: EncodingChoice;
  mapping?: Mapping;
  /** Import the valid rows even when others are invalid. */
  skipInvalid?: boolean;
  /** Read and plan; write nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
  /** A progress display for `total` records to write. */
  progress?: (total: number) => (done: number) => void;
}

export type ImportStatus = "refused" | "dryRun" | "imported";

export interface ImportResult {
  status: ImportStatus;
  prepared: PreparedFile;
  /** The plan; null when refused before reading kintone. */
  plan: ImportPlan | null;
  /** bulkRequests sent. */
  bulkRequests: number;
}

const countsLine = (p: ImportPlan): string =>
  `追加 ${p.added} 件・変更 ${p.changed} 件・変更なし ${p.unchanged} 件`;

/** What the console shows of a checked file: encoding, rows, and the problems' summary. */
export const describePrepared = (prepared: PreparedFile): string[] => [
  `読み込み: ${ENCODING_NAMES[prepared.encoding]}、${prepared.validation.rows} 行（見出しを除く）`,
  ...summaryLines(prepared.validation),
];

/** Runs the import; see the module comment. */
export const importProgress = async (
  o: ImportOptions,
): Promise<ImportResult> => {
  const log = o.log ?? (() => undefined);
  const prepared = o.prepared ?? prepareImport(o.bytes, o);
  const { validation } = prepared;
  describePrepared(prepared).forEach((line) => log(line));
  if (validation.invalidRows > 0 && !o.skipInvalid) {
    return { status: "refused", prepared, plan: null, bulkRequests: 0 };
  }
  log(
    "kintone の認定進捗を読み込んでいます（変わらない申請を書き込まないため）…",
  );
  const existing = await readExisting(o.client, o.app);
  const plan = planImport(validation.valid, existing);
  log(`kintone の申請 ${existing.size} 件と照合しました。`);
  if (o.dryRun) {
    log(`[ドライラン] ${countsLine(plan)}（何も書き込んでいません）`);
    return { status: "dryRun", prepared, plan, bulkRequests: 0 };
  }
  const total = plan.upserts.length;
  const bar = total > 0 && o.progress ? o.progress(total) : undefined;
  bar?.(0);
  const bulkRequests = await writeUpserts(o.client, o.app, plan.upserts, bar);
  log(`取り込みました: ${countsLine(plan)}`);
  return { status: "imported", prepared, plan, bulkRequests };
};
