import fc from "fast-check";
import { parseSearchText, searchTextOf } from "../searchKeys.ts";

const dates = (applicationDateMMDD: string, birthDateYMD: string) => ({
  ok: true,
  value: { method: "dates", applicationDateMMDD, birthDateYMD },
});

describe("parseSearchText: one box, either method", () => {
  it.each([
    ["123456", { method: "insuredNo", insuredNoLast6: "123456" }],
    ["１２３４５６", { method: "insuredNo", insuredNoLast6: "123456" }],
    ["123-456", { method: "insuredNo", insuredNoLast6: "123456" }],
    [
      "0000123456",
      {
        method: "insuredNo",
        insuredNoLast6: "123456",
        insuredNo: "0000123456",
      },
    ],
    [
      "h000-123-456",
      {
        method: "insuredNo",
        insuredNoLast6: "123456",
        insuredNo: "H000123456",
      },
    ],
    [
      "０００ ０１２３４５６",
      {
        method: "insuredNo",
        insuredNoLast6: "123456",
        insuredNo: "0000123456",
      },
    ],
    [" 0000 123456 ", expect.objectContaining({ insuredNo: "0000123456" })],
  ])("reads %j as method ①", (input, value) => {
    expect(parseSearchText(input)).toEqual({ ok: true, value });
  });

  it.each([
    ["0105 19500102"],
    ["０１０５　１９５００１０２"],
    ["0105,19500102"],
    ["0105、19500102"],
    ["0105  S25.1.2"],
    ["0105 昭和25年1月2日"],
    ["0105 昭和 25年 1月 2日"],
    ["0105 ｓ２５．１．２"],
    ["0105 S250102"],
    ["1/5 1950/1/2"],
    ["1月5日 1950-01-02"],
    ["010519500102"],
    ["0105-19500102"],
    ["0105S250102"],
    ["0105昭和25年1月2日"],
  ])("reads %j as method ②", (input) => {
    expect(parseSearchText(input)).toEqual(dates("0105", "19500102"));
  });

  it("reads two values as method ② first, even when their digits make 10", () => {
    expect(parseSearchText("1-15 1950-12-2")).toEqual(
      dates("0115", "19501202"),
    );
  });

  it("says what the box takes when it is empty", () => {
    expect(parseSearchText(" 　")).toEqual({
      ok: false,
      problems: [
        {
          field: "searchValues",
          code: "required",
          message:
            "被保険者番号（6桁か10桁）、または申請日（4桁）と生年月日（8桁）を入力してください。",
          severity: "error",
        },
      ],
    });
  });

  it.each([
    [
      "12345",
      "length",
      /^数字5桁では検索できません。被保険者番号は6桁か10桁、/,
    ],
    ["1234567", "length", /^数字7桁では検索できません。/],
    ["yamada", "format", /で検索できます。例：123456、0105 19500102$/],
    ["19500102", "length", /^数字8桁では検索できません。/],
  ])("rejects %j, one value that is neither method (%s)", (input, code, re) => {
    const r = parseSearchText(input);
    expect(r).toMatchObject({
      ok: false,
      problems: [{ field: "searchValues", code }],
    });
    expect(r.ok ? "" : r.problems[0]?.message).toMatch(re);
  });

  it("reports method ②'s own problems for two values that are not dates", () => {
    expect(parseSearchText("1332 S64.1.8")).toMatchObject({
      ok: false,
      problems: [
        { field: "applicationDateMMDD", code: "calendar" },
        { field: "birthDateYMD", code: "era" },
      ],
    });
    expect(parseSearchText("0105 1950")).toMatchObject({
      ok: false,
      problems: [{ field: "birthDateYMD" }],
    });
  });
});

describe("searchTextOf", () => {
  it.each([
    ["123456", "123456"],
    ["ｈ000123456", "H000123456"],
    ["1/5 S25.1.2", "0105 19500102"],
  ])("writes %j back as %j, which reads the same", (input, text) => {
    const r = parseSearchText(input);
    if (!r.ok) {
      throw new Error("not read");
    }
    expect(searchTextOf(r.value)).toBe(text);
    expect(parseSearchText(text)).toEqual(r);
  });
});

describe("parseSearchText on any text", () => {
  const inputs = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        ..."0123456789０１２３HhSRTMs昭和平成令元年月日./-ー,、 ",
        "\u3000",
      ),
      maxLength: 24,
    }),
  );
  it("never throws; a refusal says in Japanese why; a search reads back as itself", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = parseSearchText(input);
        if (!r.ok) {
          return (
            r.problems.length > 0 &&
            r.problems.every((p) =>
              /[\u3040-\u30FF\u4E00-\u9FFF]/.test(p.message),
            )
          );
        }
        const again = parseSearchText(searchTextOf(r.value));
        return (
          again.ok && JSON.stringify(again.value) === JSON.stringify(r.value)
        );
      }),
      { numRuns: 2000 },
    );
  });
});
