import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { searchFieldsOf, timeOrderedId } from "../log.ts";
import { useTempAuditLogs } from "./tempLogs.ts";

const logs = useTempAuditLogs("audit-log-");
const open = (name: string, now?: () => Date) =>
  logs.open(name, now ? { now } : {});

test("record returns a fresh time-ordered UUID (version 7) for each event", () => {
  const log = open("a.sqlite");
  const ids = Array.from({ length: 50 }, () =>
    log.record({ eventType: "loginRequested" }),
  );
  expect(new Set(ids).size).toBe(50);
  for (const id of ids) {
    expect(id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  }
});

test("an event id starts with its millisecond, so later events sort after earlier ones", () => {
  const at = Date.UTC(2026, 10, 29, 12, 0, 0, 5);
  const id = timeOrderedId(at);
  expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  const later = [1, 2, 1000, 86_400_000].map((ms) => timeOrderedId(at + ms));
  expect([id, ...later].toSorted()).toEqual([id, ...later]);
  expect(timeOrderedId(at)).not.toBe(id);
});

test("recorded events are still pending after the file is closed and opened again", () => {
  const first = open("a.sqlite");
  const ids = [
    first.record({ eventType: "loginSucceeded" }),
    first.record({ eventType: "logout" }),
  ];
  first.close();
  const again = open("a.sqlite");
  expect(again.pending(10).map((e) => e.id)).toEqual(ids);
  expect(again.counts()).toMatchObject({ pending: 2, shipped: 0 });
});

test("text anyone can type is stored so that a spreadsheet will not run it as a formula", () => {
  const log = open("a.sqlite");
  log.record({
    eventType: "loginRequested",
    email: "=1+2@example.jp",
    ip: "198.51.100.7",
    userAgent: '=HYPERLINK("http://example.jp/x","開く")',
  });
  const [event] = log.pending(1);
  expect(event?.values).toMatchObject({
    email: "'=1+2@example.jp",
    ip: "198.51.100.7",
    userAgent: `'=HYPERLINK("http://example.jp/x","開く")`,
  });
});

test("an event is stored as the 閲覧ログ app's field values, labels and all", () => {
  const at = new Date("2026-04-01T01:02:03.456Z");
  const log = open("a.sqlite", () => at);
  const id = log.record({
    eventType: "search",
    email: "someone@example.jp",
    officeNo: "1234567890",
    ...searchFieldsOf({
      method: "dates",
      applicationDateMMDD: "0105",
      birthDateYMD: "19500102",
    }),
    hitCount: 2,
    shownRecords: ["A-0001", "A-0002"],
    ip: "192.0.2.1",
    userAgent: "Mozilla/5.0",
  });
  expect(log.pending(1)[0]?.values).toEqual({
    eventId: id,
    occurredAt: "2026-04-01T01:02:03Z",
    eventType: "検索",
    email: "someone@example.jp",
    officeNo: "1234567890",
    searchMethod: "方法② 申請日（4桁）と生年月日（8桁）で検索",
    searchValues: "0105 / 19500102",
    hitCount: "2",
    shownRecords: "A-0001\nA-0002",
    ip: "192.0.2.1",
    userAgent: "Mozilla/5.0",
  });
});

test("fields left out are empty, and the insured-number search gives its 6 digits", () => {
  const log = open("a.sqlite");
  log.record({ eventType: "rateLimited", ip: "192.0.2.9" });
  log.record({
    eventType: "denied",
    ...searchFieldsOf({ method: "insuredNo", insuredNoLast6: "123456" }),
    hitCount: 0,
  });
  const [limited, denied] = log.pending(2).map((e) => e.values);
  expect(limited).toMatchObject({
    eventType: "回数制限",
    email: "",
    searchMethod: "",
    hitCount: "",
    shownRecords: "",
    ip: "192.0.2.9",
  });
  expect(denied).toMatchObject({
    eventType: "閲覧拒否",
    searchMethod: "方法① 被保険者番号（下6桁）で検索",
    searchValues: "123456",
    hitCount: "0",
  });
});

test("texts are cut to the fields' maximum lengths and kept on one line", () => {
  const log = open("a.sqlite");
  log.record({
    eventType: "loginRequested",
    userAgent: `${"𠮷".repeat(600)}`,
    email: `a\r\nb@example.jp${"x".repeat(300)}`,
    ip: "1".repeat(100),
  });
  const v = log.pending(1)[0]?.values;
  expect([...(v?.userAgent ?? "")]).toHaveLength(512);
  expect(v?.email.startsWith("a  b@example.jp")).toBe(true);
  expect([...(v?.email ?? "")]).toHaveLength(254);
  expect(v?.ip).toHaveLength(64);
});

test("pending gives the oldest first, and marked events are no longer pending", async () => {
  const log = open("a.sqlite");
  const ids = Array.from({ length: 5 }, () =>
    log.record({ eventType: "search" }),
  );
  expect(log.pending(3).map((e) => e.id)).toEqual(ids.slice(0, 3));
  expect(await log.markShipped([ids[0] ?? "", ids[2] ?? ""])).toBe(2);
  expect(await log.markShipped([ids[0] ?? ""])).toBe(0);
  expect(log.pending(10).map((e) => e.id)).toEqual([ids[1], ids[3], ids[4]]);
  expect(log.counts()).toMatchObject({ pending: 3, shipped: 2 });
});

test("shipped events are deleted after the retention, pending ones never", async () => {
  let now = new Date("2026-04-01T00:00:00Z");
  const log = open("a.sqlite", () => now);
  const shipped = log.record({ eventType: "search" });
  log.record({ eventType: "search" });
  await log.markShipped([shipped]);
  now = new Date("2026-04-07T23:00:00Z");
  expect(await log.purgeShipped()).toBe(0);
  now = new Date("2026-04-08T00:00:01Z");
  expect(await log.purgeShipped()).toBe(1);
  expect(log.counts()).toMatchObject({ pending: 1, shipped: 0 });
  now = new Date("2027-01-01T00:00:00Z");
  expect(await log.purgeShipped()).toBe(0);
  expect(log.counts().pending).toBe(1);
});

test("record throws once the log is closed (the caller must not answer)", () => {
  const log = open("a.sqlite");
  log.close();
  expect(() => log.record({ eventType: "search" })).toThrow();
});

describe("append (group commit)", () => {
  it("writes the events of one turn together and resolves once they are on disk", async () => {
    const log = open("a.sqlite");
    const reader = open("a.sqlite");
    const appended = Array.from({ length: 30 }, (_, i) =>
      log.append({ eventType: "search", hitCount: i }),
    );
    // Nothing is written while the turn is still running…
    expect(reader.counts().pending).toBe(0);
    const ids = await Promise.all(appended);
    // …and all of it once the promises have resolved, in the order appended.
    expect(new Set(ids).size).toBe(30);
    const seen = reader.pending(100);
    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(seen.map((e) => e.values.hitCount)).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i)),
    );
  });

  it("rejects every event of a batch whose commit fails, and stores none of them", async () => {
    const log = open("a.sqlite");
    const saboteur = new DatabaseSync(join(logs.dir(), "a.sqlite"));
    saboteur.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON audit_events WHEN (SELECT COUNT(*) FROM audit_events) >= 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    const batch = [1, 2, 3, 4].map(() => log.append({ eventType: "search" }));
    const settled = await Promise.allSettled(batch);
    expect(settled.map((s) => s.status)).toEqual([
      "rejected",
      "rejected",
      "rejected",
      "rejected",
    ]);
    expect(log.counts().pending).toBe(0);
    // The log goes on working for the next turn.
    saboteur.exec("DROP TRIGGER refuse");
    saboteur.close();
    await log.append({ eventType: "logout" });
    expect(log.counts().pending).toBe(1);
  });

  it("writes events still waiting for their turn when the log is closed", () => {
    const log = open("a.sqlite");
    const appended = [
      log.append({ eventType: "logout" }),
      log.append({ eventType: "logout" }),
    ];
    log.close();
    expect(open("a.sqlite").counts().pending).toBe(2);
    return expect(Promise.all(appended)).resolves.toHaveLength(2);
  });

  it("on close, finishes the batches in flight and writes the events appended meanwhile", async () => {
    const log = open("a.sqlite");
    const appended: Array<Promise<string>> = [];
    for (let turn = 1; turn <= 5; turn += 1) {
      appended.push(log.append({ eventType: "search", hitCount: turn }));
      // One turn later this batch has been handed over (it may be written already).
      await new Promise((resolve) => setImmediate(resolve));
    }
    appended.push(log.append({ eventType: "search", hitCount: 6 }));
    log.close();
    expect(
      open("a.sqlite")
        .pending(10)
        .map((e) => e.values.hitCount),
    ).toEqual(["1", "2", "3", "4", "5", "6"]);
    await expect(Promise.all(appended)).resolves.toHaveLength(6);
    await expect(log.append({ eventType: "logout" })).rejects.toThrow(/closed/);
  });

  it("keeps the order of events appended over many turns while commits are in flight", async () => {
    const log = open("a.sqlite");
    const turns: Array<Promise<string>> = [];
    for (let turn = 0; turn < 20; turn += 1) {
      turns.push(log.append({ eventType: "search", hitCount: turn }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ids = await Promise.all(turns);
    expect(log.pending(100).map((e) => e.id)).toEqual(ids);
    expect(log.counts().pending).toBe(20);
  });
});

test("a search by the whole 被保険者番号 is recorded whole, as it was matched", () => {
  expect(
    searchFieldsOf({
      method: "insuredNo",
      insuredNoLast6: "123456",
      insuredNo: "0000123456",
    }),
  ).toEqual({ searchMethod: "insuredNo", searchValues: "0000123456" });
});
