/**
 * The shipper against the local kintone with the 閲覧ログ app deployed by the deploy tool and the
 * portal's add-only token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { openAuditLog, type AuditLog } from "../log.ts";
import {
  startAuditShipper,
  type AuditShipper,
  type AuditShipperOptions,
  type ShipFailure,
} from "../shipper.ts";
import {
  deployAccessLog,
  eventIdsInKintone,
  portalClient,
  type AccessLogApp,
} from "./kintone.ts";
import { waitFor } from "../../../test/support/waitFor.ts";

let dir: string;
let t: TestSandbox;
let kintone: AccessLogApp;
let bulkRequests = 0;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "audit-shipper-"));
  t = await startTestSandbox({
    onResponse: (method, path) => {
      if (method === "POST" && path.endsWith("/bulkRequest.json")) {
        bulkRequests += 1;
      }
    },
  });
  kintone = await deployAccessLog(t.sandbox.url, dir);
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c();
  }
  expectConformingResponses(t);
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

let logCount = 0;
const newLog = (): AuditLog => {
  logCount += 1;
  const log = openAuditLog(join(dir, `audit-${logCount}.sqlite`));
  cleanups.push(() => log.close());
  return log;
};

const ship = (
  log: AuditLog,
  o: Partial<AuditShipperOptions> = {},
): AuditShipper => {
  const shipper = startAuditShipper({
    log,
    client: portalClient(t.sandbox.url, kintone.token),
    app: kintone.app,
    intervalMs: 60_000,
    ...o,
  });
  cleanups.push(() => shipper.stop());
  return shipper;
};

const recordSearches = (log: AuditLog, n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    log.record({
      eventType: "search",
      email: "demo@example.jp",
      officeNo: "1310000001",
      searchMethod: "insuredNo",
      searchValues: String(100000 + i),
      hitCount: 1,
      shownRecords: [`R-${i}`],
      ip: "127.0.0.1",
      userAgent: "jest",
    }),
  );

/** How often each of `ids` is in kintone. */
const timesInKintone = async (ids: readonly string[]): Promise<number[]> => {
  const counts = await eventIdsInKintone(kintone.admin, kintone.app);
  return ids.map((id) => counts.get(id) ?? 0);
};

test("the portal's access-log token adds records but cannot read them", async () => {
  const client = portalClient(t.sandbox.url, kintone.token);
  await expect(
    client.record.addRecord({
      app: kintone.app,
      record: {
        eventId: { value: "token-check" },
        occurredAt: { value: "2026-04-01T00:00:00Z" },
        eventType: { value: "ログアウト" },
      },
    }),
  ).resolves.toHaveProperty("id");
  const read = client.record.getRecords({ app: kintone.app });
  await expect(read).rejects.toBeInstanceOf(KintoneRestAPIError);
  await expect(read).rejects.toMatchObject({ code: "GAIA_NO01" });
});

test("recorded events are shipped exactly once, whether by flush or by the timer", async () => {
  const log = newLog();
  const shipper = ship(log, { intervalMs: 50 });
  const first = recordSearches(log, 5);
  await shipper.flush();
  await shipper.flush();
  const later = recordSearches(log, 3);
  await waitFor(() => log.counts().pending === 0, 60_000, "the timer");
  await shipper.flush();
  expect(await timesInKintone([...first, ...later])).toEqual(Array(8).fill(1));
  expect(shipper.status().totals).toEqual({ shipped: 8, alreadyInKintone: 0 });
});

test("an event arrives in kintone with every field as recorded", async () => {
  const log = newLog();
  const [id] = recordSearches(log, 1);
  const values = log.pending(1)[0]?.values;
  await ship(log).flush();
  const { records } = await kintone.admin.record.getRecords({
    app: kintone.app,
    query: `eventId = "${id}"`,
  });
  expect(records).toHaveLength(1);
  const got = Object.fromEntries(
    Object.keys(values ?? {}).map((code) => [code, records[0]?.[code]?.value]),
  );
  // kintone keeps DATETIME to the minute; the order within a minute is the record number's.
  expect(got).toEqual({
    ...values,
    occurredAt: `${values?.occurredAt.slice(0, 16)}:00Z`,
  });
});

