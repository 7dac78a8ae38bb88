/**
 * `npm run bench`: the three benchmarks one after the other — the local kintone
 * (bench/sandbox.ts), the import (bench/import.ts), the portal (bench/portal.ts) — each run by
 * its own npm script (so its Node flags are package.json's alone), stopping at the first that
 * fails. `--help`
 * prints the usage and runs none of them.
 */
import { spawn } from "node:child_process";
import {
  CliError,
  onlyOptions,
  runCli,
  wantsHelp,
} from "../scripts/lib/cli.ts";

const HELP = `使い方: npm run bench

  3つの性能測定を順に実行し、結果を bench/results/ に記録します。失敗したところで止まります。
    1. npm run bench:sandbox  ローカル kintone（bench/results/sandbox.json）
    2. npm run bench:import   CSV の取り込み（bench/results/import.json）
    3. npm run bench:portal   ポータル（bench/results/portal.json）
  それぞれのオプションは、個別の npm script で指定してください（例: npm run bench:import -- --help）。
  Runs the three benchmarks in order, stopping at the first failure; results in bench/results/.

  --help  この説明を表示します（何も実行しません）/ this help`;

const STEPS = ["bench:sandbox", "bench:import", "bench:portal"];

const SPEC = {
  command: "npm run bench",
  switches: ["--help", "-h"],
  valued: [],
};

/** Runs one benchmark's npm script, its output straight to the terminal; its exit code. */
const run = (script: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", script], { stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  onlyOptions(args, SPEC);
  for (const script of STEPS) {
    const code = await run(script);
    if (code !== 0) {
      throw new CliError(
        `npm run ${script} が終了コード ${code} で終わったため、残りの測定は実行しません。`,
      );
    }
  }
};

runCli(main);
