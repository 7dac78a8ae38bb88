import fc from "fast-check";
import { addDays, jstDateOf } from "../date.ts";
import {
  activityOf,
  idleAccounts,
  IDLE_SUSPENSION_REASON,
  kintoneDateTime,
  suspensionOf,
  type IdleCandidate,
} from "../idle.ts";
import { isIdle } from "../policy.ts";

const CREATED = "2026-06-01T00:00:00Z";

const reg = (
  id: string,
  values: Partial<IdleCandidate> = {},
): IdleCandidate => ({
  id,
  status: "利用中",
  createdAt: CREATED,
  ...values,
});

// Last login 2026-09-01 10:00 in Japan (01:00Z): day 60 starts 2026-10-31 00:00 JST = 10-30 15:00Z.
const LOGIN = "2026-09-01T01:00:00Z";
const DAY_59_LAST_SECOND = "2026-10-30T14:59:59Z";
const DAY_60_FIRST_SECOND = "2026-10-30T15:00:00Z";

describe("idleAccounts", () => {
  it("is not idle on day 59 and idle from the first second of day 60, Japan time", () => {
    const r = reg("1", { lastLoginAt: LOGIN });
    expect(idleAccounts([r], DAY_59_LAST_SECOND, 60)).toEqual([]);
    expect(idleAccounts([r], DAY_60_FIRST_SECOND, 60)).toEqual([
      {
        registration: r,
        idleSince: "2026-10-31",
        lastActivityAt: LOGIN,
        lastActivity: "login",
      },
    ]);
  });

  it("counts from the Japanese date of the login, not the UTC one", () => {
    // 2026-09-01T15:30Z is 2026-09-02 00:30 in Japan: idle from 2026-11-01.
    const r = reg("1", { lastLoginAt: "2026-09-01T15:30:00Z" });
    expect(idleAccounts([r], "2026-10-31T14:59:59Z", 60)).toEqual([]);
    expect(idleAccounts([r], "2026-10-31T15:00:00Z", 60)[0]?.idleSince).toBe(
      "2026-11-01",
    );
  });

  it("counts from the approval when the account never logged in: 審査日時, else 承認通知日時", () => {
    const reviewed = reg("1", {
      reviewedAt: LOGIN,
      approvalNotifiedAt: "2026-09-20T00:00:00Z",
    });
    const notified = reg("2", { approvalNotifiedAt: LOGIN });
    const found = idleAccounts([reviewed, notified], DAY_60_FIRST_SECOND, 60);
    expect(found.map((a) => [a.registration.id, a.lastActivity])).toEqual([
      ["1", "approval"],
      ["2", "approval"],
    ]);
    expect(found[0]?.lastActivityAt).toBe(LOGIN);
  });

  it("counts from the record's creation when there is no login and no approval time", () => {
    const [a] = idleAccounts([reg("1")], "2026-07-30T15:00:00Z", 60);
    expect(a).toMatchObject({
      idleSince: "2026-07-31",
      lastActivityAt: CREATED,
      lastActivity: "created",
    });
    expect(idleAccounts([reg("1")], "2026-07-30T14:59:59Z", 60)).toEqual([]);
  });

  it("prefers a recent login to an old approval", () => {
    const r = reg("1", {
      lastLoginAt: "2026-10-20T00:00:00Z",
      reviewedAt: "2026-01-01T00:00:00Z",
    });
    expect(idleAccounts([r], DAY_60_FIRST_SECOND, 60)).toEqual([]);
  });

  it("only lists 利用中 registrations", () => {
    const statuses = ["申請中", "審査中", "差戻し", "却下", "利用停止"];
    const others = statuses.map((status, i) => reg(String(i + 1), { status }));
    expect(idleAccounts(others, "2030-01-01T00:00:00Z", 60)).toEqual([]);
  });

  it("lists the longest idle first, then by record id", () => {
    const list = [
      reg("10", { lastLoginAt: "2026-08-01T00:00:00Z" }),
      reg("9", { lastLoginAt: "2026-08-01T00:00:00Z" }),
      reg("3", { lastLoginAt: "2026-07-01T00:00:00Z" }),
    ];
    expect(
      idleAccounts(list, "2026-12-01T00:00:00Z", 60).map(
        (a) => a.registration.id,
      ),
    ).toEqual(["3", "9", "10"]);
  });

  it("treats empty or unreadable times as absent", () => {
    const r = reg("1", { lastLoginAt: "", reviewedAt: "not a time" });
    expect(activityOf(r)).toEqual({
      lastLoginAt: null,
      approvedAt: null,
      createdAt: CREATED,
    });
  });

  it("agrees with isIdle for any times (property)", () => {
    const instant = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
      .map((ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));
    fc.assert(
      fc.property(
        fc.option(instant, { nil: undefined }),
        fc.option(instant, { nil: undefined }),
        instant,
        instant,
        fc.integer({ min: 1, max: 400 }),
        (lastLoginAt, reviewedAt, createdAt, now, days) => {
          const r = reg("1", { lastLoginAt, reviewedAt, createdAt });
          const found = idleAccounts([r], now, days);
          const base = lastLoginAt ?? reviewedAt ?? createdAt;
          const expected = isIdle(
            { lastLoginAt, approvedAt: reviewedAt, createdAt },
            now,
            days,
          );
          expect(found.length).toBe(expected ? 1 : 0);
          const today = jstDateOf(now) as string;
          const since = addDays(jstDateOf(base) as string, days);
          // Idle exactly when today (Japan) is on or after base + days.
          expect(expected).toBe(today >= since);
          if (found[0]) {
            expect(found[0].idleSince).toBe(since);
            expect(found[0].lastActivityAt).toBe(base);
          }
        },
      ),
    );
  });
});

describe("suspensionOf", () => {
  it("clears the address and records the time and the reason", () => {
    expect(suspensionOf("2026-11-29T12:34:56.789Z")).toEqual({
      email: { value: "" },
      suspendedAt: { value: "2026-11-29T12:34:56Z" },
      suspensionReason: { value: IDLE_SUSPENSION_REASON },
    });
    expect(IDLE_SUSPENSION_REASON).toBe("長期間未使用");
  });

  it("takes another reason, and epoch milliseconds", () => {
    expect(suspensionOf(Date.UTC(2026, 0, 2, 3, 4, 5), "退職")).toEqual({
      email: { value: "" },
      suspendedAt: { value: "2026-01-02T03:04:05Z" },
      suspensionReason: { value: "退職" },
    });
  });

  it("writes kintone's DATETIME form for any instant (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        const v = kintoneDateTime(ms);
        expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(Date.parse(v)).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });

  it("refuses what is not an instant", () => {
    expect(() => suspensionOf("yesterday")).toThrow(RangeError);
  });
});
