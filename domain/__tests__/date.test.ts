import fc from "fast-check";
import {
  addDays,
  addMonths,
  addYears,
  compactDate,
  compareDates,
  daysBetween,
  daysInMonth,
  isIsoDate,
  jstDateOf,
  splitIsoDate,
} from "../date.ts";

describe("calendar", () => {
  it("knows the Gregorian leap years", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 13)).toBe(0);
  });
  it("accepts only dates that exist", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-28")).toBe(false);
    expect(isIsoDate(20260228)).toBe(false);
    expect(splitIsoDate("2024-02-29")).toEqual({
      year: 2024,
      month: 2,
      day: 29,
    });
  });
});

describe("arithmetic", () => {
  it("adds days across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });
  it("clamps the day when adding months", () => {
    expect(addMonths("2026-05-31", -3)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -3)).toBe("2025-10-15");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
  });
  it("moves 29 February to 1 March in a year without it", () => {
    expect(addYears("1984-02-29", 40)).toBe("2024-02-29");
    expect(addYears("1986-02-28", 40)).toBe("2026-02-28");
    expect(addYears("1988-02-29", 38)).toBe("2026-03-01");
  });
  it("counts days between dates", () => {
    expect(daysBetween("2026-09-01", "2026-10-31")).toBe(60);
    expect(daysBetween("2026-10-31", "2026-09-01")).toBe(-60);
  });
  it("refuses to compute with something that is not a date", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
  it("orders dates", () => {
    expect(compareDates("2026-01-01", "2026-01-02")).toBe(-1);
    expect(compareDates("2026-01-02", "2026-01-01")).toBe(1);
    expect(compareDates("2026-01-02", "2026-01-02")).toBe(0);
  });
  it("undoes adding days by subtracting them", () => {
    const day = fc
      .integer({ min: 0, max: 73_000 })
      .map((n) => addDays("1900-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe("jstDateOf", () => {
  it("gives the date in Japan, nine hours ahead of UTC", () => {
    expect(jstDateOf("2026-11-21T14:59:59Z")).toBe("2026-11-21");
    expect(jstDateOf("2026-11-21T15:00:00Z")).toBe("2026-11-22");
    expect(jstDateOf("2026-11-22T08:00:00+09:00")).toBe("2026-11-22");
    expect(jstDateOf(Date.UTC(2026, 0, 1, 0, 0))).toBe("2026-01-01");
  });
  it("gives null for what is not an instant", () => {
    expect(jstDateOf("yesterday")).toBeNull();
    expect(jstDateOf(Number.NaN)).toBeNull();
  });
});

describe("compactDate", () => {
  it("drops the hyphens", () => {
    expect(compactDate("1950-01-02")).toBe("19500102");
  });
});
