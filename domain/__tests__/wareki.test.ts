import fc from "fast-check";
import { addDays, daysBetween } from "../date.ts";
import {
  earliestDate,
  eraOf,
  eras,
  formatWareki,
  latestDate,
  parseDate,
} from "../wareki.ts";

const birth = (s: string) => parseDate(s, "birthDate");

describe("parseDate: the forms people type", () => {
  it.each([
    "昭和25年1月2日",
    "S25.1.2",
    "s25/1/2",
    "Ｓ２５．１．２",
    "昭25.1.2",
    "昭和25.01.02",
    "S25-1-2",
    "S250102",
    "昭和 25年 1月 2日",
    "㍼25年1月2日",
    "昭和25年1月2日生",
    "1950/1/2",
    "1950-01-02",
    "1950.1.2",
    "1950年1月2日",
    "19500102",
    "１９５０／０１／０２",
  ])("reads %s as 1950-01-02", (input) => {
    expect(birth(input)).toEqual({ ok: true, value: "1950-01-02" });
  });

  it.each([
    ["令和元年5月1日", "2019-05-01"],
    ["R1.5.1", "2019-05-01"],
    ["H31.4.30", "2019-04-30"],
    ["平成元年1月8日", "1989-01-08"],
    ["S64.1.7", "1989-01-07"],
    ["大正15年12月24日", "1926-12-24"],
    ["昭和元年12月25日", "1926-12-25"],
    ["T1.7.30", "1912-07-30"],
    ["M45.7.29", "1912-07-29"],
    ["明治33年1月1日", "1900-01-01"],
    ["R8.11.21", "2026-11-21"],
  ])("reads %s as %s", (input, iso) => {
    expect(birth(input)).toEqual({ ok: true, value: iso });
  });

  it("rejects 昭和64年1月8日 and says which era it is", () => {
    expect(birth("昭和64年1月8日")).toEqual({
      ok: false,
      problems: [
        {
          field: "birthDate",
          code: "era",
          severity: "error",
          message:
            "生年月日の昭和64年1月8日は存在しません（昭和は昭和64年1月7日まで）。1989年1月8日は平成元年1月8日です。",
        },
      ],
    });
  });

  it("rejects 平成31年5月1日 and says which era it is", () => {
    expect(birth("平成31年5月1日")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "era",
          message:
            "生年月日の平成31年5月1日は存在しません（平成は平成31年4月30日まで）。2019年5月1日は令和元年5月1日です。",
        },
      ],
    });
  });

  it("rejects a date before its era began", () => {
    expect(birth("R1.4.30")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "era",
          message:
            "生年月日の令和元年4月30日は存在しません（令和は令和元年5月1日から）。2019年4月30日は平成31年4月30日です。",
        },
      ],
    });
  });

  it("rejects year 0 of an era", () => {
    expect(birth("S0.1.1")).toMatchObject({
      ok: false,
      problems: [{ code: "era" }],
    });
  });

  it.each([
    [
      "S25.2.30",
      "calendar",
      "生年月日の昭和25年2月30日は存在しない日付です。日をお確かめください。",
    ],
    [
      "2023-02-29",
      "calendar",
      "生年月日の2023年2月29日は存在しない日付です。日をお確かめください。",
    ],
    [
      "1950/13/1",
      "calendar",
      "生年月日の月は1〜12で入力してください（入力：1950年13月1日）。",
    ],
    [
      "1899/12/31",
      "range",
      "生年月日は1900年1月1日から2099年12月31日までの日付で入力してください。",
    ],
    [
      "M32.12.31",
      "range",
      "生年月日は1900年1月1日から2099年12月31日までの日付で入力してください。",
    ],
    [
      "2100-01-01",
      "range",
      "生年月日は1900年1月1日から2099年12月31日までの日付で入力してください。",
    ],
    ["", "required", "生年月日を入力してください。"],
    [
      "昭和二十五年一月二日",
      "format",
      "生年月日の形式が正しくありません。例：昭和25年1月2日、S25.1.2、1950/1/2、19500102",
    ],
    ["X25.1.2", "format", expect.any(String)],
    ["1950/1", "format", expect.any(String)],
    ["195012", "format", expect.any(String)],
  ])("rejects %j with %s", (input, code, message) => {
    expect(birth(input)).toEqual({
      ok: false,
      problems: [{ field: "birthDate", code, message, severity: "error" }],
    });
  });
});

describe("formatWareki", () => {
  it("writes the long form with 元年", () => {
    expect(formatWareki("2019-05-01")).toBe("令和元年5月1日");
    expect(formatWareki("1950-01-02")).toBe("昭和25年1月2日");
  });
  it("writes the short form with the era letter", () => {
    expect(formatWareki("1989-01-07", "short")).toBe("S64.1.7");
    expect(formatWareki("1989-01-08", "short")).toBe("H1.1.8");
  });
  it("leaves a date before 明治, or not a date, as it is", () => {
    expect(formatWareki("1868-01-01")).toBe("1868-01-01");
    expect(formatWareki("not a date")).toBe("not a date");
  });
});

describe("eras", () => {
  it("follow each other without a gap", () => {
    eras.slice(1).forEach((era, i) => {
      expect(addDays(eras[i]?.end as string, 1)).toBe(era.start);
    });
    expect(eras[eras.length - 1]?.end).toBeNull();
  });
  it("has no era before 明治", () => {
    expect(eraOf("1868-10-22")).toBeNull();
  });
});

describe("every calendar day from 1900 to 2099", () => {
  const allDays = Array.from(
    { length: daysBetween(earliestDate, latestDate) + 1 },
    (_, i) => addDays(earliestDate, i),
  );

  it("formats to 和暦 and parses back to itself, in both forms", () => {
    const wrong = allDays.filter((iso) => {
      const long = parseDate(formatWareki(iso), "birthDate");
      const short = parseDate(formatWareki(iso, "short"), "birthDate");
      return !(
        long.ok &&
        long.value === iso &&
        short.ok &&
        short.value === iso
      );
    });
    expect(allDays).toHaveLength(73_049);
    expect(wrong).toEqual([]);
  });

  it("parses back from 西暦 too", () => {
    fc.assert(
      fc.property(fc.constantFrom(...allDays), (iso) => {
        const [y, m, d] = iso.split("-").map(Number);
        expect(parseDate(`${y}/${m}/${d}`, "birthDate")).toEqual({
          ok: true,
          value: iso,
        });
        expect(parseDate(iso.replace(/-/g, ""), "birthDate")).toEqual({
          ok: true,
          value: iso,
        });
      }),
    );
  });
});