test("up to 2,000 pending events go out in a single bulkRequest", async () => {
  const log = newLog();
  const ids = recordSearches(log, 250);
  const before = bulkRequests;
  const result = await ship(log).flush();
  expect(result).toEqual({ shipped: 250, alreadyInKintone: 0, pending: 0 });
  expect(bulkRequests - before).toBe(1);
  expect(await timesInKintone(ids)).toEqual(Array(250).fill(1));
});

test("a batch of which kintone already has some events ships the rest, without duplicates", async () => {
  const log = newLog();
  const ids = recordSearches(log, 250);
  // One event in each request of 100 of the coming bulkRequest is already in kintone.
  const there = [5, 150, 240].map((i) => log.pending(250)[i]);
  await kintone.admin.record.addRecords({
    app: kintone.app,
    records: there.map((e) =>
      Object.fromEntries(
        Object.entries(e?.values ?? {}).map(([k, value]) => [k, { value }]),
      ),
    ),
  });
  const shipper = ship(log);
  await shipper.flush();
  expect(shipper.status().totals).toEqual({
    shipped: 247,
    alreadyInKintone: 3,
  });
  expect(log.counts()).toMatchObject({ pending: 0, shipped: 250 });
  expect(await timesInKintone(ids)).toEqual(Array(250).fill(1));
});

test("a batch kintone committed before a crash is marked shipped, not added again", async () => {
  const log = newLog();
  const ids = recordSearches(log, 120);
  // As if the portal died after kintone's commit and before marking: the events are in
  // kintone, still pending here.
  const sent = log.pending(120);
  await kintone.admin.record.addAllRecords({
    app: kintone.app,
    records: sent.map((e) =>
      Object.fromEntries(
        Object.entries(e.values).map(([k, value]) => [k, { value }]),
      ),
    ),
  });
  const more = recordSearches(log, 4);
  const shipper = ship(log);
  await shipper.flush();
  expect(shipper.status().totals).toEqual({
    shipped: 4,
    alreadyInKintone: 120,
  });
  expect(await timesInKintone([...ids, ...more])).toEqual(Array(124).fill(1));
});

test("a refusal that is not a duplicate keeps every event pending and is retried", async () => {
  const log = newLog();
  recordSearches(log, 3);
  const failures: ShipFailure[] = [];
  const shipper = startAuditShipper({
    log,
    client: portalClient(t.sandbox.url, "not-a-token"),
    app: kintone.app,
    intervalMs: 60_000,
    initialBackoffMs: 10,
    maxBackoffMs: 40,
    onError: (f) => failures.push(f),
  });
  cleanups.push(() => shipper.stop());
  await expect(shipper.flush()).rejects.toBeInstanceOf(KintoneRestAPIError);
  await waitFor(() => failures.length >= 4, 60_000, "retries");
  expect(log.counts()).toMatchObject({ pending: 3, shipped: 0 });
  expect(shipper.status()).toMatchObject({
    pending: 3,
    lastErrorCode: failures[0]?.code,
  });
  expect(failures[0]?.code).toMatch(/^GAIA_/);
});

test("a refusal on another field keeps the events pending; the log line names the field, no value", async () => {
  const log = newLog();
  const ids = recordSearches(log, 2);
  // A kintone whose drop-down lost an option: every attempt is refused on eventType.
  const drifted = {
    ...log,
    pending: (n: number) =>
      log.pending(n).map((e) => ({
        ...e,
        values: { ...e.values, eventType: "不明な種別" },
      })),
  };
  const lines: string[] = [];
  const shipper = ship(drifted, {
    initialBackoffMs: 10,
    maxBackoffMs: 20,
    logLine: (l) => lines.push(l),
  });
  await expect(shipper.flush()).rejects.toMatchObject({ code: "CB_VA01" });
  expect(log.counts()).toMatchObject({ pending: 2, shipped: 0 });
  expect(lines.at(-1)).toMatch(
    /^audit: shipping failed \(CB_VA01 on eventType, attempt \d+\); retry in \d+ ms$/,
  );
  expect(lines.join("\n")).not.toMatch(/demo@example|10000|R-0/);
  expect(await timesInKintone(ids)).toEqual([0, 0]);
});
