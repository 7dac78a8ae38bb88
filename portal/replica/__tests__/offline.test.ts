import { compactDate } from "../../../domain/date.ts";
import type { SearchQuery } from "../../../domain/searchKeys.ts";
import type { Replica } from "../replica.ts";
import type { KintoneRecord } from "../types.ts";
import { idOf, useSeeded, valueOf, type Seeded } from "./fixture.ts";

const seeded = useSeeded();
let s: Seeded;
let replica: Replica;
const lines: string[] = [];
let people: KintoneRecord[];
let registrations: KintoneRecord[];

beforeAll(async () => {
  s = seeded();
  replica = s.open({ log: (line) => lines.push(line) });
  await replica.fullLoad();
  people = await s.all("progress");
  registrations = await s.all("registration");
});

afterAll(async () => {
  await replica.close();
});

const query = (r: KintoneRecord): SearchQuery => ({
  method: "insuredNo",
  insuredNoLast6: valueOf(r, "insuredNoLast6"),
});

describe("replica when kintone fails", () => {
  it("describes kintone's refusal by its code (a token without rights)", async () => {
    const bad = s.open({
      tokens: { ...s.tokens, progress: s.tokens.offices },
    });
    try {
      const outcome = await bad.fullLoad();
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toMatch(/^progress: kintone answered \d{3} \w+$/);
      expect(bad.status().lastError).toBe(outcome.error);
      expect(bad.status().lastSuccessAt).toBeNull();
      // The other apps loaded all the same.
      expect(bad.status().counts.offices).toBe(20);
    } finally {
      await bad.close();
    }
  });

  it("keeps serving the old data when kintone is unreachable, and says since when", async () => {
    const [someone] = people;
    const on = { today: s.today, windowMonths: 3 };
    const answer = replica.searchProgress(query(someone as KintoneRecord), on);
    expect(answer.length).toBeGreaterThan(0);
    const { lastSuccessAt } = replica.status();
    expect(lastSuccessAt).not.toBeNull();

    await s.stopKintone();
    const outcome = await replica.syncOnce();

    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/kintone unreachable \(E[A-Z]+\)/);
    expect(replica.searchProgress(query(someone as KintoneRecord), on)).toEqual(
      answer,
    );
    const status = replica.status();
    expect(status.lastSuccessAt).toBe(lastSuccessAt);
    expect(status.lastError).toBe(outcome.error);
    expect(status.lastErrorAt).not.toBeNull();
    expect(status.ageSeconds).toEqual(expect.any(Number));
    expect(status.counts.progress).toBe(people.length);
    expect((await replica.reconcile()).ok).toBe(false);
    expect((await replica.fullLoad()).ok).toBe(false);
    expect(replica.status().counts.progress).toBe(people.length);
  });

  it("writes no personal data in its log lines", () => {
    expect(lines.some((l) => l.includes("failed"))).toBe(true);
    const personal = [
      ...people.flatMap((r) => [
        valueOf(r, "insuredNo"),
        valueOf(r, "birthDate"),
        compactDate(valueOf(r, "birthDate")),
        valueOf(r, "applicationNo"),
        idOf(r).length > 3 ? idOf(r) : "",
      ]),
      ...registrations.map((r) => valueOf(r, "email")),
    ].filter((v) => v !== "");
    for (const line of lines) {
      expect(line).not.toMatch(/@|\d{6}/);
      personal.forEach((v) => expect(line).not.toContain(v));
    }
  });
});
