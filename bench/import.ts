/**
 * Benchmark of the progress import. A generated 50,000-row CP932 export is imported
 * into a fresh local kintone (in-process, data on disk) with the apps deployed by the deploy
 * tool, then imported again unchanged. Prints and records in bench/results/import.json the
 * rows per second and the requests made, counted by the sandbox's onResponse.
 * Bar: ≤ 25 bulk requests for 50,000 rows, plus the reads that detect unchanged rows.
 * Run: npm run bench:import [-- --rows N]
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { recordResult } from "./results.ts";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createKintoneClient } from "../kintone/client.ts";
import { startSandbox } from "../sandbox/index.ts";
import { deployApps } from "../scripts/deploy/deployApps.ts";
import { progressBar } from "../scripts/lib/cli.ts";
import {
  importProgress,
  prepareImport,
} from "../scripts/import/importProgress.ts";
import { exportBytes, generateExport } from "../scripts/import/sampleExport.ts";

const args = process.argv.slice(2);
const HELP = `使い方: npm run bench:import [-- --rows N]
  生成した CP932 の CSV（既定 50,000 行）を新しいローカル kintone に取り込み、1秒あたりの行数と
  リクエスト数を測って bench/results/import.json に記録します。続けて同じファイルを再度取り込みます。
  Imports a generated CP932 export into a fresh local kintone, then again unchanged; records
  rows/s and requests in bench/results/import.json.`;

interface Counter {
  bulk: number;
  reads: number;
  other: number;
}

const emptyCounter = (): Counter => ({ bulk: 0, reads: 0, other: 0 });

const seconds = (ms: number): number => Number((ms / 1000).toFixed(2));

const main = async (): Promise<void> => {
  const i = args.indexOf("--rows");
  const ROWS = i >= 0 ? Number(args[i + 1]) : 50_000;
  if (!Number.isInteger(ROWS) || ROWS < 1) {
    throw new Error("--rows must be a positive whole number");
  }
  process.env.NO_PROXY = "localhost";
  const dir = mkdtempSync(join(tmpdir(), "kaigo-bench-import-"));
  let counter = emptyCounter();
  const sandbox = await startSandbox({
    port: 0,
    dataDir: join(dir, "kintone"),
    onResponse: (method, path) => {
      if (path.endsWith("/bulkRequest.json")) {
        counter.bulk++;
      } else if (method === "GET" && /\/records(\/cursor)?\.json$/.test(path)) {
        counter.reads++;
      } else {
        counter.other++;
      }
    },
  });
  const client = createKintoneClient(sandbox.url, {
    username: "admin",
    password: "admin",
  });
  try {
    const { ids } = await deployApps({
      client,
      baseUrl: sandbox.url,
      appsFile: join(dir, "apps.json"),
      deployWait: { pollMs: 10 },
    });
    const app = ids.progress ?? "";

    // Synthetic export: 被保険者番号 99999…, 申請番号 BENCH-…, no names.
    const file = join(dir, "progress.csv");
    writeFileSync(
      file,
      exportBytes(
        generateExport({ rows: ROWS, today: "2026-11-21", prefix: "BENCH-" }),
        "cp932",
      ),
    );
    const bytes = readFileSync(file);

    const runOnce = async (label: string) => {
      counter = emptyCounter();
      const t0 = performance.now();
      const prepared = prepareImport(bytes);
      const t1 = performance.now();
      const result = await importProgress({
        client,
        app,
        bytes,
        prepared,
        progress: (total) => progressBar(label, total, process.stdout),
      });
      const t2 = performance.now();
      const total = t2 - t0;
      return {
        seconds: seconds(total),
        validateSeconds: seconds(t1 - t0),
        kintoneSeconds: seconds(t2 - t1),
        rowsPerSecond: Math.round(ROWS / (total / 1000)),
        added: result.plan?.added ?? 0,
        changed: result.plan?.changed ?? 0,
        unchanged: result.plan?.unchanged ?? 0,
        requests: {
          bulkRequest: counter.bulk,
          reads: counter.reads,
          other: counter.other,
          total: counter.bulk + counter.reads + counter.other,
        },
      };
    };

    const first = await runOnce("初回取り込み");
    const again = await runOnce("再取り込み");
    const stored = await client.record.getRecords({
      app,
      query: "limit 1",
      totalCount: true,
    });
    const bulkBar = Math.ceil(ROWS / 2000);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      rows: ROWS,
      fileBytes: bytes.length,
      encoding: "cp932",
      firstImport: first,
      reImportUnchanged: again,
      storedRecords: Number(stored.totalCount),
      bar: `≤ ${bulkBar} bulk requests for ${ROWS} rows, plus the reads that detect unchanged rows`,
      pass:
        first.requests.bulkRequest <= bulkBar &&
        first.added === ROWS &&
        again.requests.bulkRequest === 0 &&
        again.unchanged === ROWS &&
        Number(stored.totalCount) === ROWS,
    };
    recordResult("import", result);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
} else {
  await main();
}
