/**
 * `npm run seed`: writes the demo data — synthetic and plainly fake, see scripts/seed/generate.ts
 * — to the four apps deployed by `npm run deploy`. Deterministic (seed + today) and idempotent.
 */
import { jstDateOf, isIsoDate } from "../domain/date.ts";
import { DEFAULT_APPS_FILE, readAppIds, requireAppId } from "./lib/appsFile.ts";
import {
  CliError,
  clientOf,
  explainFailure,
  flag,
  hasFlag,
  kintoneAccessFrom,
  progressBar,
  runCli,
  todayFrom,
  tokenHelp,
  wantsHelp,
} from "./lib/cli.ts";
import { SCRIPT_RIGHTS } from "./lib/scriptRights.ts";
import {
  APPLICATION_COUNT,
  DEFAULT_SEED,
  DEMO_EMAIL,
  DEMO_SHOWCASE,
  type ShowcaseKey,
} from "./seed/generate.ts";
import { seed, type SeedAppIds } from "./seed/write.ts";

const RIGHTS = SCRIPT_RIGHTS.seed;

const lastNo = String(APPLICATION_COUNT).padStart(6, "0");
const showcase = (key: ShowcaseKey): string => DEMO_SHOWCASE[key].slice(-6);

const help = `使い方: npm run seed -- [オプション]

  デモ用の架空データを kintone の4つのアプリに書き込みます。先に npm run deploy を実行してください。
  Writes synthetic demo data to the apps deployed by npm run deploy.

  書き込むもの / what it writes:
    事業所マスタ     20件（事業所番号は検証番号つき）
    認定進捗         ${APPLICATION_COUNT}件（基準日までの3か月の申請。進捗・申請区分はさまざま。
                     ただし1件は、申請日が約4か月前でまだ審査中の申請）
    事業所利用登録   6件（申請中・審査中・利用中・差戻し・却下・利用停止を1件ずつ）
    同意             5件（本人4件（うち1件は撤回済み）、代理人1件）

  データはすべて架空です / all data is fake:
    事業所番号は 14・区分・99・9001〜9020・検証番号の架空の番号です。
    事業所名・法人名は「デモ」で始まり、所在地は架空の「デモ市」です。
    電話番号は 045-000-00xx（市内局番が0で始まる番号は存在しません）。
    被保険者番号は 99999 で始まる番号（みなし2号は H99999）、申請番号は DEMO-000001 からです。
    認定進捗に氏名はありません。担当者氏名・代理人氏名は「デモタロウ」などのカナです。
    メールアドレスは example.jp（例示用に予約されたドメイン）です。
    デモでログインするメールアドレス: ${DEMO_EMAIL}（利用中）

  同じ種と基準日なら同じデータになります。何度実行しても、違う所だけを書き込みます。
  別の日に実行すると、日付をその日に合わせて更新します（被保険者番号と申請番号 DEMO-000001〜${lastNo}
  の顔ぶれは同じなので、件数は増えません）。
  進捗ごとの見本（公開期間内）: 被保険者番号 下6桁 ${showcase("received")}（申請受付）・${showcase("survey")}（認定調査）・
  ${showcase("doctorOpinion")}（主治医意見書）・${showcase("committee")}（審査会）・${showcase("certified")}（認定済）・${showcase("withdrawn")}（取下げ）。
  申請日が約4か月前でまだ審査中の見本: ${showcase("overdue")}（公開期間を過ぎても表示されます）。
  Same seed and date give the same data; re-running writes only what differs; on another
  day the same records are updated to that day's dates.

  --seed <n>            乱数の種（0 以上の整数、既定 ${DEFAULT_SEED}）/ random seed
  --today <YYYY-MM-DD>  基準日（既定: 日本時間の今日）/ the day the data is "as of"
  --dry-run             書き込まず、追加・変更・変更なしの件数だけ表示します / counts only
  --apps-file <path>    アプリ ID のファイル（既定 ${DEFAULT_APPS_FILE}）
  --base-url <url>      kintone の URL（または環境変数 KINTONE_BASE_URL）
  --username <name>     ログイン名（または KINTONE_USERNAME）
  --password <pass>     パスワード（または KINTONE_PASSWORD）
  --help                この説明を表示します / this help

${tokenHelp(RIGHTS)}`;

const seedFrom = (args: readonly string[]): number => {
  const given = flag(args, "seed");
  if (given === undefined) {
    return DEFAULT_SEED;
  }
  const n = Number(given);
  if (!/^\d+$/.test(given) || n > 0xffffffff) {
    throw new CliError(
      `--seed は 0〜4294967295 の整数で指定してください（指定: ${given}）。`,
    );
  }
  return n;
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(help);
    return;
  }
  const seedValue = seedFrom(args);
  const today = todayFrom(args);
  const dryRun = hasFlag(args, "dry-run");
  const access = kintoneAccessFrom(args, RIGHTS);
  const appsFile = flag(args, "apps-file") ?? DEFAULT_APPS_FILE;
  const ids = readAppIds(appsFile, access.baseUrl);
  const appIds: SeedAppIds = {
    offices: requireAppId(ids, "offices", appsFile),
    progress: requireAppId(ids, "progress", appsFile),
    registration: requireAppId(ids, "registration", appsFile),
    consent: requireAppId(ids, "consent", appsFile),
  };
  console.log(
    `デモデータ（種 ${seedValue}、基準日 ${today}）を ${access.baseUrl}（${access.authLabel}）に${dryRun ? "書き込んだ場合の件数を数えます（--dry-run: 書き込みません）" : "書き込みます"}。`,
  );
  const result = await seed({
    client: clientOf(access),
    appIds,
    today,
    seed: seedValue,
    dryRun,
    log: (line) => console.log(line),
    // A bar for the long write (認定進捗); the small apps finish at once.
    progress: (label, total) =>
      total > 100
        ? progressBar(`${label}を書き込み中`, total)
        : () => undefined,
  }).catch((e: unknown) => {
    throw explainFailure(e, access);
  });
  if (result.registration.stuck > 0) {
    console.log(
      "状態を進められなかった利用登録があります。kintone で処理の状態を確かめてください。",
    );
  }
  console.log(`デモでログインするメールアドレス: ${DEMO_EMAIL}（利用中）`);
};

runCli(main);
