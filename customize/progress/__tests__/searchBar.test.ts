import {
  listUrlWith,
  readSearchBox,
  searchQueryOf,
  searchTextOfQuery,
} from "../searchBar.ts";

describe("the query's values", () => {
  it("is what every query of the bar is made with", () => {
    expect(
      searchQueryOf({
        method: "dates",
        applicationDateMMDD: "0105",
        birthDateYMD: "19500102",
      }),
    ).toBe('applicationDateMMDD = "0105" and birthDateYMD = "19500102"');
  });
});

describe("readSearchBox: the box's text to a kintone query", () => {
  it.each([
    ["123456", 'insuredNoLast6 = "123456"'],
    ["１２３４５６", 'insuredNoLast6 = "123456"'],
    ["0000123456", 'insuredNo = "0000123456"'],
    ["ｈ０００−１２３−４５６", 'insuredNo = "H000123456"'],
    [
      "0105 19500102",
      'applicationDateMMDD = "0105" and birthDateYMD = "19500102"',
    ],
    [
      "０１０５　昭和25年1月2日",
      'applicationDateMMDD = "0105" and birthDateYMD = "19500102"',
    ],
    [
      "1/5 S25.1.2",
      'applicationDateMMDD = "0105" and birthDateYMD = "19500102"',
    ],
    [
      "010519500102",
      'applicationDateMMDD = "0105" and birthDateYMD = "19500102"',
    ],
  ])("reads %j as %s", (input, query) => {
    expect(readSearchBox(input)).toMatchObject({ ok: true, query });
  });

  it.each([
    ["", /^被保険者番号（6桁か10桁）、または申請日/],
    ["12345", /^数字5桁では検索できません。/],
    ["山田", /^被保険者番号（6桁か10桁）/],
    [
      "1332 S64.1.8",
      /申請日（4桁）の月は01〜12です.*生年月日（8桁）の昭和64年/,
    ],
  ])("answers %j with a short Japanese message", (input, message) => {
    const r = readSearchBox(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.message).toMatch(message);
  });
});

describe("searchTextOfQuery: the list's query back to the box's text", () => {
  it.each([["123456"], ["0000123456"], ["H000123456"], ["0105 19500102"]])(
    "gives %j back for the query it made",
    (text) => {
      const r = readSearchBox(text);
      expect(r.ok && searchTextOfQuery(r.query)).toBe(text);
    },
  );
  it("writes the search as a clerk would type it again", () => {
    const r = readSearchBox("1/5 S25.1.2");
    expect(r.ok && searchTextOfQuery(r.query)).toBe("0105 19500102");
  });
  it.each([
    [null],
    [undefined],
    [""],
    ['氏名 like "山田"'],
    ['insuredNoLast6 = "123456" or insuredNoLast6 = "654321"'],
    ['insuredNoLast6 = "12345"'],
    ['applicationDateMMDD = "1332" and birthDateYMD = "19500102"'],
  ])("gives nothing for %j, not a query of the bar", (query) => {
    expect(searchTextOfQuery(query)).toBe("");
  });
  it("finds the bar's query within a view's filter joined with it, when asked", () => {
    const condition = '(status in ("審査会")) and (insuredNoLast6 = "123456")';
    expect(searchTextOfQuery(condition)).toBe("");
    expect(searchTextOfQuery(condition, true)).toBe("123456");
  });
});

describe("listUrlWith", () => {
  it("sets the query, keeps the view and sort, and starts from the first page", () => {
    const url = new URL(
      listUrlWith(
        "http://localhost:3000/k/m/5/?view=20&offset=40&sort=%24id+asc#top",
        'insuredNoLast6 = "123456"',
      ),
    );
    expect(url.pathname).toBe("/k/m/5/");
    expect(url.searchParams.get("view")).toBe("20");
    expect(url.searchParams.get("sort")).toBe("$id asc");
    expect(url.searchParams.get("offset")).toBeNull();
    expect(url.searchParams.get("query")).toBe('insuredNoLast6 = "123456"');
    expect(url.hash).toBe("");
  });
  it("removes the query to show every record", () => {
    expect(
      listUrlWith(
        "http://localhost:3000/k/5/?view=20&query=insuredNoLast6+%3D+%22123456%22",
        null,
      ),
    ).toBe("http://localhost:3000/k/5/?view=20");
  });
});
