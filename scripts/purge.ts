/**
 * `npm run purge:progress`: deletes closed applications (認定済, 取下げ) whose closing date is
 * older than the retention from the progress app; open ones never. See `--help` and
 * scripts/purge/purgeProgress.ts.
 */
import { isIsoDate, jstDateOf } from "../domain/date.ts";
import { defaultPolicy, retentionCutoff } from "../domain/policy.ts";
import { wholeNumber } from "./import/args.ts";
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
  todayFrom,
  tokenHelp,
  wantsHelp,
} from "./lib/cli.ts";
import { SCRIPT_RIGHTS } from "./lib/scriptRights.ts";
import { checkedRetention, purgeProgress } from "./purge/purgeProgress.ts";

const RIGHTS = SCRIPT_RIGHTS["purge:progress"];

const WINDOW = defaultPolicy.windowMonths;
const EXAMPLE_TODAY = "2026-11-21";

const help = `使い方: npm run purge:progress -- [オプション]

  認定進捗アプリから、終わった申請（認定済・取下げ）のうち、認定日（取下げなら取下げ日）が
  保存期間より古いものを削除します（2,000件ずつまとめて削除）。審査中の申請（認定日も取下げ日も
  ないもの）は、申請日がどれほど古くても削除しません。
  保存期間の既定は公開期間（${WINDOW}か月）＋1か月 = ${WINDOW + 1}か月です。基準日が ${EXAMPLE_TODAY} で
  保存期間が${WINDOW + 1}か月なら、認定日・取下げ日が ${retentionCutoff(EXAMPLE_TODAY, WINDOW + 1)} より前の申請を削除します。
  保存期間を公開期間より短くはできません（公開中の申請が消えるため）。
  Deletes closed applications (認定済, 取下げ) whose 認定日 or 取下げ日 is older than the
  retention (default: the publication window + 1 month), in bulk. Open applications are never
  deleted, however old. A retention shorter than the window is refused.

  途中で止まっても、再実行すれば残りを削除します。/ Safe to re-run.

オプション / Options:
  --months <n>          保存期間（月数、既定: 公開期間＋1）/ retention in months
  --window <n>          ポータルの公開期間（月数、既定 ${WINDOW}）。保存期間がこれより短いと拒否します。
                        / the portal's publication window
  --today <YYYY-MM-DD>  基準日（既定: 日本時間の今日）/ the day to count from
  --dry-run             削除する件数と認定日・取下げ日の範囲を表示するだけで、何も削除しません / delete nothing
  --apps-file <path>    アプリ ID のファイル（既定 ${DEFAULT_APPS_FILE}）
  --base-url <url>      kintone の URL（または環境変数 KINTONE_BASE_URL）
  --username <name>     ログイン名（または KINTONE_USERNAME）
  --password <pass>     パスワード（または KINTONE_PASSWORD）
  --help                この説明を表示します / this help

${tokenHelp(RIGHTS)}`;

const SPEC = {
  command: "npm run purge:progress",
  switches: ["--help", "-h", "--dry-run"],
  valued: [
    "--months",
    "--window",
    "--today",
    "--apps-file",
    "--base-url",
    "--username",
    "--password",
  ],
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(help);
    return;
  }
  const extra = positionalArgs(args, SPEC);
  if (extra.length > 0) {
    throw new CliError(
      `余分な引数があります: ${extra[0]}（npm run purge:progress -- --help で使い方を表示します）`,
    );
  }
  const months = flag(args, "months");
  const windowFlag = flag(args, "window");
  const windowMonths =
    windowFlag === undefined
      ? WINDOW
      : wholeNumber(windowFlag, "window", 1, 24);
  // Refused before connecting: a retention shorter than the window.
  const retentionMonths = checkedRetention(
    windowMonths,
    months === undefined ? undefined : wholeNumber(months, "months", 1, 120),
  );
  const today = todayFrom(args);
  const access = kintoneAccessFrom(args, RIGHTS);
  const appsFile = flag(args, "apps-file") ?? DEFAULT_APPS_FILE;
  const app = requireAppId(
    readAppIds(appsFile, access.baseUrl),
    "progress",
    appsFile,
  );
  const dryRun = hasFlag(args, "dry-run");
  console.log(
    `認定進捗（${access.baseUrl}、アプリ ${app}、${access.authLabel}、基準日 ${today}）の、終わった古い申請（認定済・取下げ）を${dryRun ? "数えます（--dry-run: 削除しません）" : "削除します"}。`,
  );
  await purgeProgress({
    client: clientOf(access),
    app,
    today,
    windowMonths,
    retentionMonths,
    dryRun,
    log: (line) => console.log(line),
    progress: (total) => progressBar("認定進捗から削除中", total),
  }).catch((e: unknown) => {
    throw explainFailure(e, access);
  });
};

runCli(main);
