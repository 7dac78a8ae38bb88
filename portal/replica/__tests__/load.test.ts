import { compareDates, type IsoDate } from "../../../domain/date.ts";
import { emailKey } from "../../../domain/email.ts";
import {
  isOpenApplication,
  isPublished,
  publicationWindowStart,
  type PublicationDay,
} from "../../../domain/policy.ts";
import {
  matchesSearch,
  parseInsuredNoSearch,
  searchKeysOf,
  type SearchQuery,
} from "../../../domain/searchKeys.ts";
import {
  APPLICATION_COUNT,
  DEMO_EMAIL,
} from "../../../scripts/seed/generate.ts";
import type { Replica } from "../replica.ts";
import type { KintoneRecord } from "../types.ts";
import { idOf, useSeeded, valueOf, type Seeded } from "./fixture.ts";

const seeded = useSeeded();
let s: Seeded;
let replica: Replica;
let progress: KintoneRecord[];

beforeAll(async () => {
  s = seeded();
  replica = s.open();
  await replica.fullLoad();
  progress = await s.all("progress");
});

afterAll(async () => {
  await replica.close();
});

const keysOf = (r: KintoneRecord) =>
  searchKeysOf({
    insuredNo: valueOf(r, "insuredNo"),
    applicationDate: valueOf(r, "applicationDate"),
    birthDate: valueOf(r, "birthDate"),
  });

const datesOf = (r: KintoneRecord) => ({
  applicationDate: valueOf(r, "applicationDate"),
  certificationDate: valueOf(r, "certificationDate"),
  withdrawalDate: valueOf(r, "withdrawalDate"),
});

/** What a search should find, worked out from the records kintone holds by domain/'s rules. */
const expected = (q: SearchQuery, on: PublicationDay): string[] =>
  progress
    .filter(
      (r) =>
        matchesSearch(
          { ...keysOf(r), insuredNo: valueOf(r, "insuredNo") },
          q,
        ) && isPublished(datesOf(r), on.today, on.windowMonths),
    )
    .sort(
      (a, b) =>
        compareDates(
          valueOf(b, "applicationDate"),
          valueOf(a, "applicationDate"),
        ) || Number(idOf(b)) - Number(idOf(a)),
    )
    .map(idOf);

const found = (q: SearchQuery, on: PublicationDay): string[] =>
  replica.searchProgress(q, on).map(idOf);

const within = (windowMonths: number): PublicationDay => ({
  today: s.today,
  windowMonths,
});

const byInsuredNo = (): SearchQuery[] =>
  [...new Set(progress.map((r) => keysOf(r).insuredNoLast6))].map((k) => ({
    method: "insuredNo",
    insuredNoLast6: k,
  }));

const byDates = (): SearchQuery[] =>
  [
    ...new Set(
      progress.map((r) => {
        const k = keysOf(r);
        return `${k.applicationDateMMDD}/${k.birthDateYMD}`;
      }),
    ),
  ].map((pair) => {
    const [applicationDateMMDD = "", birthDateYMD = ""] = pair.split("/");
    return { method: "dates", applicationDateMMDD, birthDateYMD };
  });

