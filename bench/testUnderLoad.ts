/**
 * `npm run test:busy`: the whole suite (`npm test`) while other processes keep every core busy,
 * to show that no test depends on the machine's speed. It starts one busy loop per core (or
 * `--loops N`), runs `npm test`, stops the loops whatever happens, and records the outcome and
 * the duration in bench/results/test-under-load.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { CliError, flag, runCli, wantsHelp } from "../scripts/lib/cli.ts";
import { recordResult } from "./results.ts";

const HELP = `使い方: npm run test:busy [-- --loops N]

  CPU のすべてのコアを別のプロセス（空回りするループ）でふさいだまま npm test を実行し、
  結果と所要時間を bench/results/test-under-load.json に記録します。ループは終了時に必ず止めます。
  --loops N  ふさぐプロセスの数（既定: コア数）

Runs the whole suite while busy loops keep the cores busy; records the result and duration.`;

/** Runs `npm test`, passing its output through; resolves with its exit code and output. */
const npmTest = (): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const chunks: string[] = [];
    const test = spawn("npm", ["test"], { stdio: ["ignore", "pipe", "pipe"] });
    test.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk.toString("utf8"));
      process.stdout.write(chunk);
    });
    test.stderr.on("data", (chunk: Buffer) => {
      chunks.push(chunk.toString("utf8"));
      process.stderr.write(chunk);
    });
    test.on("close", (code) => resolve({ code, output: chunks.join("") }));
  });

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const given = flag(args, "loops");
  const loops = given === undefined ? availableParallelism() : Number(given);
  if (!Number.isInteger(loops) || loops < 0) {
    throw new CliError("--loops には 0 以上の整数を指定してください。");
  }

  const busy: ChildProcess[] = Array.from({ length: loops }, () =>
    spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
  );
  const stopLoops = (): void => {
    for (const b of busy) {
      b.kill("SIGKILL");
    }
  };
  // The loops must not outlive this process, however it ends.
  process.on("exit", stopLoops);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopLoops();
      process.kill(process.pid, signal);
    });
  }

  const started = Date.now();
  const loadSamples: number[] = [];
  const sampler = setInterval(
    () => loadSamples.push(loadavg()[0] ?? 0),
    10_000,
  );
  let result: { code: number | null; output: string };
  try {
    result = await npmTest();
  } finally {
    clearInterval(sampler);
    stopLoops();
  }
  const summary = result.output
    .split("\n")
    .filter((line) => line.startsWith("Tests:"))
    .at(-1);
  recordResult("test-under-load", {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    busyLoops: loops,
    command: "npm test",
    exitCode: result.code,
    passed: result.code === 0,
    jestSummary: summary ?? null,
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverage1mMax: Math.max(0, ...loadSamples),
  });
  if (result.code !== 0) {
    throw new CliError(
      `npm test が失敗しました（終了コード ${result.code}）。`,
    );
  }
};

runCli(main);
