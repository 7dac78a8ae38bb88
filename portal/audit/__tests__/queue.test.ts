/**
 * The local queue's cap: beyond `maxPending` waiting events, record and append refuse with
 * AuditQueueFull and write nothing; once events are shipped they are accepted again. The alarm
 * logs one line when the queue reaches its threshold and again only after it fell back under.
 */
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { AuditQueueFull, type AuditLog, type AuditLogOptions } from "../log.ts";
import { useTempAuditLogs } from "./tempLogs.ts";

const logs = useTempAuditLogs("audit-queue-");
const open = (o: AuditLogOptions = {}, name = "a.sqlite"): AuditLog =>
  logs.open(name, o);

/** The rows in the file, read by another connection: what a restart would find. */
const rowsInFile = (name = "a.sqlite"): number => {
  const db = new DatabaseSync(join(logs.dir(), name));
  try {
    return Number(
      (
        db.prepare("SELECT COUNT(*) AS n FROM audit_events").get() as {
          n: number;
        }
      ).n,
    );
  } finally {
    db.close();
  }
};

const search = { eventType: "search", email: "someone@example.jp" } as const;

describe("the cap on pending events", () => {
  it("refuses a record beyond the cap without writing it, and accepts again once events are shipped", async () => {
    const log = open({ maxPending: 3 });
    const ids = [1, 2, 3].map(() => log.record(search));
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    expect(rowsInFile()).toBe(3);
    expect(log.counts()).toEqual({ pending: 3, shipped: 0, max: 3 });

    expect(await log.markShipped([ids[0] ?? ""])).toBe(1);
    const next = log.record(search);
    expect(log.pending(10).map((e) => e.id)).toEqual([ids[1], ids[2], next]);
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    expect(rowsInFile()).toBe(4);
  });

  it("rejects the appends of a turn beyond the cap and commits the others whole", async () => {
    const log = open({ maxPending: 5 });
    const settled = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) =>
        log.append({ ...search, hitCount: i }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual([
      ...Array(5).fill("fulfilled"),
      "rejected",
      "rejected",
    ]);
    for (const s of settled.slice(5)) {
      expect(s.status === "rejected" && s.reason).toBeInstanceOf(
        AuditQueueFull,
      );
    }
    const accepted = settled.flatMap((s) =>
      s.status === "fulfilled" ? [s.value] : [],
    );
    // Exactly the accepted events are in the file, each whole.
    const inFile = log.pending(10);
    expect(inFile.map((e) => e.id)).toEqual(accepted);
    expect(inFile.map((e) => e.values.hitCount)).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
    ]);
    expect(rowsInFile()).toBe(5);

    await log.markShipped(accepted.slice(0, 2));
    await expect(log.append(search)).resolves.toEqual(expect.any(String));
    await expect(log.append(search)).resolves.toEqual(expect.any(String));
    await expect(log.append(search)).rejects.toBeInstanceOf(AuditQueueFull);
    expect(log.counts()).toMatchObject({ pending: 5, shipped: 2 });
  });

  it("counts the appends waiting for their commit when a record comes in the same turn", async () => {
    const log = open({ maxPending: 2 });
    const waiting = [log.append(search), log.append(search)];
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    await Promise.all(waiting);
    expect(rowsInFile()).toBe(2);
  });

  it("is counted from the file when it is opened again", () => {
    const first = open({ maxPending: 2 });
    first.record(search);
    first.record(search);
    first.close();
    const again = open({ maxPending: 2 });
    expect(() => again.record(search)).toThrow(AuditQueueFull);
    expect(rowsInFile()).toBe(2);
  });

  it("does not count shipped events: they are deleted by the retention, not capped", async () => {
    const log = open({ maxPending: 2 });
    for (let i = 0; i < 5; i += 1) {
      const id = log.record(search);
      await log.markShipped([id]);
    }
    log.record(search);
    log.record(search);
    expect(log.counts()).toEqual({ pending: 2, shipped: 5, max: 2 });
  });
});

describe("the alarm", () => {
  it("logs one line when the queue reaches the threshold, and again only after it fell back under", async () => {
    const lines: string[] = [];
    const log = open({ maxPending: 10, logLine: (l) => lines.push(l) });
    const ids = Array.from({ length: 7 }, () => log.record(search));
    expect(lines).toEqual([]);
    ids.push(log.record(search));
    expect(lines).toEqual([
      "audit: local queue at 80% of its cap (8 pending, cap 10) — check shipping to kintone",
    ]);
    ids.push(log.record(search), log.record(search));
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    // The threshold line once; the first refusal once, not every refusal.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      "audit: local queue full (cap 10): new events are refused and the portal shows no records until shipping catches up",
    );

    await log.markShipped(ids.slice(0, 2)); // 8 pending: still at the threshold
    expect(lines).toHaveLength(2);
    await log.markShipped(ids.slice(2, 3)); // 7
    expect(lines.at(-1)).toBe(
      "audit: local queue back under 80% of its cap (7 pending)",
    );
    log.record(search); // 8 again
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^audit: local queue at 80% of its cap/);
    log.record(search);
    log.record(search);
    expect(() => log.record(search)).toThrow(AuditQueueFull);
    expect(lines).toHaveLength(5);
    expect(lines.join("\n")).not.toContain("example.jp");
  });

  it("crossed by appends committed in groups, logs once", async () => {
    const lines: string[] = [];
    const log = open({
      maxPending: 100,
      alarmRatio: 0.5,
      logLine: (l) => lines.push(l),
    });
    await Promise.all(Array.from({ length: 60 }, () => log.append(search)));
    // The count is the pending events when the group that crossed the threshold was written.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^audit: local queue at 50% of its cap \((5\d|60) pending, cap 100\) — check shipping to kintone$/,
    );
  });

  it("logs at once when the log is opened on a queue already past the threshold", () => {
    const first = open({ maxPending: 1_000 });
    for (let i = 0; i < 9; i += 1) {
      first.record(search);
    }
    first.close();
    const lines: string[] = [];
    open({ maxPending: 10, logLine: (l) => lines.push(l) });
    expect(lines).toEqual([
      "audit: local queue at 80% of its cap (9 pending, cap 10) — check shipping to kintone",
    ]);
  });
});

describe("the shipper's request count", () => {
  it("is kept per day in the file, and earlier days are forgotten", async () => {
    const log = open();
    expect(log.requestsOn("2026-04-01")).toBe(0);
    expect(await log.countRequests("2026-04-01", 3)).toBe(3);
    expect(await log.countRequests("2026-04-01", 2)).toBe(5);
    log.close();
    const again = open();
    expect(again.requestsOn("2026-04-01")).toBe(5);
    expect(await again.countRequests("2026-04-02", 1)).toBe(1);
    expect(again.requestsOn("2026-04-01")).toBe(0);
  });
});
