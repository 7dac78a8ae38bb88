/**
 * `npm run build:plugin`: builds the kintone plugin (plugin/src with webpack, the files the root
 * manifest.json names) into dist/plugin/, packs it with @kintone/plugin-packer into
 * dist/plugin.zip, prints the plugin id and the sizes, records them in bench/results/plugin.json
 * and fails when the desktop bundle is over 60 KB gzipped. See `--help`.
 */
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { recordResult } from "../../bench/results.ts";
import { CliError, flag, onlyOptions, runCli, wantsHelp } from "../lib/cli.ts";
import {
  DEFAULT_OUT_DIR,
  DEFAULT_ZIP,
  DESKTOP_GZIP_LIMIT_BYTES,
  desktopSize,
  sizeLines,
} from "./bundle.ts";
import { buildAndPack, DEV_KEY, type KeyChoice } from "./pack.ts";

const HELP = `使い方: npm run build:plugin [-- オプション]

  kintone のプラグイン（事業所利用登録アプリの審査と利用停止）をビルドしてパッケージします。
  plugin/src の画面（PC 用・モバイル用・設定画面）を webpack でまとめ、manifest.json に
  書かれたファイル（アイコン・設定画面の HTML と CSS）と一緒に ${DEFAULT_OUT_DIR} に置き、
  公式の @kintone/plugin-packer で署名して ${DEFAULT_ZIP} を作ります。
  プラグイン ID とファイルのサイズ（そのまま・gzip 圧縮後）を表示し、
  bench/results/plugin.json に記録します。PC 用の JavaScript が gzip 後に
  ${DESKTOP_GZIP_LIMIT_BYTES / 1024} KB を超えると失敗します（終了コード 1）。
  kintone へのインストールは npm run upload:plugin です。

  秘密鍵（プラグイン ID が決まります）: --ppk、なければ環境変数 KINTONE_PLUGIN_PPK の
  ファイルを使います。どちらもなければ開発用の鍵 ${DEV_KEY} を使い、ないときは作ります
  （次回からも同じ鍵なので、プラグイン ID は変わりません）。鍵はリポジトリに入れないでください。
  本番の鍵は安全な場所に保管し、なくさないでください（別の鍵では別のプラグインになります）。

  Builds plugin/src with webpack, lays out the files manifest.json names in dist/plugin/,
  packs them with @kintone/plugin-packer into dist/plugin.zip, prints the plugin id and
  sizes, records them in bench/results/plugin.json, and fails if the desktop bundle
  exceeds 60 KB gzipped.

オプション / Options:
  --ppk <path>        秘密鍵のファイル（既定: KINTONE_PLUGIN_PPK、なければ ${DEV_KEY}）。
  --out-dir <folder>  ビルドの出力先（既定: ${DEFAULT_OUT_DIR}）。
  --zip <path>        プラグインファイルの出力先（既定: ${DEFAULT_ZIP}）。
  --help              この説明を表示します。`;

const SPEC = {
  command: "npm run build:plugin",
  switches: ["--help", "-h"],
  valued: ["--ppk", "--out-dir", "--zip"],
};

const keyNote = (key: KeyChoice): string => {
  if (key.created) {
    return "（開発用の鍵を新しく作りました）";
  }
  return key.dev ? "（開発用の鍵）" : "";
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  onlyOptions(args, SPEC);
  const started = Date.now();
  const ppk = flag(args, "ppk");
  const { built, packed } = await buildAndPack({
    outDir: flag(args, "out-dir") ?? DEFAULT_OUT_DIR,
    zipPath: flag(args, "zip") ?? DEFAULT_ZIP,
    ...(ppk === undefined ? {} : { ppk }),
  });
  const desktop = desktopSize(built.sizes);
  const pass = desktop.gzipBytes <= DESKTOP_GZIP_LIMIT_BYTES;
  console.log(
    [
      `プラグイン ID: ${packed.id}`,
      `秘密鍵: ${relative(process.cwd(), packed.key.path)}${keyNote(packed.key)}`,
      `プラグインファイル: ${relative(process.cwd(), packed.zip)}（${(packed.bytes / 1024).toFixed(1)} KB）`,
      "ファイルのサイズ:",
      ...sizeLines(built.sizes),
    ].join("\n"),
  );
  recordResult(
    "plugin",
    {
      date: new Date().toISOString(),
      node: process.version,
      cores: availableParallelism(),
      buildSeconds: Number(((Date.now() - started) / 1000).toFixed(2)),
      version: String(built.manifest.version),
      files: built.sizes,
      zipBytes: packed.bytes,
      desktopGzipBytes: desktop.gzipBytes,
      bar: `desktop bundle ≤ ${DESKTOP_GZIP_LIMIT_BYTES} bytes (60 KB) gzipped`,
      pass,
    },
    { print: false },
  );
  if (!pass) {
    throw new CliError(
      `PC 用の JavaScript が gzip 後に ${DESKTOP_GZIP_LIMIT_BYTES / 1024} KB を超えています（${(desktop.gzipBytes / 1024).toFixed(1)} KB）。`,
    );
  }
  console.log(
    `PC 用の JavaScript は gzip 後 ${(desktop.gzipBytes / 1024).toFixed(1)} KB です（上限 ${DESKTOP_GZIP_LIMIT_BYTES / 1024} KB）。記録: bench/results/plugin.json`,
  );
};

runCli(main);
