/**
 * The shipper's daily request budget, against a fake kintone client that counts bulkRequests:
 * once the day's budget is spent nothing more is sent until kintone's day turns (09:00 JST,
 * 00:00 UTC), the events wait in the log, and the count survives a restart. The clock is
 * injected; the shipper's own timer is kept out of the way (an hour).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  KintoneRestAPIError,
  type KintoneRestAPIClient,
} from "@kintone/rest-api-client";
import { openAuditLog, type AuditLog } from "../log.ts";
import {
  kintoneDayOf,
  startAuditShipper,
  type AuditShipper,
  type AuditShipperOptions,
} from "../shipper.ts";

interface FakeKintone {
  client: KintoneRestAPIClient;
  /** The eventIds of each bulkRequest received, in order. */
  bulks: string[][];
  /** While set, every bulkRequest fails with this error (after being counted). */
  failWith: Error | null;
  /**
   * Events kintone already has (committed before a crash): a bulkRequest holding one is refused
   * whole with CB_VA01 on its eventId, as kintone's unique check does.
   */
  known: Set<string>;
}

/** kintone's answer to a bulkRequest whose request `index` repeats the eventIds at `records`. */
const duplicateError = (index: number, records: number[]) =>
  new KintoneRestAPIError({
    status: 400,
    headers: {},
    data: {
      results: [
        ...Array.from({ length: index }, () => ({})),
        {
          id: "fake",
          code: "CB_VA01",
          message: "入力内容が正しくありません。",
          errors: Object.fromEntries(
            records.map((i) => [
              `records[${i}].eventId.value`,
              { messages: ["値がほかのレコードと重複しています。"] },
            ]),
          ),
        },
      ],
    },
  } as unknown as ConstructorParameters<typeof KintoneRestAPIError>[0]);

const fakeKintone = (): FakeKintone => {
  const fake: FakeKintone = {
    bulks: [],
    failWith: null,
    known: new Set(),
    client: {} as KintoneRestAPIClient,
  };
  const bulkRequest = ({
    requests,
  }: {
    requests: Array<{
      payload: { records: Array<{ eventId: { value: string } }> };
    }>;
  }) => {
    fake.bulks.push(
      requests.flatMap((r) => r.payload.records.map((x) => x.eventId.value)),
    );
    if (fake.failWith) {
      return Promise.reject(fake.failWith);
    }
    for (const [index, r] of requests.entries()) {
      const repeated = r.payload.records.flatMap((x, i) =>
        fake.known.has(x.eventId.value) ? [i] : [],
      );
      if (repeated.length > 0) {
        return Promise.reject(duplicateError(index, repeated));
      }
    }
    return Promise.resolve({ results: requests.map(() => ({})) });
  };
  fake.client = { bulkRequest } as unknown as KintoneRestAPIClient;
  return fake;
};

let dir: string;
let clock: Date;
const cleanups: Array<() => unknown> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-budget-"));
  // 12:00 JST on 1 April.
  clock = new Date("2026-04-01T03:00:00Z");
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c();
  }
  rmSync(dir, { recursive: true, force: true });
});

const newLog = (): AuditLog => {
  const log = openAuditLog(join(dir, "audit.sqlite"));
  cleanups.push(() => {
    try {
      log.close();
    } catch {
      // already closed by the test
    }
  });
  return log;
};

const ship = (
  log: AuditLog,
  kintone: FakeKintone,
  o: Partial<AuditShipperOptions> = {},
): AuditShipper => {
  const shipper = startAuditShipper({
    log,
    client: kintone.client,
    app: "42",
    intervalMs: 3_600_000,
    initialBackoffMs: 3_600_000,
    now: () => clock,
    ...o,
  });
  cleanups.push(() => shipper.stop());
  return shipper;
};

const recordSearches = (log: AuditLog, n: number): string[] =>
  Array.from({ length: n }, () =>
    log.record({ eventType: "search", email: "someone@example.jp" }),
  );

test("kintone's day turns at 09:00 JST, which is 00:00 UTC", () => {
  expect(kintoneDayOf(new Date("2026-04-02T08:59:59+09:00"))).toBe(
    "2026-04-01",
  );
  expect(kintoneDayOf(new Date("2026-04-02T09:00:00+09:00"))).toBe(
    "2026-04-02",
  );
});

