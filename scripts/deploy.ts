/**
 * `npm run deploy`: makes the five kintone apps what schemas/ says, in any kintone — the local
 * one or a city's real one. Prints a plan per app, then applies it through the preview settings
 * and deploys each app. See `--help`.
 */
import { appSchemas } from "../schemas/index.ts";
import { DEFAULT_APPS_FILE } from "./lib/appsFile.ts";
import {
  clientFor,
  connectionFrom,
  flag,
  hasFlag,
  onlyOptions,
  passwordOnlyHelp,
  rightsText,
  progressBar,
  runCli,
  unreachable,
  wantsHelp,
} from "./lib/cli.ts";
import { deployApps } from "./deploy/deployApps.ts";
import { parseStaff } from "./deploy/permissions.ts";
import { CONSUMER_LABELS, tokenNeeds } from "./deploy/tokens.ts";

const tokenLines = tokenNeeds(appSchemas)
  .map(
    (n) =>
      `  ${n.envName.padEnd(36)}${n.appName}・${CONSUMER_LABELS[n.consumer]}: ${rightsText(n.rights)}`,
  )
  .join("\n");

const help = `使い方: npm run deploy -- [オプション]

  schemas/ の5つのアプリ（事業所マスタ・事業所利用登録・同意・認定進捗・閲覧ログ）を kintone に
  作成・更新します。アプリごとに変更内容（フィールド・レイアウト・一覧・プロセス管理・一般設定・
  アクセス権の追加・変更・削除）を表示してから、運用前の設定に書き込み、アプリを更新（運用環境へ
  反映）します。
  変更がなければ「変更なし」と表示し、何も書き込みません。
  Creates or updates the five apps of schemas/ in a kintone: prints a plan per app, then applies
  it through the preview settings and deploys each app. Nothing to change: prints 変更なし and
  writes nothing.

接続先 / Connection（環境変数またはオプション）:
  KINTONE_BASE_URL  --base-url   例: https://city.cybozu.com、ローカルは http://localhost:8090
  KINTONE_USERNAME  --username   kintone の管理者ユーザー
  KINTONE_PASSWORD  --password
  ${passwordOnlyHelp("API トークンは使えません（アプリの作成とアクセス権の設定は、kintone が API トークンで受け付けないため）。")}

オプション / Options:
  --dry-run             変更内容を表示するだけで、何も書き込みません。Plan only.
  --allow-data-loss     データが入っているフィールドも削除します（既定では削除を拒否）。
                        Delete fields even when records hold data in them.
  --apps-file <path>    アプリ ID を環境（URL）ごとに記録するファイル（既定: ${DEFAULT_APPS_FILE}）。
                        ID がないアプリは、同じ名前のアプリを探し、なければ作成します。
  --mint-tokens <file>  ローカルの kintone 専用: 足りない API トークンを作成し、<file> に
                        環境変数の形（KINTONE_TOKEN_…=…）で書きます。Local kintone only.
  --staff <entity>      認定係の職員（KINTONE_STAFF でも指定可）。group:<グループコード>、
                        organization:<組織コード>、user:<ログイン名> のどれか。例: group:ninteigakari
                        The 認定係 clerks' kintone group, organization or user.
  --help                この説明を表示します。

アクセス権 / Permissions:
  各アプリのアクセス権（アプリ・レコード）を schemas/ のとおりに設定します（表は schemas/README.md）。
  管理者（kintone の Administrators グループ）はすべての権限、職員（--staff）はレコードの閲覧・
  追加・編集・書き出し（閲覧ログは閲覧・書き出しのみ）、それ以外の全員（Everyone）は権限なしです。
  kintone の画面で変えたアクセス権は、次の反映で schemas/ のとおりに戻ります。
  --staff も KINTONE_STAFF もなければ、管理者だけに権限を付与し、その旨を表示します。
  実行するユーザーは Administrators グループに属している必要があります（反映後も設定を変えられるように）。
  Sets each app's app and record permissions as schemas/ says: administrators all, staff
  (--staff) view/add/edit/export (閲覧ログ view/export only), everyone nothing. Without a
  staff entity, administrators only. Run it as a member of the Administrators group.

API トークン / API tokens:
  kintone には API トークンを作る API がありません。反映のあと、アプリと利用者ごとに必要な権限を
  表に表示します。kintone の画面（アプリの設定 →「API トークン」）で作成してアプリを更新し、次の
  環境変数に設定して再実行すると、各トークンがそのアプリで使えるかを確かめます。
  kintone has no API to create tokens: create them by hand as the table says, set these
  variables and run again to verify them.
${tokenLines}`;

const SPEC = {
  command: "npm run deploy",
  switches: ["--help", "-h", "--dry-run", "--allow-data-loss"],
  valued: [
    "--apps-file",
    "--mint-tokens",
    "--staff",
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
  onlyOptions(args, SPEC);
  const staffText = flag(args, "staff") ?? process.env.KINTONE_STAFF;
  const staff =
    staffText === undefined || staffText.trim() === ""
      ? null
      : parseStaff(staffText);
  const connection = connectionFrom(args);
  const mintFile = flag(args, "mint-tokens");
  let bar: ((done: number) => void) | undefined;
  const onProgress = (done: number, total: number) => {
    bar ??= progressBar("アプリの反映", total);
    bar(done);
  };
  await deployApps({
    client: clientFor(connection),
    baseUrl: connection.baseUrl,
    appsFile: flag(args, "apps-file") ?? DEFAULT_APPS_FILE,
    dryRun: hasFlag(args, "dry-run"),
    allowDataLoss: hasFlag(args, "allow-data-loss"),
    log: (line) => console.log(line),
    tokenEnv: process.env,
    staff,
    ...(mintFile
      ? {
          mintTokens: {
            file: mintFile,
            credentials: {
              username: connection.username,
              password: connection.password,
            },
          },
        }
      : {}),
    ...(process.stderr.isTTY === true ? { onProgress } : {}),
  }).catch((e: unknown) => {
    throw unreachable(e, connection.baseUrl);
  });
};

runCli(main);
