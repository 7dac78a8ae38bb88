/**
 * `npm run settings`: writes README.md's table of the portal's settings (between
 * `<!-- settings:begin -->` and `<!-- settings:end -->`) and `.env.example` from the settings
 * table, portal/settings.ts. `--check` writes nothing and fails when either is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliError, flag, onlyOptions, runCli, wantsHelp } from "./lib/cli.ts";
import { format } from "prettier";
import {
  envExample,
  settingsTableSource,
  withSettingsTable,
} from "./lib/settingsDocs.ts";

const HELP = `使い方: npm run settings [-- --check]

  ポータルの設定の一覧（portal/settings.ts）から、README.md の設定の表
  （<!-- settings:begin --> と <!-- settings:end --> の間）と .env.example を書き直します。
  --check  何も書かず、どちらかが一覧と合っていなければ終了コード 1 で終わります。
  --root   README.md と .env.example のあるフォルダ（既定: このリポジトリ）

Writes README.md's settings table and .env.example from portal/settings.ts; --check only
compares them.`;

/** The table as prettier formats the README (aligned columns). */
const settingsTable = async (): Promise<string> =>
  (await format(settingsTableSource(), { parser: "markdown" })).trimEnd();

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  onlyOptions(args, {
    command: "npm run settings",
    switches: ["--check"],
    valued: ["--root"],
  });
  const root = flag(args, "root") ?? join(import.meta.dirname, "..");
  const readmePath = join(root, "README.md");
  const examplePath = join(root, ".env.example");
  const readme = readFileSync(readmePath, "utf8");
  let wantedReadme: string;
  try {
    wantedReadme = withSettingsTable(readme, await settingsTable());
  } catch {
    throw new CliError(
      "README.md に <!-- settings:begin --> と <!-- settings:end --> の行がありません。表を置く場所に2行を書いてください。",
    );
  }
  const wantedExample = envExample();
  let example = "";
  try {
    example = readFileSync(examplePath, "utf8");
  } catch {
    // Not written yet: out of date.
  }
  const stale = [
    readme === wantedReadme ? null : "README.md",
    example === wantedExample ? null : ".env.example",
  ].filter((f) => f !== null);
  if (args.includes("--check")) {
    if (stale.length > 0) {
      throw new CliError(
        `${stale.join(" と ")} が portal/settings.ts と合っていません。npm run settings で書き直してください。`,
      );
    }
    process.stdout.write(
      "README.md の設定の表と .env.example は portal/settings.ts と合っています。\n",
    );
    return;
  }
  writeFileSync(readmePath, wantedReadme);
  writeFileSync(examplePath, wantedExample);
  process.stdout.write(
    stale.length > 0
      ? `書き直しました: ${stale.join("、")}\n`
      : "変更はありません。\n",
  );
};

runCli(main);
