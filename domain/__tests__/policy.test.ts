import fc from "fast-check";
import { addDays, compareDates, type IsoDate } from "../date.ts";
import {
  checkPolicy,
  defaultPolicy,
  defaultRetentionMonths,
  idleBaseDate,
  idleFrom,
  isIdle,
  isOpenApplication,
  isPublished,
  isPurgeable,
  isShownFrom,
  publicationBaseOf,
  publicationWindowStart,
  retentionCutoff,
  type ApplicationDates,
} from "../policy.ts";
import { stageOf } from "../progress.ts";

const TODAY = "2026-11-21";
const open = (applicationDate: IsoDate | null): ApplicationDates => ({
  applicationDate,
});
const certified = (
  certificationDate: IsoDate,
  applicationDate: IsoDate = "2026-01-05",
): ApplicationDates => ({ applicationDate, certificationDate });
const withdrawn = (
  withdrawalDate: IsoDate,
  applicationDate: IsoDate = "2026-01-05",
): ApplicationDates => ({ applicationDate, withdrawalDate });

describe("publication window", () => {
  it("defaults to three months, as the Ebina guide says (直近3か月)", () => {
    expect(defaultPolicy.windowMonths).toBe(3);
    expect(publicationWindowStart(TODAY, 3)).toBe("2026-08-21");
  });
  it("clamps to the end of a shorter month", () => {
    expect(publicationWindowStart("2026-05-31", 3)).toBe("2026-02-28");
  });
});

describe("isOpenApplication", () => {
  it("is open until 認定日 or 取下げ日, as stageOf reads them", () => {
    expect(isOpenApplication(open("2026-01-05"))).toBe(true);
    expect(
      isOpenApplication({
        applicationDate: "2026-01-05",
        certificationDate: "",
      }),
    ).toBe(true);
    expect(isOpenApplication(certified("2026-02-10"))).toBe(false);
    expect(isOpenApplication(withdrawn("2026-01-20"))).toBe(false);
  });
});

describe("publicationBaseOf", () => {
  it("counts a closed application from its closing date: 取下げ日 first, as stageOf does", () => {
    expect(publicationBaseOf(certified("2026-02-10"))).toEqual({
      open: false,
      since: "2026-02-10",
    });
    expect(publicationBaseOf(withdrawn("2026-01-20"))).toEqual({
      open: false,
      since: "2026-01-20",
    });
    expect(
      publicationBaseOf({
        applicationDate: "2026-01-05",
        certificationDate: "2026-02-10",
        withdrawalDate: "2026-01-20",
      }),
    ).toEqual({ open: false, since: "2026-01-20" });
  });
  it("falls back to 申請日 when the closing date is not a date, and to nothing without one", () => {
    expect(publicationBaseOf(certified("2026-02-30"))).toEqual({
      open: false,
      since: "2026-01-05",
    });
    expect(
      publicationBaseOf({ applicationDate: "", withdrawalDate: "x" }),
    ).toEqual({ open: false, since: null });
  });
  it("has no date for an open application", () => {
    expect(publicationBaseOf(open("2026-01-05"))).toEqual({ open: true });
  });
});

describe("isPublished", () => {
  it("publishes an open application whatever its age, even without a valid 申請日", () => {
    expect(isPublished(open("2026-11-21"), TODAY, 3)).toBe(true);
    expect(isPublished(open("2026-07-21"), TODAY, 3)).toBe(true);
    expect(isPublished(open("2020-01-06"), TODAY, 3)).toBe(true);
    expect(isPublished(open(null), TODAY, 3)).toBe(true);
  });
  it("publishes a closed one for the window counted from its closing date, first day included", () => {
    expect(isPublished(certified("2026-08-21"), TODAY, 3)).toBe(true);
    expect(isPublished(certified("2026-08-20"), TODAY, 3)).toBe(false);
    expect(isPublished(withdrawn("2026-08-21"), TODAY, 3)).toBe(true);
    expect(isPublished(withdrawn("2026-08-20"), TODAY, 3)).toBe(false);
  });
  it("shows a result decided on day 80 for the whole window, not for 10 days", () => {
    const applied = "2026-05-01";
    const decided = addDays(applied, 80);
    expect(
      isPublished(certified(decided, applied), addDays(decided, 10), 3),
    ).toBe(true);
    expect(
      isPublished(certified(decided, applied), addDays(decided, 80), 3),
    ).toBe(true);
    expect(
      isPublished(certified(decided, applied), addDays(decided, 95), 3),
    ).toBe(false);
  });
  it("follows the configured number of months", () => {
    expect(isPublished(certified("2026-06-21"), TODAY, 5)).toBe(true);
    expect(isPublished(certified("2026-06-21"), TODAY, 4)).toBe(false);
  });
  it("counts from 申請日 when the closing date is missing, and never shows a closed one without any date", () => {
    expect(isPublished(certified("bad", "2026-08-21"), TODAY, 3)).toBe(true);
    expect(isPublished(certified("bad", "2026-08-20"), TODAY, 3)).toBe(false);
    expect(
      isPublished(
        { applicationDate: null, certificationDate: "bad" },
        TODAY,
        3,
      ),
    ).toBe(false);
  });
});

