/**
 * `npm run cleanup:idle`: suspends the idle accounts of the registration app and deletes their
 * addresses (遵守事項 6), for cron. See `--help` and scripts/cleanup/cleanupIdle.ts.
 */
import { defaultPolicy } from "../../domain/policy.ts";
import { IDLE_SUSPENSION_REASON } from "../../domain/idle.ts";
import { wholeNumber } from "../import/args.ts";
import { DEFAULT_APPS_FILE } from "../lib/appsFile.ts";
import {
  CliError,
  clientOf,
  explainFailure,
  flag,
  hasFlag,
  onlyOptions,
  progressBar,
  runCli,
  tokenHelp,
  tokenRefusal,
  wantsHelp,
} from "../lib/cli.ts";
import { cleanupIdle, suspensionComment, summaryLines } from "./cleanupIdle.ts";
import { APP_ENV, CLEANUP_RIGHTS, settingsFrom } from "./settings.ts";

const DAYS = defaultPolicy.idleDays;
const MAX_DAYS = 3650;

const help = `使い方: npm run cleanup:idle -- [オプション]

  事業所利用登録アプリで、利用中のまま${DAYS}日以上利用がないアカウントを利用停止にし、
  メールアドレスを削除します（遵守事項 6「2ヶ月間ご利用がないと、セキュリティを確保するため、
  メールアドレスの削除処理を行なことがあります。」）。cron などで定期的に実行します。
  Suspends the registrations idle for ${DAYS} days and deletes their email addresses.

  利用がない期間は、最終ログイン日時から数えます。一度もログインしていなければ承認日時
  （審査日時、なければ承認通知日時）から、それもなければレコードの作成日時から数えます
  （日付は日本時間）。たとえば最終ログインが 2026-09-01 なら、2026-10-31 から対象です。

  対象のレコードごとに、次をまとめて行います（途中で失敗したレコードは何も変わりません）:
    ・ステータスをアクション「利用停止」で利用停止にする
    ・メールアドレスを空にし、利用停止日時と利用停止理由（${IDLE_SUSPENSION_REASON}）を書く
  そのあと、各レコードにコメントを追加します:
    「${suspensionComment(DAYS)}」
  コメントだけ失敗したときは、利用停止は済んでいます。結果にレコード番号を表示し、
  終了コード 1 で終わるので、kintone でコメントを追加してください。
  再実行しても安全です（利用停止済みのレコードは対象になりません）。
  ログにはレコード番号と日付だけを出し、メールアドレスは出しません。

オプション / Options:
  --dry-run             対象を表示するだけで、何も変更しません / change nothing
  --days <n>            この日数以上利用がなければ対象（1〜${MAX_DAYS}、既定 ${DAYS}）
  --base-url <url>      kintone の URL（または環境変数 KINTONE_BASE_URL）
  --app <id>            事業所利用登録アプリの ID（または ${APP_ENV}、
                        どちらもなければ --apps-file のファイル）
  --apps-file <path>    アプリ ID のファイル（既定 ${DEFAULT_APPS_FILE}）
  --username <name>     ログイン名（または KINTONE_USERNAME）
  --password <pass>     パスワード（または KINTONE_PASSWORD）
  --help                この説明を表示します（何も実行しません）/ this help

${tokenHelp(CLEANUP_RIGHTS)}

終了コード / Exit code: 0 = すべて処理した（対象なしを含む）、1 = 失敗があった・設定の誤り`;

const SPEC = {
  command: "npm run cleanup:idle",
  switches: ["--help", "-h", "--dry-run"],
  valued: [
    "--days",
    "--base-url",
    "--app",
    "--apps-file",
    "--username",
    "--user",
    "--password",
  ],
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(help);
    return;
  }
  onlyOptions(args, SPEC);
  const daysFlag = flag(args, "days");
  const idleDays =
    daysFlag === undefined ? DAYS : wholeNumber(daysFlag, "days", 1, MAX_DAYS);
  const settings = settingsFrom(args);
  const dryRun = hasFlag(args, "dry-run");
  console.log(
    `事業所利用登録（${settings.baseUrl}、アプリ ${settings.app}、${settings.authLabel}）で、${idleDays}日以上利用がないアカウントを${dryRun ? "数えます（--dry-run: 何も変更しません）" : "利用停止にします"}。`,
  );
  const result = await cleanupIdle({
    client: clientOf(settings),
    app: settings.app,
    now: Date.now(),
    idleDays,
    dryRun,
    log: (line) => console.log(line),
    progress: (total) => progressBar("利用停止中", total),
  }).catch((e: unknown) => {
    throw explainFailure(e, settings);
  });
  for (const line of summaryLines(result, dryRun)) {
    console.log(line);
  }
  const failed = [...result.failed, ...result.commentFailed];
  if (failed.length > 0) {
    // A token without the right fails every record the same way: say which right it needs.
    const refusal = failed
      .map((f) => tokenRefusal(f.code, settings))
      .find((r) => r !== null);
    throw new CliError(
      `${failed.length} 件で処理に失敗しました（内容は上の結果を見てください）。${refusal?.message ?? ""}`,
    );
  }
};

runCli(main);
