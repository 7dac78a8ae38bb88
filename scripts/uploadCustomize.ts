/**
 * `npm run upload:customize`: builds the kintone customizations and deploys them to the four
 * apps with the official @kintone/customize-uploader, one manifest per app with the app id of
 * the apps file. See `--help`.
 */
import {
  customizedApps,
  DEFAULT_OUT_DIR,
  type CustomizedApp,
} from "./customize/bundles.ts";
import { deployCustomizations } from "./customize/upload.ts";
import { DEFAULT_APPS_FILE, readAppIds } from "./lib/appsFile.ts";
import {
  CliError,
  connectionFrom,
  passwordOnlyHelp,
  flag,
  hasFlag,
  onlyOptions,
  runCli,
  wantsHelp,
} from "./lib/cli.ts";

const HELP = `使い方: npm run upload:customize -- [オプション]

  kintone のカスタマイズ（PC 用・モバイル用の JavaScript）をビルドし（npm run build:customize と
  同じ）、公式の @kintone/customize-uploader で ${customizedApps.join("・")} の各アプリに反映します
  （ファイルのアップロード、JavaScript の設定、アプリの更新）。アプリ ID は --apps-file から
  読みます。先に npm run deploy でアプリを作成してください。
  customize/<app>/customize-manifest.json はアプリ ID のないひな形です。ID を入れたものを
  <出力先>/<app>/customize-manifest.json に書いてから uploader に渡します。
  Builds the customizations and deploys them with @kintone/customize-uploader, one manifest per
  app, the app ids read from the apps file.

接続先 / Connection（環境変数またはオプション。npm run deploy と同じ）:
  KINTONE_BASE_URL  --base-url   例: https://city.cybozu.com、ローカルは http://localhost:8090
  KINTONE_USERNAME  --username   アプリ管理権限のあるユーザー
  KINTONE_PASSWORD  --password
  ${passwordOnlyHelp("API トークンは使えません（公式の @kintone/customize-uploader がパスワードか OAuth でしか接続しないため）。")}

オプション / Options:
  --apps-file <path>  アプリ ID のファイル（既定: ${DEFAULT_APPS_FILE}）。
  --app <code>        1つのアプリだけ反映します（${customizedApps.join(", ")}）。
  --out-dir <folder>  ビルドの出力先（既定: ${DEFAULT_OUT_DIR}）。
  --skip-build        ビルドせず、出力先にあるファイルを反映します。
  --help              この説明を表示します。`;

const SPEC = {
  command: "npm run upload:customize",
  switches: ["--skip-build", "--help", "-h"],
  valued: [
    "--apps-file",
    "--app",
    "--out-dir",
    "--base-url",
    "--username",
    "--password",
  ],
};

const appsFrom = (args: readonly string[]): readonly CustomizedApp[] => {
  const one = flag(args, "app");
  if (one === undefined) {
    return customizedApps;
  }
  if (!(customizedApps as readonly string[]).includes(one)) {
    throw new CliError(
      `--app には ${customizedApps.join("・")} のどれかを指定してください（指定: ${one}）。`,
    );
  }
  return [one as CustomizedApp];
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  onlyOptions(args, SPEC);
  const apps = appsFrom(args);
  const connection = connectionFrom(args);
  const appsFile = flag(args, "apps-file") ?? DEFAULT_APPS_FILE;
  await deployCustomizations({
    connection,
    ids: readAppIds(appsFile, connection.baseUrl),
    appsFile,
    outDir: flag(args, "out-dir") ?? DEFAULT_OUT_DIR,
    apps,
    skipBuild: hasFlag(args, "skip-build"),
    log: (line) => console.log(line),
  });
};

runCli(main);
