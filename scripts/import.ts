/**
 * `npm run import:progress -- <file.csv>`: imports the core system's CSV export into the
 * progress app. See `--help` and scripts/import/importProgress.ts.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { DEFAULT_APPS_FILE, readAppIds, requireAppId } from "./lib/appsFile.ts";
import {
  CliError,
  clientOf,
  explainFailure,
  flag,
  hasFlag,
  kintoneAccessFrom,
  positionalArgs,
  progressBar,
  runCli,
  tokenHelp,
  wantsHelp,
} from "./lib/cli.ts";
import { SCRIPT_RIGHTS } from "./lib/scriptRights.ts";
import { parseEncodingFlag } from "./import/encoding.ts";
import {
  describePrepared,
  ImportFileError,
  importProgress,
  prepareImport,
  type PreparedFile,
} from "./import/importProgress.ts";
import { defaultMapping, loadMapping, type Mapping } from "./import/mapping.ts";
import { formatReport, reportFormatOf } from "./import/report.ts";
import type { RowProblem } from "./import/validate.ts";

const RIGHTS = SCRIPT_RIGHTS["import:progress"];

const columns = Object.values(defaultMapping)
  .map((headers) => headers[0])
  .join("、");

const help = `使い方: npm run import:progress -- <ファイル.csv> [オプション]

  介護保険システムから書き出した CSV を認定進捗アプリに取り込みます。申請番号で照合し、新しい
  申請は追加、内容の変わった申請は変わった項目だけを更新し、同じ内容の申請は書き込みません
  （更新日時は変わりません）。検索キー（被保険者番号下6桁・申請日4桁・生年月日8桁）と進捗は
  自動で入ります。2,000件ずつまとめて書き込みます。
  Imports the core system's CSV export into the progress app: upsert by 申請番号 in bulk
  requests of 2,000, unchanged records are not written, search keys and 進捗 are derived.

  まずすべての行を検査します。エラーのある行が1行でもあれば、何も書き込みません。
  途中で止まっても、同じファイルで再実行すれば残りを取り込み、同じ結果になります。
  Every row is checked first; nothing is written if any row is invalid (unless
  --skip-invalid). Safe to re-run after a crash: the end state is the same.

ファイル / File:
  文字コード: Shift_JIS（CP932）か UTF-8（BOM あり・なし）を自動で判定します。
  1行目は見出しです。値の中のカンマ・改行は値全体を「"」で囲んでください。
  既定の列（見出し）: ${columns}
  列の対応は --mapping のファイルで変えられます（見本: scripts/import/mapping.default.json）。
  日付は和暦（令和7年4月1日、R7.4.1）でも西暦（2025/4/1、20250401）でも読みます。
  申請区分・要介護状態区分は名前（新規、要介護1）でもコード（1、21）でも読みます。
  Shift_JIS or UTF-8 is detected; 和暦 or 西暦 dates; codes by name or number.

検査結果 / Report:
  行番号はファイルの行（見出しが1行目）です。画面には件数と場所だけを表示します。
  内容（何が違うか）は --report のファイルに書きます。

オプション / Options:
  --encoding <名前>     文字コードを指定します: auto（既定）、utf-8、cp932（shift_jis）
  --mapping <file>      列の対応表（JSON）/ column mapping file
  --report <file>       行ごとの検査結果を書きます。.csv なら Excel で開ける CSV（UTF-8 BOM 付き）、
                        それ以外はテキスト。/ row-level report, CSV or text
  --skip-invalid        エラーのある行を飛ばし、正常な行だけを取り込みます / import the valid rows
  --dry-run             追加・変更・変更なしの件数を表示するだけで、何も書き込みません / write nothing
  --apps-file <path>    アプリ ID のファイル（既定 ${DEFAULT_APPS_FILE}）
  --base-url <url>      kintone の URL（または環境変数 KINTONE_BASE_URL）
  --username <name>     ログイン名（または KINTONE_USERNAME）
  --password <pass>     パスワード（または KINTONE_PASSWORD）
  --help                この説明を表示します / this help

${tokenHelp(RIGHTS)}

終了コード / Exit code: 0 = 取り込み完了（またはドライラン）、1 = エラー・取り込み中止`;

const SPEC = {
  command: "npm run import:progress",
  switches: ["--help", "-h", "--skip-invalid", "--dry-run"],
  valued: [
    "--encoding",
    "--mapping",
    "--report",
    "--apps-file",
    "--base-url",
    "--username",
    "--password",
  ],
};

const readInput = (path: string | undefined): Uint8Array => {
  if (path === undefined) {
    throw new CliError(
      "取り込む CSV ファイルを指定してください（例: npm run import:progress -- 進捗.csv）。",
    );
  }
  if (!existsSync(path)) {
    throw new CliError(`ファイル ${path} がありません。`);
  }
  if (!statSync(path).isFile()) {
    throw new CliError(`${path} はファイルではありません。`);
  }
  return readFileSync(path);
};

const writeReport = (
  path: string | undefined,
  problems: readonly RowProblem[],
): void => {
  if (path === undefined) {
    return;
  }
  try {
    writeFileSync(path, formatReport(problems, reportFormatOf(path)));
  } catch {
    throw new CliError(`検査結果を ${path} に書けません。`);
  }
  console.log(`検査結果（${problems.length} 件）を ${path} に書きました。`);
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(help);
    return;
  }
  const positional = positionalArgs(args, SPEC);
  if (positional.length > 1) {
    throw new CliError(
      `取り込むファイルは1つだけ指定してください（指定: ${positional.length} 個）。`,
    );
  }
  const encoding = parseEncodingFlag(flag(args, "encoding"));
  const mappingPath = flag(args, "mapping");
  const mapping: Mapping = mappingPath
    ? loadMapping(mappingPath)
    : defaultMapping;
  const reportPath = flag(args, "report");
  const bytes = readInput(positional[0]);
  const skipInvalid = hasFlag(args, "skip-invalid");
  // Validate before touching kintone, so a bad file needs no connection.
  let prepared: PreparedFile;
  try {
    prepared = prepareImport(bytes, { encoding, mapping });
  } catch (e) {
    if (e instanceof ImportFileError) {
      writeReport(reportPath, e.problems);
    }
    throw e;
  }
  const { invalidRows, problems } = prepared.validation;
  if (invalidRows > 0 && !skipInvalid) {
    describePrepared(prepared).forEach((line) => console.log(line));
    writeReport(reportPath, problems);
    throw new CliError(
      `エラーのある行が ${invalidRows} 行あるため、取り込みを中止しました（何も書き込んでいません）。` +
        `${reportPath ? "" : "--report <file> で内容を書き出し、"}直してから再実行するか、--skip-invalid で正常な行だけを取り込んでください。`,
    );
  }
  writeReport(reportPath, problems);
  const access = kintoneAccessFrom(args, RIGHTS);
  const appsFile = flag(args, "apps-file") ?? DEFAULT_APPS_FILE;
  const app = requireAppId(
    readAppIds(appsFile, access.baseUrl),
    "progress",
    appsFile,
  );
  const dryRun = hasFlag(args, "dry-run");
  console.log(
    `認定進捗（${access.baseUrl}、アプリ ${app}、${access.authLabel}）に${dryRun ? "取り込んだ場合の件数を数えます（--dry-run: 書き込みません）" : "取り込みます"}。`,
  );
  await importProgress({
    client: clientOf(access),
    app,
    bytes,
    prepared,
    skipInvalid,
    dryRun,
    log: (line) => console.log(line),
    progress: (total) => progressBar("認定進捗に書き込み中", total),
  }).catch((e: unknown) => {
    throw explainFailure(e, access);
  });
  if (invalidRows > 0) {
    console.log(`エラーのある ${invalidRows} 行は取り込んでいません。`);
  }
};

runCli(main);
