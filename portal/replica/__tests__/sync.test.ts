import { addMonths } from "../../../domain/date.ts";
import { emailKey } from "../../../domain/email.ts";
import { parseInsuredNoSearch } from "../../../domain/searchKeys.ts";
import { DEMO_EMAIL } from "../../../scripts/seed/generate.ts";
import type { Replica } from "../replica.ts";
import { replicaApps } from "../rows.ts";
import type { KintoneRecord } from "../types.ts";
import { waitFor } from "../../../test/support/waitFor.ts";
import {
  idOf,
  recordRequests,
  useSeeded,
  valueOf,
  type Seeded,
} from "./fixture.ts";

const seeded = useSeeded();
let s: Seeded;
const opened: Replica[] = [];

beforeAll(() => {
  s = seeded();
});

afterAll(async () => {
  await Promise.all(opened.map((r) => r.close()));
});

const open = (...args: Parameters<Seeded["open"]>): Replica => {
  const r = s.open(...args);
  opened.push(r);
  return r;
};

const loaded = async (...args: Parameters<Seeded["open"]>) => {
  const r = open(...args);
  expect((await r.fullLoad()).ok).toBe(true);
  return r;
};

/** Responses of the record APIs while `work` runs. */
const requestsDuring = async (work: () => Promise<unknown>) => {
  const before = s.responses.length;
  await work();
  return recordRequests(s.responses.slice(before));
};

const searchOne = (r: Replica, record: KintoneRecord) =>
  r
    .searchProgress(
      {
        method: "insuredNo",
        insuredNoLast6: valueOf(record, "insuredNoLast6"),
      },
      { today: s.today, windowMonths: 3 },
    )
    .find((x) => idOf(x) === idOf(record));

const statusOfEmail = (r: Replica, email: string) =>
  r.registrationByEmail(emailKey(email))?.status;

const act = (id: string, action: string) =>
  s.t.client.record.updateRecordStatus({
    app: s.apps.registration,
    id,
    action,
  });

const registrationId = async (email: string): Promise<string> => {
  const found = (await s.all("registration")).find(
    (r) => valueOf(r, "email") === email,
  );
  return found ? idOf(found) : "";
};

/** A clock far enough ahead that the minute of every change so far is over. */
const later = () => new Date(Date.now() + 15 * 60_000);

