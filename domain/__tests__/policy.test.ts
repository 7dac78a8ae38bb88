import {
  checkPolicy,
  defaultPolicy,
  defaultRetentionMonths,
  idleBaseDate,
  idleFrom,
  isIdle,
  isPublished,
  isPurgeable,
  publicationWindowStart,
  retentionCutoff,
} from "../policy.ts";

describe("publication window", () => {
  it("defaults to three months, as the Ebina guide says (直近3か月)", () => {
    expect(defaultPolicy.windowMonths).toBe(3);
    expect(publicationWindowStart("2026-11-21", 3)).toBe("2026-08-21");
  });
  it("includes its first day and excludes the day before", () => {
    expect(isPublished("2026-08-21", "2026-11-21", 3)).toBe(true);
    expect(isPublished("2026-08-20", "2026-11-21", 3)).toBe(false);
  });
  it("follows the configured number of months", () => {
    expect(isPublished("2026-06-21", "2026-11-21", 5)).toBe(true);
  });
  it("clamps to the end of a shorter month", () => {
    expect(publicationWindowStart("2026-05-31", 3)).toBe("2026-02-28");
  });
  it("never publishes a record without a valid 申請日", () => {
    expect(isPublished("", "2026-11-21", 3)).toBe(false);
    expect(isPublished(null, "2026-11-21", 3)).toBe(false);
  });
});

describe("retention", () => {
  it("defaults to the window plus one month", () => {
    expect(defaultRetentionMonths(3)).toBe(4);
    expect(defaultPolicy.retentionMonths).toBe(4);
  });
  it("purges what is older than the cutoff, never what is on it", () => {
    expect(retentionCutoff("2026-11-21", 4)).toBe("2026-07-21");
    expect(isPurgeable("2026-07-20", "2026-11-21", 4)).toBe(true);
    expect(isPurgeable("2026-07-21", "2026-11-21", 4)).toBe(false);
    expect(isPurgeable(undefined, "2026-11-21", 4)).toBe(false);
  });
});

describe("checkPolicy", () => {
  it("accepts the defaults", () => {
    expect(checkPolicy(defaultPolicy)).toEqual([]);
  });
  it("refuses a retention shorter than the window, which would purge published data", () => {
    expect(
      checkPolicy({ windowMonths: 3, retentionMonths: 2, idleDays: 60 }),
    ).toEqual([
      expect.objectContaining({ field: "retentionMonths", code: "range" }),
    ]);
  });
  it("refuses values out of range or not whole", () => {
    expect(
      checkPolicy({ windowMonths: 0, retentionMonths: 1.5, idleDays: -1 }).map(
        (p) => p.field,
      ),
    ).toEqual(["windowMonths", "retentionMonths", "idleDays"]);
    expect(
      checkPolicy({ windowMonths: 3, retentionMonths: 4, idleDays: 0 })[0]
        ?.message,
    ).toBe("休眠とみなす日数は1〜3650の整数で指定してください。");
  });
});

describe("idle accounts", () => {
  const loggedIn = {
    lastLoginAt: "2026-09-01T03:00:00Z",
    approvedAt: "2026-04-01T00:00:00Z",
    createdAt: "2026-03-20T00:00:00Z",
  };
  it("count from the last login, in Japan's dates", () => {
    expect(idleBaseDate(loggedIn)).toBe("2026-09-01");
    expect(idleFrom(loggedIn, 60)).toBe("2026-10-31");
  });
  it("count from approval when the account never logged in", () => {
    expect(idleBaseDate({ ...loggedIn, lastLoginAt: null })).toBe("2026-04-01");
  });
  it("count from creation for an old record without an approval time", () => {
    expect(idleBaseDate({ createdAt: "2026-03-20T00:00:00Z" })).toBe(
      "2026-03-20",
    );
  });
  it("become idle at midnight in Japan on the N-th day", () => {
    expect(isIdle(loggedIn, "2026-10-30T14:59:59Z", 60)).toBe(false);
    expect(isIdle(loggedIn, "2026-10-30T15:00:00Z", 60)).toBe(true);
  });
  it("follow the configured number of days", () => {
    expect(isIdle(loggedIn, "2026-10-30T15:00:00Z", 90)).toBe(false);
  });
  it("treat an account with no readable time as idle", () => {
    expect(isIdle({ createdAt: "" }, "2026-10-30T15:00:00Z", 60)).toBe(true);
    expect(isIdle(loggedIn, "not a time", 60)).toBe(true);
  });
});