describe("retention", () => {
  it("defaults to the window plus one month", () => {
    expect(defaultRetentionMonths(3)).toBe(4);
    expect(defaultPolicy.retentionMonths).toBe(4);
  });
  it("purges a closed application older than the cutoff by its closing date, never one on it", () => {
    expect(retentionCutoff(TODAY, 4)).toBe("2026-07-21");
    expect(isPurgeable(certified("2026-07-20"), TODAY, 4)).toBe(true);
    expect(isPurgeable(certified("2026-07-21"), TODAY, 4)).toBe(false);
    expect(isPurgeable(withdrawn("2026-07-20"), TODAY, 4)).toBe(true);
    // Applied long ago, decided within the retention: kept.
    expect(isPurgeable(certified("2026-08-01", "2026-01-05"), TODAY, 4)).toBe(
      false,
    );
  });
  it("never purges an open application, nor a closed one without any date", () => {
    expect(isPurgeable(open("2020-01-06"), TODAY, 4)).toBe(false);
    expect(
      isPurgeable({ applicationDate: "", withdrawalDate: "x" }, TODAY, 4),
    ).toBe(false);
  });
  it("counts from 申請日 when the closing date is missing", () => {
    expect(isPurgeable(withdrawn("bad", "2026-07-20"), TODAY, 4)).toBe(true);
    expect(isPurgeable(withdrawn("bad", "2026-07-21"), TODAY, 4)).toBe(false);
  });
});

describe("publication and retention, for any application and any day", () => {
  const day = fc
    .integer({ min: 0, max: 36_500 })
    .map((n) => addDays("1950-01-01", n));
  /** A date, an empty value, or something that is not a date. */
  const maybeDate = fc.oneof(
    { weight: 4, arbitrary: day },
    fc.constantFrom("", null, undefined, "2026-02-30", "x"),
  );
  const application = fc.record({
    applicationDate: maybeDate,
    certificationDate: maybeDate,
    withdrawalDate: maybeDate,
  }) as fc.Arbitrary<ApplicationDates>;
  const openApplication = fc.record({
    applicationDate: maybeDate,
    certificationDate: fc.constantFrom("", null, undefined),
    withdrawalDate: fc.constantFrom("", null, undefined),
  }) as fc.Arbitrary<ApplicationDates>;
  /** A policy checkPolicy accepts: 1–24 months shown, retention at least as long. */
  const months = fc.integer({ min: 1, max: 24 }).chain((w) =>
    fc.record({
      window: fc.constant(w),
      retention: fc.integer({ min: w, max: 120 }),
    }),
  );

  it("publishes an open application and never purges it, whatever its age", () => {
    fc.assert(
      fc.property(openApplication, day, months, (a, today, m) => {
        expect(isOpenApplication(a)).toBe(true);
        expect(isPublished(a, today, m.window)).toBe(true);
        expect(isPurgeable(a, today, m.retention)).toBe(false);
      }),
    );
  });

  it("is open exactly when stageOf is neither 認定済 nor 取下げ", () => {
    fc.assert(
      fc.property(application, (a) => {
        expect(isOpenApplication(a)).toBe(
          !["certified", "withdrawn"].includes(stageOf(a)),
        );
        expect(publicationBaseOf(a).open).toBe(isOpenApplication(a));
      }),
    );
  });

  it("never purges what is published (retention ≥ window)", () => {
    fc.assert(
      fc.property(application, day, months, (a, today, m) => {
        if (isPurgeable(a, today, m.retention)) {
          expect(isPublished(a, today, m.window)).toBe(false);
        }
      }),
    );
  });

  it("is monotone in time: once unpublished never published again, once purgeable always", () => {
    fc.assert(
      fc.property(
        application,
        day,
        fc.integer({ min: 0, max: 3000 }),
        months,
        (a, today, later, m) => {
          const then = addDays(today, later);
          if (!isPublished(a, today, m.window)) {
            expect(isPublished(a, then, m.window)).toBe(false);
          }
          if (isPurgeable(a, today, m.retention)) {
            expect(isPurgeable(a, then, m.retention)).toBe(true);
          }
        },
      ),
    );
  });

  it("is monotone in the window: a longer window shows at least as much", () => {
    fc.assert(
      fc.property(application, day, months, (a, today, m) => {
        if (isPublished(a, today, m.window)) {
          expect(isPublished(a, today, m.retention)).toBe(true);
        }
      }),
    );
  });

  it("shows a closed application for the window after its closing date, and purges it after the retention", () => {
    fc.assert(
      fc.property(application, day, months, (a, today, m) => {
        const base = publicationBaseOf(a);
        if (base.open || base.since === null) {
          return;
        }
        expect(isPublished(a, today, m.window)).toBe(
          compareDates(base.since, publicationWindowStart(today, m.window)) >=
            0,
        );
        expect(isPurgeable(a, today, m.retention)).toBe(
          compareDates(base.since, retentionCutoff(today, m.retention)) < 0,
        );
      }),
    );
  });

  it("agrees with isShownFrom on a base computed once (the portal's index)", () => {
    fc.assert(
      fc.property(application, day, months, (a, today, m) => {
        expect(
          isShownFrom(
            publicationBaseOf(a),
            publicationWindowStart(today, m.window),
          ),
        ).toBe(isPublished(a, today, m.window));
      }),
    );
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