describe("replica sync", () => {
  it("makes one request per app for a sync with nothing changed", async () => {
    const r = await loaded();
    await r.syncOnce();
    const before = r.status().requests;
    const n = await requestsDuring(() => r.syncOnce());
    expect(n).toBe(replicaApps.length);
    const after = r.status().requests;
    replicaApps.forEach((a) => expect(after[a]).toBe((before[a] ?? 0) + 1));
  });

  it("makes one request per app in incremental mode once the minute of the last change is over", async () => {
    // A page of 20 is smaller than the progress app (200): it is read by 更新日時.
    const r = await loaded({ pageSize: 20, now: later });
    const n = await requestsDuring(() => r.syncOnce());
    expect(n).toBe(replicaApps.length);
  });

  it("shows a record changed in kintone after syncOnce", async () => {
    const r = await loaded();
    const [record] = await s.all("progress");
    const id = idOf(record as KintoneRecord);
    await s.t.client.record.updateRecord({
      app: s.apps.progress,
      id,
      record: { assignedOfficeNo: { value: "1499999999" } },
    });
    expect(
      valueOf(searchOne(r, record as KintoneRecord) ?? {}, "assignedOfficeNo"),
    ).not.toBe("1499999999");
    const outcome = await r.syncOnce();
    expect(outcome).toMatchObject({ ok: true, changed: 1, deleted: 0 });
    expect(
      valueOf(searchOne(r, record as KintoneRecord) ?? {}, "assignedOfficeNo"),
    ).toBe("1499999999");
  });

  it("reads a record added in kintone by 更新日時, deriving the search keys it lacks", async () => {
    const r = await loaded({ pageSize: 20 });
    await r.syncOnce();
    const on = { today: s.today, windowMonths: 3 };
    const byNoQuery = {
      method: "insuredNo",
      insuredNoLast6: "912345",
    } as const;
    // Searched once before, so what the replica keeps in memory must follow the sync.
    expect(r.searchProgress(byNoQuery, on)).toEqual([]);
    const { id } = await s.t.client.record.addRecord({
      app: s.apps.progress,
      record: {
        applicationNo: { value: "TEST-000001" },
        insuredNo: { value: "9999912345" },
        birthDate: { value: "1950-01-02" },
        applicationDate: { value: s.today },
        applicationType: { value: "新規" },
        stage: { value: "申請受付" },
      },
    });
    expect((await r.syncOnce()).changed).toBeGreaterThanOrEqual(1);
    const byNo = r.searchProgress(byNoQuery, on);
    expect(byNo.map(idOf)).toEqual([id]);
    const byDates = r.searchProgress(
      {
        method: "dates",
        applicationDateMMDD: s.today.slice(5).replace("-", ""),
        birthDateYMD: "19500102",
      },
      on,
    );
    expect(byDates.map(idOf)).toEqual([id]);
  });

  it("reads changes by 更新日時, more than a page of them through a cursor", async () => {
    const r = await loaded({ pageSize: 20 });
    const records = (await s.all("progress")).slice(0, 45);
    await s.t.client.record.updateRecords({
      app: s.apps.progress,
      records: records.map((x) => ({
        id: idOf(x),
        record: { assignedOfficeNo: { value: "1488888888" } },
      })),
    });
    const before = s.responses.length;
    const outcome = await r.syncOnce();
    expect(outcome).toMatchObject({ ok: true, changed: 45 });
    const cursors = s.responses
      .slice(before)
      .filter((x) => x.path.startsWith("/k/v1/records/cursor"));
    expect(cursors.length).toBeGreaterThan(0);
    for (const x of records) {
      expect(valueOf(searchOne(r, x) ?? {}, "assignedOfficeNo")).toBe(
        "1488888888",
      );
    }
  });

  it("drops a record deleted in kintone after reconcile", async () => {
    const r = await loaded({ pageSize: 20 });
    const [, record] = await s.all("progress");
    const target = record as KintoneRecord;
    await s.t.client.record.deleteRecords({
      app: s.apps.progress,
      ids: [idOf(target)],
    });
    await r.syncOnce();
    // Incremental sync cannot see a deletion; reconciliation does.
    expect(searchOne(r, target)).toBeDefined();
    const outcome = await r.reconcile();
    expect(outcome).toMatchObject({ ok: true, deleted: 1 });
    expect(searchOne(r, target)).toBeUndefined();
    expect(r.status().counts.progress).toBe((await s.all("progress")).length);
  });

  it("finds a few deletions among many records with few requests", async () => {
    const r = await loaded({ pageSize: 10 });
    const records = await s.all("progress");
    const gone = [records[3], records[150]].map((x) =>
      idOf(x as KintoneRecord),
    );
    await s.t.client.record.deleteRecords({ app: s.apps.progress, ids: gone });
    const n = await requestsDuring(() => r.reconcile());
    expect(r.status().counts.progress).toBe(records.length - 2);
    // Listing every id would take records.length / 10 requests for this app alone.
    expect(n).toBeLessThan(records.length / 10);
  });

  it("costs one request per app for a reconcile when nothing was deleted", async () => {
    const r = await loaded();
    const n = await requestsDuring(() => r.reconcile());
    expect(n).toBe(replicaApps.length);
  });

  it("shows a registration set to 利用停止 in kintone after syncOnce", async () => {
    const r = await loaded();
    const id = await registrationId(DEMO_EMAIL);
    // Read first (as every request of a logged-in provider does), then changed in kintone.
    expect(statusOfEmail(r, DEMO_EMAIL)).toBe("利用中");
    expect(r.registrationById(id)?.status).toBe("利用中");
    await act(id, "利用停止");
    expect(r.registrationById(id)?.status).toBe("利用中");
    await r.syncOnce();
    expect(statusOfEmail(r, DEMO_EMAIL)).toBe("利用停止");
    expect(r.registrationById(id)?.status).toBe("利用停止");
  });

  it("shows a registration approved in kintone (審査開始, 承認) after syncOnce", async () => {
    const email = "demo-applied@example.jp";
    const r = await loaded();
    expect(statusOfEmail(r, email)).toBe("申請中");
    const id = await registrationId(email);
    await act(id, "審査開始");
    await act(id, "承認");
    await r.syncOnce();
    expect(statusOfEmail(r, email)).toBe("利用中");
  });

  it("loses a registration deleted in kintone at the next sync", async () => {
    const email = "demo-rejected@example.jp";
    const r = await loaded();
    const id = await registrationId(email);
    expect(r.registrationById(id)).toBeDefined();
    await s.t.client.record.deleteRecords({
      app: s.apps.registration,
      ids: [id],
    });
    await r.syncOnce();
    expect(r.registrationById(id)).toBeUndefined();
    expect(r.registrationByEmail(emailKey(email))).toBeUndefined();
  });

  it("syncs soon after requestSync, many calls making one sync", async () => {
    const r = await loaded({ debounceMs: 20 });
    const [record] = await s.all("progress");
    await s.t.client.record.updateRecord({
      app: s.apps.progress,
      id: idOf(record as KintoneRecord),
      record: { assignedOfficeNo: { value: "1477777777" } },
    });
    const n = await requestsDuring(() =>
      Promise.all([
        r.requestSync(s.apps.progress),
        r.requestSync(s.apps.progress),
        r.requestSync(),
      ]),
    );
    expect(n).toBe(replicaApps.length);
    expect(
      valueOf(searchOne(r, record as KintoneRecord) ?? {}, "assignedOfficeNo"),
    ).toBe("1477777777");
  });

  it("starts requested syncs at most once per interval, however often they are asked for", async () => {
    const r = await loaded({ debounceMs: 0, requestIntervalMs: 400 });
    const started = performance.now();
    const n = await requestsDuring(async () => {
      for (let i = 0; i < 3; i++) {
        await r.requestSync(s.apps.registration);
      }
    });
    // Three syncs of one app, each after the interval since the one before: a slow machine can
    // only make this longer.
    expect(n).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(800);
  });

  it("syncs one app only when the webhook names it", async () => {
    const r = await loaded({ debounceMs: 0 });
    const before = r.status().requests;
    const n = await requestsDuring(() => r.requestSync(s.apps.registration));
    expect(n).toBe(1);
    expect(r.status().requests).toEqual({
      ...before,
      registration: (before.registration ?? 0) + 1,
    });
  });

  it("syncs on its own once started, and stops", async () => {
    const r = open();
    const first = await r.start({
      syncIntervalSeconds: 0.05,
      reconcileIntervalSeconds: 0.05,
    });
    expect(first.ok).toBe(true);
    const [record] = await s.all("progress");
    await s.t.client.record.updateRecord({
      app: s.apps.progress,
      id: idOf(record as KintoneRecord),
      record: { assignedOfficeNo: { value: "1466666666" } },
    });
    await waitFor(
      () =>
        valueOf(
          searchOne(r, record as KintoneRecord) ?? {},
          "assignedOfficeNo",
        ) === "1466666666",
      60_000,
      "the change to reach the replica by the timer",
    );
    await r.stop();
    const n = await requestsDuring(
      () => new Promise((resolve) => setTimeout(resolve, 150)),
    );
    expect(n).toBe(0);
  });
});

