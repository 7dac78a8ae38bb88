/**
 * Benchmark of the local kintone. Prints and records in
 * bench/results/sandbox.json:
 *   - 50,000 records added with rest-api-client's addAllRecords (target ≤ 20 s)
 *   - read back with getAllRecords (target ≤ 10 s)
 *   - an equality query on an indexed field, median of 200 (target ≤ 10 ms)
 * Run: npm run bench:sandbox [-- --records N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { recordResult } from "./results.ts";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { createKintoneClient } from "../kintone/client.ts";
import { startSandbox } from "../sandbox/index.ts";

const args = process.argv.slice(2);
const HELP = `使い方: npm run bench:sandbox [-- --records N]
  ローカル kintone の性能を測り、bench/results/sandbox.json に記録します。
  Measures the local kintone and records the figures in bench/results/sandbox.json.`;

/** Median and 95th percentile of 200 equality queries on insuredNoLast6, in ms. */
const measureQueries = async (
  client: KintoneRestAPIClient,
  app: string,
  records: ReadonlyArray<{ insuredNoLast6: { value: string } }>,
): Promise<{ median: number; p95: number }> => {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const key =
      records[(i * 997) % records.length]?.insuredNoLast6.value ?? "000000";
    const q0 = performance.now();
    await client.record.getRecords({
      app,
      query: `insuredNoLast6 = "${key}"`,
      fields: ["$id"],
    });
    times.push(performance.now() - q0);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)] ?? NaN,
    p95: times[Math.floor(times.length * 0.95)] ?? NaN,
  };
};

const main = async (): Promise<void> => {
  const countArg = args.indexOf("--records");
  const COUNT = countArg >= 0 ? Number(args[countArg + 1]) : 50_000;

  process.env.NO_PROXY = "localhost";
  const dir = mkdtempSync(join(tmpdir(), "kaigo-bench-"));
  let requests = 0;
  const sandbox = await startSandbox({
    port: 0,
    dataDir: dir,
    onResponse: () => {
      requests++;
    },
  });
  const client = createKintoneClient(sandbox.url, {
    username: "admin",
    password: "admin",
  });

  const progress = (label: string, done: number, total: number): void => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stdout.write(
      `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`,
    );
  };

  try {
    const { app } = await client.app.addApp({ name: "bench 認定進捗" });
    await client.app.addFormFields({
      app,
      properties: {
        applicationNo: {
          type: "SINGLE_LINE_TEXT",
          code: "applicationNo",
          label: "申請番号",
          unique: true,
        },
        insuredNoLast6: {
          type: "SINGLE_LINE_TEXT",
          code: "insuredNoLast6",
          label: "被保険者番号（下6桁）",
        },
        applicationDate: {
          type: "DATE",
          code: "applicationDate",
          label: "申請日",
        },
        stage: { type: "SINGLE_LINE_TEXT", code: "stage", label: "進捗" },
      },
    });
    await client.app.deployApp({ apps: [{ app }] });

    // Synthetic, plainly fake data: numbers from a fixed sequence, no names.
    const records = Array.from({ length: COUNT }, (_, i) => ({
      applicationNo: { value: `BENCH-${String(i).padStart(7, "0")}` },
      insuredNoLast6: {
        value: String((i * 7919) % 1_000_000).padStart(6, "0"),
      },
      applicationDate: {
        value: `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      },
      stage: { value: "申請受付" },
    }));

    const before = requests;
    let t0 = performance.now();
    const chunk = 2000;
    for (let i = 0; i < COUNT; i += chunk) {
      await client.record.addAllRecords({
        app,
        records: records.slice(i, i + chunk),
      });
      progress("add ", Math.min(i + chunk, COUNT), COUNT);
    }
    const addSeconds = (performance.now() - t0) / 1000;
    const addRequests = requests - before;
    process.stdout.write("\n");

    t0 = performance.now();
    const all = await client.record.getAllRecords({
      app,
      fields: ["$id", "insuredNoLast6"],
    });
    const readSeconds = (performance.now() - t0) / 1000;
    if (all.length !== COUNT) {
      throw new Error(`read back ${all.length} of ${COUNT} records`);
    }

    const { median, p95 } = await measureQueries(client, app, records);

    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      records: COUNT,
      addAllRecords: {
        seconds: Number(addSeconds.toFixed(2)),
        requests: addRequests,
        target: "≤ 20 s",
      },
      getAllRecords: {
        seconds: Number(readSeconds.toFixed(2)),
        target: "≤ 10 s",
      },
      equalityQuery: {
        medianMs: Number(median.toFixed(2)),
        p95Ms: Number(p95.toFixed(2)),
        target: "median ≤ 10 ms",
      },
      pass: addSeconds <= 20 && readSeconds <= 10 && median <= 10,
    };
    recordResult("sandbox", result);
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
