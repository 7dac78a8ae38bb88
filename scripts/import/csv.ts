/**
 * The rows of a CSV text: RFC 4180 quoting (a quoted field may hold commas, quotes written as
 * "" and line breaks), CRLF, LF or CR line ends. Each row carries the line of the file it
 * starts on, counting the header as line 1, as the validation report names rows.
 */
import { parse } from "csv-parse/sync";
import { CliError } from "../lib/cli.ts";

export interface CsvRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  /** The header's line (1 unless empty lines come first). */
  headerLine: number;
  /** The data rows, without empty lines and rows whose every cell is empty. */
  rows: CsvRow[];
}

interface Parsed {
  record: string[];
  raw: string;
}

const REASONS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: '「"」で始まる値が閉じられていません',
  CSV_INVALID_CLOSING_QUOTE:
    '「"」で閉じた値のあとに区切りのカンマがありません',
  INVALID_OPENING_QUOTE:
    '値の途中に「"」があります（値全体を「"」で囲み、中の「"」は「""」と書きます）',
};

const isBlank = (cells: readonly string[]): boolean =>
  cells.every((c) => c.trim() === "");

const countLineBreaks = (s: string): number => {
  let n = 0;
  for (const c of s) {
    if (c === "\n") {
      n++;
    }
  }
  return n;
};

/** Parses the text; a broken quote stops it with the line where it is. */
export const readCsv = (text: string): CsvTable => {
  // One line end for the whole text, so that line numbers and mixed exports stay simple.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let parsed: Parsed[];
  // The line the last complete record ended on: a broken record starts on the next one.
  let lastEnd = 0;
  try {
    parsed = parse(normalized, {
      raw: true,
      relax_column_count: true,
      record_delimiter: "\n",
      on_record: (record, context) => {
        lastEnd = context.lines;
        return record;
      },
    }) as unknown as Parsed[];
  } catch (e) {
    const reason =
      REASONS[String((e as { code?: unknown }).code)] ??
      "CSV として読めない箇所があります";
    throw new CliError(
      `CSV の形式が正しくありません（${lastEnd + 1} 行目から始まる行: ${reason}）。ファイルを確かめてください。`,
    );
  }
  let line = 1;
  const rows: CsvRow[] = [];
  let header: string[] | null = null;
  let headerLine = 1;
  for (const p of parsed) {
    const start = line;
    line += countLineBreaks(p.raw);
    if (isBlank(p.record)) {
      continue;
    }
    if (header === null) {
      header = p.record;
      headerLine = start;
    } else {
      rows.push({ line: start, cells: p.record });
    }
  }
  if (header === null) {
    throw new CliError(
      "ファイルが空です（見出しの行もありません）。書き出したファイルを確かめてください。",
    );
  }
  return { header, headerLine, rows };
};