describe("replica full load and searches", () => {
  it("loads every record of the four apps", async () => {
    const counts = replica.status().counts;
    expect(counts).toEqual({
      progress: progress.length,
      registration: (await s.all("registration")).length,
      consent: (await s.all("consent")).length,
      offices: (await s.all("offices")).length,
    });
    expect(counts).toMatchObject({
      progress: APPLICATION_COUNT,
      offices: 20,
    });
    expect(replica.status()).toMatchObject({ loaded: true, lastError: null });
    expect(replica.status().lastSuccessAt).not.toBeNull();
  });

  it("finds by 被保険者番号 下6桁 exactly the applications kintone holds for that number", () => {
    const on = within(3);
    for (const q of byInsuredNo()) {
      const ids = found(q, on);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected(q, on));
    }
  });

  it("finds by 申請日 and 生年月日 exactly the applications kintone holds for that pair", () => {
    const on = within(3);
    for (const q of byDates()) {
      const ids = found(q, on);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected(q, on));
    }
  });

  it("agrees with kintone's own query for a person with several applications", async () => {
    const counts = new Map<string, number>();
    progress.forEach((r) => {
      const k = keysOf(r).insuredNoLast6;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    });
    const key = [...counts].find(([, n]) => n > 1)?.[0] ?? "";
    const on = within(3);
    const start = publicationWindowStart(s.today, 3);
    // The publication rule in kintone's words: open (no 認定日, no 取下げ日), or closed on or
    // after the window's start (by 取下げ日 when there is one, else by 認定日).
    const { records } = await s.t.client.record.getRecords({
      app: s.apps.progress,
      query: `insuredNoLast6 = "${key}" and ((certificationDate = "" and withdrawalDate = "") or withdrawalDate >= "${start}" or (withdrawalDate = "" and certificationDate >= "${start}")) order by applicationDate desc, $id desc`,
    });
    const ids = found({ method: "insuredNo", insuredNoLast6: key }, on);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toEqual(records.map((r) => String(r.$id?.value)));
  });

  it("leaves out closed applications closed before the window, and never an open one", () => {
    const on = within(1);
    const ever = { today: s.today, windowMonths: 1200 };
    let left = 0;
    for (const q of [...byInsuredNo(), ...byDates()]) {
      const ids = found(q, on);
      expect(ids).toEqual(expected(q, on));
      left += expected(q, ever).length - ids.length;
    }
    expect(left).toBeGreaterThan(0);
    const open = progress.filter((r) => isOpenApplication(datesOf(r)));
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) {
      const q = {
        method: "insuredNo",
        insuredNoLast6: keysOf(r).insuredNoLast6,
      } as const;
      expect(found(q, within(1))).toContain(idOf(r));
    }
  });

  it("shows the demo's application still open long after its 申請日, which the old 申請日 window hid", () => {
    const on = within(3);
    const start = publicationWindowStart(s.today, 3);
    const overdue = progress.filter(
      (r) =>
        isOpenApplication(datesOf(r)) &&
        compareDates(valueOf(r, "applicationDate"), start) < 0,
    );
    expect(overdue.length).toBeGreaterThan(0);
    for (const r of overdue) {
      const q = parseInsuredNoSearch(valueOf(r, "insuredNo"));
      expect(q.ok && found(q.value, on)).toContain(idOf(r));
    }
  });

  it("finds by a whole 被保険者番号 only that number: the first four digits count", () => {
    const on = within(3);
    for (const r of progress.slice(0, 20)) {
      const no = valueOf(r, "insuredNo");
      const whole = parseInsuredNoSearch(no);
      const wrong = parseInsuredNoSearch(
        `${no.startsWith("1") ? "2" : "1"}${no.slice(1)}`,
      );
      if (!whole.ok || !wrong.ok) {
        throw new Error("not a 被保険者番号");
      }
      expect(found(whole.value, on)).toEqual(expected(whole.value, on));
      expect(found(whole.value, on).length).toBeGreaterThan(0);
      expect(found(wrong.value, on)).toEqual([]);
    }
  });

  it("matches exactly: an unknown or empty key finds nothing", () => {
    const on = within(3);
    const [some] = byDates();
    expect(
      found({ method: "insuredNo", insuredNoLast6: "000000" }, on),
    ).toEqual([]);
    expect(found({ method: "insuredNo", insuredNoLast6: "" }, on)).toEqual([]);
    expect(
      found(
        {
          method: "dates",
          applicationDateMMDD:
            some?.method === "dates" ? some.applicationDateMMDD : "",
          birthDateYMD: "18000101",
        },
        on,
      ),
    ).toEqual([]);
  });

  it("answers searches, logins and consent checks without calling kintone", () => {
    const before = s.responses.length;
    const on = within(3);
    [...byInsuredNo(), ...byDates()].forEach((q) =>
      replica.searchProgress(q, on),
    );
    replica.registrationByEmail(emailKey(DEMO_EMAIL));
    replica.hasValidConsent("9999900001", s.today);
    expect(s.responses.length).toBe(before);
  });

  it("finds a registration by its address in any case, and by its id", async () => {
    const row = replica.registrationByEmail(emailKey(" DEMO@Example.JP "));
    expect(row).toMatchObject({ email: DEMO_EMAIL, status: "利用中" });
    expect(row?.approvedAt).not.toBeNull();
    const inKintone = (await s.all("registration")).find(
      (r) => valueOf(r, "email") === DEMO_EMAIL,
    );
    expect(row?.id).toBe(inKintone && idOf(inKintone));
    expect(replica.registrationById(row?.id ?? "")).toEqual(row);
    expect(replica.registrationByEmail("nobody@example.jp")).toBeUndefined();
    expect(replica.registrationById("abc")).toBeUndefined();
  });

  it("tells whether a consent is valid on a day", async () => {
    const consents = await s.all("consent");
    const valid = consents.find(
      (r) => valueOf(r, "consentWithdrawalDate") === "",
    );
    expect(valid).toBeDefined();
    const no = valueOf(valid as KintoneRecord, "insuredNo");
    const since = valueOf(valid as KintoneRecord, "consentDate");
    expect(replica.hasValidConsent(no, s.today)).toBe(
      compareDates(since, s.today) <= 0,
    );
    expect(replica.hasValidConsent(no, "1900-01-01")).toBe(false);
    expect(replica.hasValidConsent("0000000000", s.today)).toBe(false);
  });

  it("serves from its file after reopening, with kintone out of reach", async () => {
    const file = `${s.dir}/reopen.sqlite`;
    const first = s.open({ file });
    await first.fullLoad();
    const before = first.status();
    const on = within(3);
    const queries = byInsuredNo().slice(0, 5);
    const answers = queries.map((q) => first.searchProgress(q, on));
    await first.close();

    const reopened = s.open({ file, baseUrl: "http://localhost:9" });
    try {
      expect(reopened.status()).toMatchObject({
        lastSuccessAt: before.lastSuccessAt,
        counts: before.counts,
        loaded: true,
      });
      expect(queries.map((q) => reopened.searchProgress(q, on))).toEqual(
        answers,
      );
      expect(reopened.registrationByEmail(emailKey(DEMO_EMAIL))?.status).toBe(
        "利用中",
      );
    } finally {
      await reopened.close();
    }
  });
});
