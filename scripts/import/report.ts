/**
 * The validation report: one line per problem — 行 (the line in the file, header = 1), 列 (the
 * column as the file heads it), 種別 (エラー / 警告), 内容 (domain/'s Japanese message). As CSV
 * (UTF-8 with BOM and CRLF, so Excel opens it as it is) or as plain text. The console gets
 * only a summary: counts and where, with the kind of problem but not the values, which may
 * be personal data.
 */
import type { RowProblem, Validation } from "./validate.ts";

export type ReportFormat = "csv" | "text";

/** CSV for a path ending in .csv, text otherwise. */
export const reportFormatOf = (path: string): ReportFormat =>
  /\.csv$/i.test(path) ? "csv" : "text";

const SEVERITY: Readonly<Record<RowProblem["severity"], string>> = {
  error: "エラー",
  warning: "警告",
};

/** The kind of each problem, for the console summary. */
export const PROBLEM_KINDS: Readonly<Record<RowProblem["code"], string>> = {
  required: "未入力",
  format: "形式",
  length: "桁数・文字数",
  characters: "使えない文字",
  checkDigit: "検証番号",
  range: "範囲外",
  calendar: "存在しない日付",
  era: "元号の範囲外",
  order: "日付の順序",
  age: "年齢",
  unknownCode: "使えない区分",
  inconsistent: "組み合わせ",
  columns: "列の数",
  duplicate: "申請番号の重複",
};

const csvField = (s: string): string =>
  /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

export const reportCsv = (problems: readonly RowProblem[]): string =>
  "\uFEFF" +
  [
    ["行", "列", "種別", "内容"],
    ...problems.map((p) => [
      String(p.line),
      p.column,
      SEVERITY[p.severity],
      p.message,
    ]),
  ]
    .map((cells) => cells.map(csvField).join(","))
    .join("\r\n") +
  "\r\n";

export const reportText = (problems: readonly RowProblem[]): string =>
  problems.length === 0
    ? "問題はありません。\n"
    : problems
        .map(
          (p) =>
            `${p.line}行目 ${p.column}【${SEVERITY[p.severity]}】${p.message}`,
        )
        .join("\n") + "\n";

export const formatReport = (
  problems: readonly RowProblem[],
  format: ReportFormat,
): string => (format === "csv" ? reportCsv(problems) : reportText(problems));

/** At most this many problems are listed on the console. */
export const SUMMARY_LIMIT = 10;

/** Console lines: counts, then where the first problems are and of what kind. */
export const summaryLines = (v: Validation): string[] => {
  const warnings = v.problems.filter((p) => p.severity === "warning").length;
  const lines = [
    `検査: ${v.rows} 行のうち 正常 ${v.rows - v.invalidRows} 行・エラー ${v.invalidRows} 行` +
      (warnings > 0 ? `（警告 ${warnings} 件）` : ""),
  ];
  for (const p of v.problems.slice(0, SUMMARY_LIMIT)) {
    lines.push(
      `  ${p.line}行目 ${p.column}: ${PROBLEM_KINDS[p.code]}（${SEVERITY[p.severity]}）`,
    );
  }
  if (v.problems.length > SUMMARY_LIMIT) {
    lines.push(`  ほか ${v.problems.length - SUMMARY_LIMIT} 件`);
  }
  return lines;
};