describe("afterSync (the notice mails' hook)", () => {
  it("runs after each operation with the apps read, inside it; a failing listener changes nothing", async () => {
    const lines: string[] = [];
    const r = await loaded({ log: (line) => lines.push(line) });
    const calls: Array<readonly string[]> = [];
    let inside = false;
    r.afterSync(() => {
      throw new TypeError("listener bug");
    });
    const remove = r.afterSync(async (apps) => {
      inside = true;
      await new Promise((resolve) => setTimeout(resolve, 20));
      calls.push(apps);
      inside = false;
    });
    const registrationApp = s.apps.registration;
    const [sync, one] = await Promise.all([
      r.syncOnce(),
      r.requestSync(registrationApp),
    ]);
    expect(sync.ok && one.ok).toBe(true);
    expect(inside).toBe(false);
    expect(calls).toEqual([replicaApps, ["registration"]]);
    expect(lines).toContain("replica: after-sync hook failed: TypeError");
    // What it reads: the registrations in the given statuses, with revision and reason.
    const returned = r.registrationsIn(["差戻し"]);
    expect(returned.length).toBeGreaterThan(0);
    expect(returned[0]).toEqual(
      expect.objectContaining({
        status: "差戻し",
        revision: expect.any(Number) as number,
        returnReason: expect.stringContaining("電話番号") as string,
      }),
    );
    remove();
    await r.syncOnce();
    expect(calls).toHaveLength(2);
  });
});

