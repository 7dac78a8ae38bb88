/**
 * The child process of durability.test.ts, run with Node directly:
 *
 *   node auditChild.ts <audit file> <kintone URL> <app> <token> run|flush
 *
 * run: records events as fast as it can while the shipper sends them every few milliseconds;
 * prints `recorded <id>` after each record() has returned, and the shipper's log lines. It runs
 * until it is killed. flush: ships everything pending, prints `flushed <pending>` and exits.
 */
import { writeSync } from "node:fs";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { openAuditLog } from "../log.ts";
import { startAuditShipper } from "../shipper.ts";

const [file, baseUrl, app, token, mode] = process.argv.slice(2);
if (
  !file ||
  !baseUrl ||
  !app ||
  !token ||
  (mode !== "run" && mode !== "flush")
) {
  throw new Error("usage: auditChild.ts <file> <url> <app> <token> run|flush");
}

/** A synchronous write: once printed, the line is in the pipe even if we are killed next. */
const print = (line: string): void => {
  writeSync(1, `${line}\n`);
};

const log = openAuditLog(file);
const shipper = startAuditShipper({
  log,
  client: new KintoneRestAPIClient({ baseUrl, auth: { apiToken: token } }),
  app,
  batchSize: 40,
  intervalMs: 5,
  initialBackoffMs: 5,
  maxBackoffMs: 50,
  logLine: print,
  // Shipping every few milliseconds: a day's budget of requests is not what is tested here.
  dailyRequestBudget: Number.MAX_SAFE_INTEGER,
});

if (mode === "flush") {
  const result = await shipper.flush();
  await shipper.stop();
  log.close();
  print(`flushed ${result.pending}`);
} else {
  let n = 0;
  const burst = (): void => {
    for (let i = 0; i < 3; i += 1) {
      n += 1;
      const id = log.record({
        eventType: "search",
        searchMethod: "insuredNo",
        searchValues: String(100000 + (n % 900000)),
        hitCount: 1,
        shownRecords: [`R-${n}`],
      });
      print(`recorded ${id}`);
    }
    setTimeout(burst, 1);
  };
  // The shipper's timer is unref'd; this keeps the process alive until it is killed.
  setInterval(() => undefined, 60_000);
  burst();
}
