/**
 * kintone down: events stay pending, the waits between attempts grow up to the maximum, and
 * everything arrives, once, when kintone is back (the local kintone restarted on its data folder
 * and port).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../../sandbox/index.ts";
import { openAuditLog } from "../log.ts";
import { startAuditShipper, type ShipFailure } from "../shipper.ts";
import { deployAccessLog, eventIdsInKintone, portalClient } from "./kintone.ts";
import { waitFor } from "../../../test/support/waitFor.ts";

let dir: string;
/** Sandboxes still running (closed ones are taken out). */
const running = new Set<Sandbox>();

const start = async (port: number, dataDir: string): Promise<Sandbox> => {
  const s = await startSandbox({ port, dataDir });
  running.add(s);
  return s;
};

const stop = async (s: Sandbox): Promise<void> => {
  running.delete(s);
  await s.close();
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-outage-"));
});

afterAll(async () => {
  for (const s of [...running]) {
    await stop(s);
  }
  rmSync(dir, { recursive: true, force: true });
});

test("while kintone is down events stay pending and the backoff grows; then all arrive once", async () => {
  const data = join(dir, "sandbox");
  const sandbox = await start(0, data);
  const port = Number(new URL(sandbox.url).port);
  const kintone = await deployAccessLog(sandbox.url, dir);
  const log = openAuditLog(join(dir, "audit.sqlite"));
  const failures: ShipFailure[] = [];
  const shipper = startAuditShipper({
    log,
    client: portalClient(sandbox.url, kintone.token),
    app: kintone.app,
    intervalMs: 30,
    initialBackoffMs: 20,
    maxBackoffMs: 160,
    onError: (f) => failures.push(f),
  });
  try {
    const record = (n: number) =>
      Array.from({ length: n }, () =>
        log.record({ eventType: "search", hitCount: 0 }),
      );
    const before = record(10);
    await shipper.flush();

    await stop(sandbox);
    const during = record(25);
    // The first attempt may still use a kept-alive connection (reset), later ones are refused.
    await expect(shipper.flush()).rejects.toMatchObject({
      code: expect.stringMatching(/^ECONN(RESET|REFUSED)$/),
    });
    await waitFor(() => failures.length >= 7, 60_000, "seven failures");
    expect(log.counts().pending).toBe(25);
    const delays = failures.map((f) => f.delayMs);
    expect(failures.map((f) => f.attempt)).toEqual(delays.map((_, i) => i + 1));
    // Attempt n waits between half and all of min(160, 20 × 2^(n−1)): 10–20, 20–40, 40–80,
    // 80–160, then 80–160 for good.
    delays.forEach((d, i) => {
      const ceiling = Math.min(160, 20 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    expect(shipper.status()).toMatchObject({
      failures: failures.length,
      lastErrorCode: "ECONNREFUSED",
    });

    await start(port, data);
    const after = record(5);
    // The backlog is marked shipped (by the commit worker) before the shipper's pass ends and
    // counts the success: wait for both.
    await waitFor(
      () => log.counts().pending === 0 && shipper.status().failures === 0,
      60_000,
      "the backlog shipped and the shipper back to no failures",
    );
    expect(shipper.status()).toMatchObject({ failures: 0, pending: 0 });
    const counts = await eventIdsInKintone(kintone.admin, kintone.app);
    const all = [...before, ...during, ...after];
    expect(all.map((id) => counts.get(id))).toEqual(Array(40).fill(1));
    expect(counts.size).toBe(40);
  } finally {
    await shipper.stop();
    log.close();
  }
});