test("the shipper stops at the day's budget, keeps the rest pending, and goes on the next kintone day", async () => {
  const log = newLog();
  const kintone = fakeKintone();
  const lines: string[] = [];
  const ids = recordSearches(log, 100);
  const shipper = ship(log, kintone, {
    batchSize: 10,
    dailyRequestBudget: 4,
    logLine: (l) => lines.push(l),
  });

  await expect(shipper.flush()).resolves.toEqual({
    shipped: 40,
    alreadyInKintone: 0,
    pending: 60,
  });
  expect(kintone.bulks).toEqual([
    ids.slice(0, 10),
    ids.slice(10, 20),
    ids.slice(20, 30),
    ids.slice(30, 40),
  ]);
  expect(lines).toEqual([
    "audit: today's budget of 4 kintone requests to the access log app is spent; 60 event(s) wait for kintone's next day (09:00 JST)",
  ]);
  expect(shipper.status()).toMatchObject({
    pending: 60,
    budget: { day: "2026-04-01", used: 4, limit: 4 },
    failures: 0,
  });

  // Later the same kintone day (08:59 JST the next morning): nothing is sent, nothing is lost,
  // and the line is not repeated.
  clock = new Date("2026-04-02T08:59:00+09:00");
  recordSearches(log, 5);
  await expect(shipper.flush()).resolves.toMatchObject({
    shipped: 0,
    pending: 65,
  });
  expect(kintone.bulks).toHaveLength(4);
  expect(lines).toHaveLength(1);

  // 09:00 JST: a new day, a new budget; the oldest events go first.
  clock = new Date("2026-04-02T09:00:00+09:00");
  await expect(shipper.flush()).resolves.toMatchObject({
    shipped: 40,
    pending: 25,
  });
  expect(kintone.bulks.slice(4).flat()).toEqual(ids.slice(40, 80));
  expect(shipper.status().budget).toEqual({
    day: "2026-04-02",
    used: 4,
    limit: 4,
  });
  expect(lines).toHaveLength(2);
  expect(lines.join("\n")).not.toContain("example.jp");
});

test("a bulkRequest counts as one request per 100 events, and is cut to the room left", async () => {
  const log = newLog();
  const kintone = fakeKintone();
  const ids = recordSearches(log, 450);
  const shipper = ship(log, kintone, { dailyRequestBudget: 3 });
  await expect(shipper.flush()).resolves.toMatchObject({
    shipped: 300,
    pending: 150,
  });
  // One bulkRequest of 3 × 100 records, not one of 450 (5 requests) over the budget.
  expect(kintone.bulks).toEqual([ids.slice(0, 300)]);
  expect(shipper.status().budget.used).toBe(3);
});

test("sending a batch again after kintone found some of it already there is counted, and held when the budget is spent", async () => {
  const kintone = fakeKintone();
  const log = newLog();
  const ids = recordSearches(log, 150);
  kintone.known.add(ids[120] ?? "");
  const shipper = ship(log, kintone, { dailyRequestBudget: 2 });
  await expect(shipper.flush()).resolves.toEqual({
    shipped: 0,
    alreadyInKintone: 1,
    pending: 149,
  });
  // The first attempt (2 requests) was refused; sending the other 149 again would be 2 more.
  expect(kintone.bulks).toEqual([ids]);
  expect(shipper.status().budget.used).toBe(2);

  // The next day: the 149 go out in one bulkRequest of 2 requests.
  clock = new Date("2026-04-02T00:00:00Z");
  await expect(shipper.flush()).resolves.toEqual({
    shipped: 149,
    alreadyInKintone: 0,
    pending: 0,
  });
  expect(kintone.bulks[1]).toEqual(ids.filter((_, i) => i !== 120));
});

test("the day's count is kept in the log's file: a restart does not start the budget afresh", async () => {
  const kintone = fakeKintone();
  const first = newLog();
  recordSearches(first, 30);
  const before = ship(first, kintone, { batchSize: 10, dailyRequestBudget: 2 });
  await before.flush();
  await before.stop();
  first.close();
  expect(kintone.bulks).toHaveLength(2);

  const again = newLog();
  const after = ship(again, kintone, { batchSize: 10, dailyRequestBudget: 2 });
  await expect(after.flush()).resolves.toMatchObject({
    shipped: 0,
    pending: 10,
  });
  expect(kintone.bulks).toHaveLength(2);
});

test("failed requests count against the budget too; once it is spent no attempt is made", async () => {
  const log = newLog();
  const kintone = fakeKintone();
  recordSearches(log, 5);
  kintone.failWith = Object.assign(new Error("connect ECONNREFUSED"), {
    code: "ECONNREFUSED",
  });
  const shipper = ship(log, kintone, { dailyRequestBudget: 2 });
  await expect(shipper.flush()).rejects.toThrow("ECONNREFUSED");
  await expect(shipper.flush()).rejects.toThrow("ECONNREFUSED");
  // Spent: the third shipment sends nothing, which is neither a success nor a new failure.
  await expect(shipper.flush()).resolves.toMatchObject({
    shipped: 0,
    pending: 5,
  });
  expect(kintone.bulks).toHaveLength(2);
  expect(shipper.status()).toMatchObject({
    failures: 2,
    lastErrorCode: "ECONNREFUSED",
    lastSuccessAt: null,
    budget: { used: 2, limit: 2 },
  });

  kintone.failWith = null;
  clock = new Date("2026-04-02T00:00:00Z");
  await expect(shipper.flush()).resolves.toMatchObject({
    shipped: 5,
    pending: 0,
  });
  expect(shipper.status()).toMatchObject({ failures: 0, lastErrorCode: null });
});

test("the status shows the local queue's cap beside what is pending", () => {
  const log = openAuditLog(join(dir, "capped.sqlite"), { maxPending: 50 });
  cleanups.push(() => log.close());
  recordSearches(log, 3);
  const shipper = ship(log, fakeKintone());
  expect(shipper.status()).toMatchObject({ pending: 3, maxPending: 50 });
});
