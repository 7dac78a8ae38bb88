import { compareDecimal, formatDecimal, parseDecimal } from "../index.ts";
import {
  addMonths,
  dayNumber,
  functionDays,
  localDay,
  offsetMinutes,
  parseDateTime,
  zonedInstant,
} from "../time.ts";

const day = (iso: string): number => {
  const [y, m, d] = iso.split("-").map(Number);
  return dayNumber(y ?? 0, m ?? 0, d ?? 0);
};

describe("date functions", () => {
  const today = day("2026-04-30");

  test("THIS_MONTH(31) in a 30-day month rolls over to the 1st", () => {
    expect(functionDays({ name: "THIS_MONTH", day: 31 }, today)).toEqual({
      start: day("2026-05-01"),
      end: day("2026-05-02"),
    });
  });

  test("LAST_MONTH and NEXT_MONTH cross year ends", () => {
    const newYear = day("2026-01-10");
    expect(functionDays({ name: "LAST_MONTH" }, newYear)).toEqual({
      start: day("2025-12-01"),
      end: day("2026-01-01"),
    });
    expect(
      functionDays({ name: "NEXT_MONTH", day: "LAST" }, day("2026-01-31")),
    ).toEqual({
      start: day("2026-02-28"),
      end: day("2026-03-01"),
    });
  });

  test("FROM_TODAY months clamp to the month's end", () => {
    expect(addMonths(day("2026-01-31"), 1)).toBe(day("2026-02-28"));
    expect(addMonths(day("2024-02-29"), 12)).toBe(day("2025-02-28"));
    expect(addMonths(day("2026-03-31"), -13)).toBe(day("2025-02-28"));
  });

  test("weeks run Sunday to Saturday", () => {
    const sunday = day("2026-04-26");
    expect(functionDays({ name: "THIS_WEEK" }, sunday)).toEqual({
      start: sunday,
      end: sunday + 7,
    });
    expect(functionDays({ name: "LAST_WEEK", weekday: 6 }, sunday)).toEqual({
      start: sunday - 1,
      end: sunday,
    });
  });
});

describe("time zones", () => {
  test("reads fixed offsets and UTC names", () => {
    expect(offsetMinutes("+09:00", 0)).toBe(540);
    expect(offsetMinutes("-0330", 0)).toBe(-210);
    expect(offsetMinutes("UTC", 0)).toBe(0);
    expect(
      offsetMinutes("Asia/Tokyo", Date.parse("2026-01-01T00:00:00Z")),
    ).toBe(540);
  });

  test("follows daylight saving time in IANA zones", () => {
    expect(
      offsetMinutes("America/New_York", Date.parse("2026-01-15T12:00:00Z")),
    ).toBe(-300);
    expect(
      offsetMinutes("America/New_York", Date.parse("2026-07-15T12:00:00Z")),
    ).toBe(-240);
    expect(zonedInstant(day("2026-03-08"), 0, "America/New_York")).toBe(
      Date.parse("2026-03-08T05:00:00Z"),
    );
    expect(zonedInstant(day("2026-03-09"), 0, "America/New_York")).toBe(
      Date.parse("2026-03-09T04:00:00Z"),
    );
  });

  test("finds the caller's day of an instant", () => {
    const instant = Date.parse("2026-11-20T15:00:00Z");
    expect(localDay(instant, "Asia/Tokyo")).toBe(day("2026-11-21"));
    expect(localDay(instant, "UTC")).toBe(day("2026-11-20"));
  });

  test("rejects an unknown zone name", () => {
    expect(() => offsetMinutes("Mars/Olympus", 0)).toThrow(RangeError);
  });

  test("parses datetimes with and without zones", () => {
    expect(parseDateTime("2026-04-01T09:00:00+09:00")).toEqual({
      kind: "instant",
      ms: Date.parse("2026-04-01T00:00:00Z"),
    });
    expect(parseDateTime("2026-04-01T09:00:00.5Z")).toEqual({
      kind: "instant",
      ms: Date.parse("2026-04-01T09:00:00.500Z"),
    });
    expect(parseDateTime("2026-04-01 09:30")).toEqual({
      kind: "local",
      day: day("2026-04-01"),
      ms: (9 * 60 + 30) * 60_000,
    });
    expect(parseDateTime("2026-02-30T00:00:00Z")).toBeNull();
  });
});

describe("decimals", () => {
  test("parse kintone's number spellings", () => {
    expect(
      formatDecimal(parseDecimal(" 42 ") ?? { mantissa: 0n, scale: 0 }),
    ).toBe("42");
    expect(
      formatDecimal(parseDecimal("1.5e1") ?? { mantissa: 0n, scale: 0 }),
    ).toBe("15");
    expect(
      formatDecimal(parseDecimal("-0.050") ?? { mantissa: 0n, scale: 0 }),
    ).toBe("-0.05");
    expect(
      formatDecimal(parseDecimal(".5") ?? { mantissa: 0n, scale: 0 }),
    ).toBe("0.5");
    expect(
      formatDecimal(parseDecimal("-0") ?? { mantissa: 1n, scale: 0 }),
    ).toBe("0");
  });

  test("refuse what is not a number", () => {
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("1,000")).toBeNull();
    expect(parseDecimal("1e99999")).toBeNull();
    expect(parseDecimal(".")).toBeNull();
  });

  test("compare exactly", () => {
    const a = parseDecimal("0.30000000000000000001");
    const b = parseDecimal("0.3");
    if (!a || !b) {
      throw new Error("unparsed");
    }
    expect(compareDecimal(a, b)).toBe(1);
    expect(compareDecimal(b, a)).toBe(-1);
    expect(compareDecimal(b, parseDecimal("3e-1") ?? a)).toBe(0);
  });
});