describe("publication rule, whole 被保険者番号 and lastDataChange", () => {
  const on = () => ({ today: s.today, windowMonths: 3 });
  const monthsAgo = (n: number) => addMonths(s.today, -n);
  /** Synthetic applications of one test, under their own 申請番号 prefix. */
  const add = async (
    records: ReadonlyArray<Record<string, string>>,
  ): Promise<string[]> =>
    (
      await s.t.client.record.addRecords({
        app: s.apps.progress,
        records: records.map((r) =>
          Object.fromEntries(
            Object.entries({
              birthDate: "1950-01-02",
              applicationType: "新規",
              ...r,
            }).map(([k, v]) => [k, { value: v }]),
          ),
        ),
      })
    ).ids;
  const byLast6 = (r: Replica, last6: string) =>
    r
      .searchProgress({ method: "insuredNo", insuredNoLast6: last6 }, on())
      .map(idOf);
  const byWhole = (r: Replica, insuredNo: string) => {
    const q = parseInsuredNoSearch(insuredNo);
    if (!q.ok) {
      throw new Error(insuredNo);
    }
    return r.searchProgress(q.value, on()).map(idOf);
  };

  it("finds an open application of any age, and a closed one for the window after its closing date", async () => {
    const r = await loaded();
    const [openOld, certifiedLately, withdrawnLongAgo, certifiedLongAgo] =
      await add([
        {
          applicationNo: "PUB-1",
          insuredNo: "9999971001",
          applicationDate: monthsAgo(8),
        },
        {
          applicationNo: "PUB-2",
          insuredNo: "9999971001",
          applicationDate: monthsAgo(6),
          certificationDate: monthsAgo(1),
          careLevel: "要介護2",
        },
        {
          applicationNo: "PUB-3",
          insuredNo: "9999971001",
          applicationDate: monthsAgo(7),
          withdrawalDate: monthsAgo(5),
        },
        {
          applicationNo: "PUB-4",
          insuredNo: "9999971001",
          applicationDate: monthsAgo(9),
          certificationDate: monthsAgo(4),
          careLevel: "要介護1",
        },
      ]);
    await r.syncOnce();
    // Newest 申請日 first: the one certified a month ago (applied 6 months ago), then the open
    // one (8). Withdrawn 5 and certified 4 months ago: out of the window.
    expect(byLast6(r, "971001")).toEqual([certifiedLately, openOld]);
    expect(byLast6(r, "971001")).not.toContain(withdrawnLongAgo);
    expect(byLast6(r, "971001")).not.toContain(certifiedLongAgo);

    // The open one is certified today: still shown, now for the window after today.
    await s.t.client.record.updateRecord({
      app: s.apps.progress,
      id: openOld as string,
      record: {
        certificationDate: { value: s.today },
        careLevel: { value: "要支援1" },
      },
    });
    await r.syncOnce();
    const onDay = (today: string) =>
      r
        .searchProgress(
          { method: "insuredNo", insuredNoLast6: "971001" },
          { today, windowMonths: 3 },
        )
        .map(idOf);
    expect(onDay(s.today)).toEqual([certifiedLately, openOld]);
    // In two months both are still within 3 months of their 認定日; in three, only today's.
    expect(onDay(addMonths(s.today, 2))).toEqual([certifiedLately, openOld]);
    expect(onDay(addMonths(s.today, 3))).toEqual([openOld]);
  });

  it("matches a 10-digit 被保険者番号 on all 10 digits, 6 digits on the 下6桁", async () => {
    const r = await loaded();
    const [mine, other] = await add([
      {
        applicationNo: "WHOLE-1",
        insuredNo: "9999972002",
        applicationDate: s.today,
      },
      {
        applicationNo: "WHOLE-2",
        insuredNo: "1234972002",
        applicationDate: s.today,
      },
    ]);
    await r.syncOnce();
    expect(byLast6(r, "972002").sort()).toEqual([mine, other].sort());
    expect(byWhole(r, "9999972002")).toEqual([mine]);
    expect(byWhole(r, "９９９９-９７２-００２")).toEqual([mine]);
    expect(byWhole(r, "1234972002")).toEqual([other]);
    // The first four digits wrong: nothing, though the 下6桁 exist.
    expect(byWhole(r, "5555972002")).toEqual([]);
  });

  it("tells when the progress data last changed: the newest 更新日時 in the replica, following each sync", async () => {
    const r = await loaded();
    const newest = (await s.all("progress"))
      .map((x) => valueOf(x, "updatedAt"))
      .sort()
      .at(-1);
    expect(newest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.lastDataChange()).toBe(newest);
    // Read from memory: the same answer without a query to kintone.
    const before = s.responses.length;
    expect(r.lastDataChange()).toBe(newest);
    expect(s.responses.length).toBe(before);

    const [record] = await s.all("progress");
    // 更新日時 is kept to the minute: kintone's clock two minutes on makes the change newer.
    s.clockAhead(2 * 60_000);
    await s.t.client.record.updateRecord({
      app: s.apps.progress,
      id: idOf(record as KintoneRecord),
      record: { assignedOfficeNo: { value: "1477777777" } },
    });
    const changed = (await s.all("progress")).find(
      (x) => idOf(x) === idOf(record as KintoneRecord),
    );
    expect(r.lastDataChange()).toBe(newest);
    await r.syncOnce();
    expect(r.lastDataChange()).toBe(valueOf(changed ?? {}, "updatedAt"));
    expect((r.lastDataChange() ?? "") > (newest ?? "")).toBe(true);
    s.clockAhead(0);
  });

  it("has no last change while it holds no progress record", async () => {
    const empty = s.open({ baseUrl: "http://localhost:9" });
    try {
      expect(empty.lastDataChange()).toBeNull();
    } finally {
      await empty.close();
    }
  });
});
