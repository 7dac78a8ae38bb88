import {
  matchesSearch,
  matchesWholeInsuredNo,
  parseDatesSearch,
  parseInsuredNoSearch,
  parseMonthDay,
  searchKeysOf,
} from "../searchKeys.ts";

const record = {
  insuredNo: "H000123456",
  applicationDate: "2026-01-05",
  birthDate: "1950-01-02",
};

describe("searchKeysOf", () => {
  it("derives the three keys of a progress record", () => {
    expect(searchKeysOf(record)).toEqual({
      insuredNoLast6: "123456",
      applicationDateMMDD: "0105",
      birthDateYMD: "19500102",
    });
  });
  it("leaves a key empty when its source is missing or malformed", () => {
    expect(
      searchKeysOf({
        insuredNo: "12345",
        applicationDate: "",
        birthDate: "1950-02-30",
      }),
    ).toEqual({
      insuredNoLast6: "",
      applicationDateMMDD: "",
      birthDateYMD: "",
    });
    expect(searchKeysOf({})).toEqual({
      insuredNoLast6: "",
      applicationDateMMDD: "",
      birthDateYMD: "",
    });
  });
});

describe("method ①: 被保険者番号 下6桁", () => {
  it.each([
    ["123456", "123456"],
    ["１２３４５６", "123456"],
    ["123-456", "123456"],
  ])("reads %j as %s", (input, last6) => {
    expect(parseInsuredNoSearch(input)).toEqual({
      ok: true,
      value: { method: "insuredNo", insuredNoLast6: last6 },
    });
  });
  it.each([
    ["0000123456", "0000123456"],
    ["０１２３４５６７８９", "0123456789"],
    ["H000123456", "H000123456"],
    ["h000-123-456", "H000123456"],
  ])(
    "keeps a whole 被保険者番号 %j whole (%s), with its 下6桁 to look up",
    (input, no) => {
      expect(parseInsuredNoSearch(input)).toEqual({
        ok: true,
        value: {
          method: "insuredNo",
          insuredNoLast6: no.slice(-6),
          insuredNo: no,
        },
      });
    },
  );
  it.each([
    ["", "required", "被保険者番号（下6桁）を入力してください。"],
    [
      "12345",
      "length",
      "被保険者番号（下6桁）は6桁で入力してください（10桁の被保険者番号でも検索できます）。入力は5桁です。",
    ],
    ["12345678", "length", expect.stringContaining("入力は8桁です")],
    ["12345a", "characters", "被保険者番号（下6桁）は数字で入力してください。"],
  ])("rejects %j at the field with %s", (input, code, message) => {
    expect(parseInsuredNoSearch(input)).toEqual({
      ok: false,
      problems: [{ field: "insuredNoLast6", code, message, severity: "error" }],
    });
  });
});

describe("申請日 (4桁)", () => {
  it.each([
    ["0105", "0105"],
    ["０１０５", "0105"],
    ["1/5", "0105"],
    ["01-05", "0105"],
    ["1月5日", "0105"],
    ["12.31", "1231"],
    ["0229", "0229"],
    ["2026/1/5", "0105"],
    ["R8.1.5", "0105"],
  ])("reads %j as %s", (input, mmdd) => {
    expect(parseMonthDay(input)).toEqual({ ok: true, value: mmdd });
  });
  it.each([
    ["", "required"],
    ["1332", "calendar"],
    ["0230", "calendar"],
    ["105", "format"],
    ["H31.5.1", "era"],
  ])("rejects %j with %s", (input, code) => {
    expect(parseMonthDay(input)).toMatchObject({
      ok: false,
      problems: [{ field: "applicationDateMMDD", code }],
    });
  });
  it("tells how to write the month and day", () => {
    expect(parseMonthDay("105")).toMatchObject({
      ok: false,
      problems: [
        {
          message:
            "申請日（4桁）は月日4桁で入力してください。例：1月5日なら 0105",
        },
      ],
    });
  });
});

describe("method ②: 申請日 (4桁) + 生年月日 (8桁)", () => {
  it("reads both, 和暦 birth dates included", () => {
    expect(
      parseDatesSearch({ applicationDate: "0105", birthDate: "S25.1.2" }),
    ).toEqual({
      ok: true,
      value: {
        method: "dates",
        applicationDateMMDD: "0105",
        birthDateYMD: "19500102",
      },
    });
  });
  it("reports a problem for each wrong field at once", () => {
    const r = parseDatesSearch({
      applicationDate: "13/1",
      birthDate: "昭和64年1月8日",
    });
    expect(r).toMatchObject({
      ok: false,
      problems: [
        { field: "applicationDateMMDD", code: "calendar" },
        { field: "birthDateYMD", code: "era" },
      ],
    });
  });
  it("reports only the wrong field", () => {
    expect(
      parseDatesSearch({ applicationDate: "0105", birthDate: "" }),
    ).toEqual({
      ok: false,
      problems: [
        {
          field: "birthDateYMD",
          code: "required",
          message: "生年月日（8桁）を入力してください。",
          severity: "error",
        },
      ],
    });
  });
});

describe("matchesSearch", () => {
  const keys = searchKeysOf(record);
  it("matches exactly on the method's keys", () => {
    expect(
      matchesSearch(keys, { method: "insuredNo", insuredNoLast6: "123456" }),
    ).toBe(true);
    expect(
      matchesSearch(keys, { method: "insuredNo", insuredNoLast6: "12345" }),
    ).toBe(false);
    expect(
      matchesSearch(keys, {
        method: "dates",
        applicationDateMMDD: "0105",
        birthDateYMD: "19500102",
      }),
    ).toBe(true);
    expect(
      matchesSearch(keys, {
        method: "dates",
        applicationDateMMDD: "0105",
        birthDateYMD: "19500103",
      }),
    ).toBe(false);
  });
  it("matches a whole 被保険者番号 on all 10 characters, a 下6桁 on 6", () => {
    const whole = { ...keys, insuredNo: "0000123456" };
    const asked = (input: string) => {
      const r = parseInsuredNoSearch(input);
      if (!r.ok) {
        throw new Error(input);
      }
      return r.value;
    };
    expect(matchesSearch(whole, asked("0000123456"))).toBe(true);
    expect(matchesSearch(whole, asked("０００0-123-456"))).toBe(true);
    expect(matchesSearch(whole, asked("9999123456"))).toBe(false);
    expect(matchesSearch(whole, asked("1000123456"))).toBe(false);
    expect(matchesSearch(whole, asked("H000123456"))).toBe(false);
    expect(matchesSearch(whole, asked("123456"))).toBe(true);
    // Keys without the whole number never match a whole-number query.
    expect(matchesSearch(keys, asked("0000123456"))).toBe(false);
    expect(matchesWholeInsuredNo(" 0000-123-456 ", asked("0000123456"))).toBe(
      true,
    );
    expect(matchesWholeInsuredNo("9999123456", asked("123456"))).toBe(true);
  });
  it("never matches a record whose key is empty", () => {
    const empty = searchKeysOf({});
    expect(
      matchesSearch(empty, { method: "insuredNo", insuredNoLast6: "" }),
    ).toBe(false);
    expect(
      matchesSearch(empty, {
        method: "dates",
        applicationDateMMDD: "",
        birthDateYMD: "",
      }),
    ).toBe(false);
  });
});
