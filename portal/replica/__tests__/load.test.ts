import { compareDates, type IsoDate } from "../../../domain/date.ts";
import { emailKey } from "../../../domain/email.ts";
import { publicationWindowStart } from "../../../domain/policy.ts";
import {
  matchesSearch,
  searchKeysOf,
  type SearchQuery,
} from "../../../domain/searchKeys.ts";
import { DEMO_EMAIL } from "../../../scripts/seed/generate.ts";
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

/** What a search should find, worked out from the records kintone holds. */
const expected = (q: SearchQuery, windowStart: IsoDate): string[] =>
  progress
    .filter(
      (r) =>
        matchesSearch(keysOf(r), q) &&
        compareDates(valueOf(r, "applicationDate"), windowStart) >= 0,
    )
    .sort(
      (a, b) =>
        compareDates(
          valueOf(b, "applicationDate"),
          valueOf(a, "applicationDate"),
        ) || Number(idOf(b)) - Number(idOf(a)),
    )
    .map(idOf);

const found = (q: SearchQuery, windowStart: IsoDate): string[] =>
  replica.searchProgress(q, windowStart).map(idOf);

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
    expect(counts).toMatchObject({ progress: 200, offices: 20 });
    expect(replica.status()).toMatchObject({ loaded: true, lastError: null });
    expect(replica.status().lastSuccessAt).not.toBeNull();
  });

  it("finds by 被保険者番号 下6桁 exactly the applications kintone holds for that number", () => {
    const windowStart = publicationWindowStart(s.today, 3);
    for (const q of byInsuredNo()) {
      const ids = found(q, windowStart);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected(q, windowStart));
    }
  });

  it("finds by 申請日 and 生年月日 exactly the applications kintone holds for that pair", () => {
    const windowStart = publicationWindowStart(s.today, 3);
    for (const q of byDates()) {
      const ids = found(q, windowStart);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected(q, windowStart));
    }
  });

  it("agrees with kintone's own query for a person with several applications", async () => {
    const counts = new Map<string, number>();
    progress.forEach((r) => {
      const k = keysOf(r).insuredNoLast6;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    });
    const key = [...counts].find(([, n]) => n > 1)?.[0] ?? "";
    const windowStart = publicationWindowStart(s.today, 3);
    const { records } = await s.t.client.record.getRecords({
      app: s.apps.progress,
      query: `insuredNoLast6 = "${key}" and applicationDate >= "${windowStart}" order by applicationDate desc, $id desc`,
    });
    const ids = found(
      { method: "insuredNo", insuredNoLast6: key },
      windowStart,
    );
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toEqual(records.map((r) => String(r.$id?.value)));
  });

  it("leaves out applications whose 申請日 is before the window", () => {
    const windowStart = publicationWindowStart(s.today, 1);
    let left = 0;
    for (const q of [...byInsuredNo(), ...byDates()]) {
      const ids = found(q, windowStart);
      expect(ids).toEqual(expected(q, windowStart));
      left += expected(q, "1900-01-01").length - ids.length;
    }
    expect(left).toBeGreaterThan(0);
  });

  it("matches exactly: an unknown or empty key finds nothing", () => {
    const windowStart = publicationWindowStart(s.today, 3);
    const [some] = byDates();
    expect(
      found({ method: "insuredNo", insuredNoLast6: "000000" }, windowStart),
    ).toEqual([]);
    expect(
      found({ method: "insuredNo", insuredNoLast6: "" }, windowStart),
    ).toEqual([]);
    expect(
      found(
        {
          method: "dates",
          applicationDateMMDD:
            some?.method === "dates" ? some.applicationDateMMDD : "",
          birthDateYMD: "18000101",
        },
        windowStart,
      ),
    ).toEqual([]);
  });

  it("answers searches, logins and consent checks without calling kintone", () => {
    const before = s.responses.length;
    const windowStart = publicationWindowStart(s.today, 3);
    [...byInsuredNo(), ...byDates()].forEach((q) =>
      replica.searchProgress(q, windowStart),
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
    const windowStart = publicationWindowStart(s.today, 3);
    const queries = byInsuredNo().slice(0, 5);
    const answers = queries.map((q) => first.searchProgress(q, windowStart));
    await first.close();

    const reopened = s.open({ file, baseUrl: "http://localhost:9" });
    try {
      expect(reopened.status()).toMatchObject({
        lastSuccessAt: before.lastSuccessAt,
        counts: before.counts,
        loaded: true,
      });
      expect(
        queries.map((q) => reopened.searchProgress(q, windowStart)),
      ).toEqual(answers);
      expect(reopened.registrationByEmail(emailKey(DEMO_EMAIL))?.status).toBe(
        "利用中",
      );
    } finally {
      await reopened.close();
    }
  });
});
