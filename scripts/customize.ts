/**
 * `npm run build:customize`: builds the kintone customizations (one bundle per app and device)
 * into dist/customize/, prints their sizes raw and gzipped, records them in
 * bench/results/customize.json, and fails when one is over 20 KB gzipped. See `--help`.
 */
import { availableParallelism } from "node:os";
import { recordResult } from "../bench/results.ts";
import {
  buildBundles,
  DEFAULT_OUT_DIR,
  GZIP_LIMIT_BYTES,
  oversized,
  sizeTable,
} from "./customize/bundles.ts";
import { CliError, flag, runCli, wantsHelp } from "./lib/cli.ts";

const HELP = `使い方: npm run build:customize [-- --out-dir <folder>]

  kintone のカスタマイズ（認定進捗・事業所利用登録・同意・事業所マスタ、PC 用とモバイル用）を
  webpack でビルドし、ファイルごとのサイズ（そのまま・gzip 圧縮後）を表で表示して
  bench/results/customize.json に記録します。gzip 後に ${GZIP_LIMIT_BYTES / 1024} KB を超える
  ファイルがあれば失敗します（終了コード 1）。kintone への反映は npm run upload:customize です。
  Builds one bundle per app and device with webpack, prints their sizes raw and gzipped,
  records them in bench/results/customize.json, and fails if one exceeds 20 KB gzipped.

オプション / Options:
  --out-dir <folder>  出力先（既定: ${DEFAULT_OUT_DIR}）。Output folder.
  --help              この説明を表示します。`;

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  for (const a of args) {
    if (a.startsWith("--") && !a.startsWith("--out-dir")) {
      throw new CliError(
        `不明なオプションです: ${a}（npm run build:customize -- --help で使い方を表示します）`,
      );
    }
  }
  const started = Date.now();
  const sizes = await buildBundles({
    outDir: flag(args, "out-dir") ?? DEFAULT_OUT_DIR,
  });
  console.log(sizeTable(sizes));
  const over = oversized(sizes);
  recordResult(
    "customize",
    {
      date: new Date().toISOString(),
      node: process.version,
      cores: availableParallelism(),
      buildSeconds: Number(((Date.now() - started) / 1000).toFixed(2)),
      bundles: sizes.map((s) => ({
        app: s.app,
        device: s.device,
        bytes: s.bytes,
        gzipBytes: s.gzipBytes,
      })),
      maxGzipBytes: Math.max(...sizes.map((s) => s.gzipBytes)),
      bar: `every bundle ≤ ${GZIP_LIMIT_BYTES} bytes (20 KB) gzipped`,
      pass: over.length === 0,
    },
    { print: false },
  );
  if (over.length > 0) {
    throw new CliError(
      `gzip 後に ${GZIP_LIMIT_BYTES / 1024} KB を超えるファイルがあります: ${over.map((s) => `${s.app}/${s.device}`).join("、")}`,
    );
  }
  console.log(
    `すべて gzip 後 ${GZIP_LIMIT_BYTES / 1024} KB 以内です。記録: bench/results/customize.json`,
  );
};

runCli(main);
