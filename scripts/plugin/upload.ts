/**
 * `npm run upload:plugin`: builds and packs the plugin (as `npm run build:plugin`), installs it
 * in kintone or updates it there, and adds it to the 事業所利用登録 app. See `--help`.
 */
import { readFileSync } from "node:fs";
import { registration } from "../../schemas/apps/registration.ts";
import {
  DEFAULT_APPS_FILE,
  readAppIds,
  requireAppId,
} from "../lib/appsFile.ts";
import {
  CliError,
  clientFor,
  connectionFrom,
  passwordOnlyHelp,
  flag,
  hasFlag,
  onlyOptions,
  runCli,
  unreachable,
  wantsHelp,
} from "../lib/cli.ts";
import {
  DEFAULT_OUT_DIR,
  DEFAULT_ZIP,
  DESKTOP_GZIP_LIMIT_BYTES,
  desktopSize,
  sizeLines,
} from "./bundle.ts";
import { installPlugin } from "./install.ts";
import { buildAndPack, DEV_KEY } from "./pack.ts";

const HELP = `使い方: npm run upload:plugin -- [オプション]

  kintone のプラグイン（事業所利用登録アプリの審査と利用停止）をビルドしてパッケージし
  （npm run build:plugin と同じ）、kintone にインストールします。すでにインストール
  されていれば更新します（同じ秘密鍵で作ったプラグインは同じ ID です）。続けて
  事業所利用登録アプリにプラグインを追加し、アプリを運用環境に反映します（追加済みなら
  何もしません）。アプリ ID は --apps-file から読みます。先に npm run deploy で
  アプリを作成してください。プラグインの設定は、kintone のアプリの設定画面で行います。
  Builds and packs the plugin, installs it (or updates it when installed), adds it to the
  registration app and deploys the app.

接続先 / Connection（環境変数またはオプション。npm run deploy と同じ）:
  KINTONE_BASE_URL  --base-url   例: https://city.cybozu.com、ローカルは http://localhost:8090
  KINTONE_USERNAME  --username   kintone システム管理者のユーザー（プラグインの操作に必要）
  KINTONE_PASSWORD  --password
  ${passwordOnlyHelp("API トークンは使えません（プラグインのインストールと追加は、kintone が API トークンで受け付けないため）。")}

オプション / Options:
  --ppk <path>        秘密鍵のファイル（既定: KINTONE_PLUGIN_PPK、なければ ${DEV_KEY}）。
  --apps-file <path>  アプリ ID のファイル（既定: ${DEFAULT_APPS_FILE}）。
  --app-id <id>       プラグインを追加するアプリの ID（既定: アプリ ID のファイルの registration）。
  --out-dir <folder>  ビルドの出力先（既定: ${DEFAULT_OUT_DIR}）。
  --zip <path>        プラグインファイル（既定: ${DEFAULT_ZIP}）。
  --skip-build        ビルドせず、--zip のファイルをそのままインストールします。
  --help              この説明を表示します。`;

const SPEC = {
  command: "npm run upload:plugin",
  switches: ["--skip-build", "--help", "-h"],
  valued: [
    "--ppk",
    "--apps-file",
    "--app-id",
    "--out-dir",
    "--zip",
    "--base-url",
    "--username",
    "--password",
  ],
};

const zipBytes = (path: string): Uint8Array => {
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    throw new CliError(
      `プラグインファイルがありません: ${path}（--skip-build を外すか、先に npm run build:plugin を実行してください）`,
    );
  }
};

const build = async (args: readonly string[], zip: string): Promise<void> => {
  const ppk = flag(args, "ppk");
  const { built, packed } = await buildAndPack({
    outDir: flag(args, "out-dir") ?? DEFAULT_OUT_DIR,
    zipPath: zip,
    ...(ppk === undefined ? {} : { ppk }),
  });
  console.log(
    [`プラグイン ID: ${packed.id}`, ...sizeLines(built.sizes)].join("\n"),
  );
  if (desktopSize(built.sizes).gzipBytes > DESKTOP_GZIP_LIMIT_BYTES) {
    throw new CliError(
      `PC 用の JavaScript が gzip 後に ${DESKTOP_GZIP_LIMIT_BYTES / 1024} KB を超えているため、インストールしません。`,
    );
  }
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  onlyOptions(args, SPEC);
  const connection = connectionFrom(args);
  const appsFile = flag(args, "apps-file") ?? DEFAULT_APPS_FILE;
  const app =
    flag(args, "app-id") ??
    requireAppId(
      readAppIds(appsFile, connection.baseUrl),
      "registration",
      appsFile,
    );
  const zip = flag(args, "zip") ?? DEFAULT_ZIP;
  if (!hasFlag(args, "skip-build")) {
    await build(args, zip);
  }
  try {
    await installPlugin({
      client: clientFor(connection),
      zip: zipBytes(zip),
      app,
      appName: registration.name,
      log: (line) => console.log(line),
    });
  } catch (e) {
    throw unreachable(e, connection.baseUrl);
  }
};

runCli(main);
