import { compileQuery, createMatcher, matches } from "../index.ts";
import type { KintoneRecord, QueryContext } from "../index.ts";
import { ctx, entity, fields, record } from "./fixtures.ts";

/** The ids of the records that match. */
const ids = (
  query: string,
  records: readonly KintoneRecord[],
  context: QueryContext = ctx,
): number[] => {
  const match = createMatcher(compileQuery(query, fields), context);
  return records.filter(match).map((r) => Number(r.$id?.value));
};

describe("matching: text fields", () => {
  const records = [
    record(1, { applicationNo: "R8-0001", 氏名カナ: "ヤマダ タロウ" }),
    record(2, { applicationNo: "R8-0002", 氏名カナ: "ｽｽﾞｷ ﾊﾅｺ" }),
    record(3, { applicationNo: "", 氏名カナ: "" }),
  ];

  test("= compares whole values exactly", () => {
    expect(ids('applicationNo = "R8-0001"', records)).toEqual([1]);
    expect(ids('applicationNo = "r8-0001"', records)).toEqual([]);
  });

  test('= "" finds unset text and != "" the rest', () => {
    expect(ids('applicationNo = ""', records)).toEqual([3]);
    expect(ids('applicationNo != ""', records)).toEqual([1, 2]);
  });

  test("in matches any listed value, including empty", () => {
    expect(ids('applicationNo in ("R8-0002", "")', records)).toEqual([2, 3]);
    expect(ids('applicationNo not in ("R8-0002", "")', records)).toEqual([1]);
  });

  test("like is a case- and width-insensitive substring match", () => {
    expect(ids('氏名カナ like "タロウ"', records)).toEqual([1]);
    expect(ids('氏名カナ like "スズキ"', records)).toEqual([2]);
    expect(ids('applicationNo like "r8-000"', records)).toEqual([1, 2]);
  });

  test("not like keeps records without the text, empty ones included", () => {
    expect(ids('氏名カナ not like "ヤマダ"', records)).toEqual([2, 3]);
  });

  test("LINK and STATUS compare as text", () => {
    const links = [
      record(1, { ホームページ: "https://example.jp/a", ステータス: "調査中" }),
      record(2, { ホームページ: "tel:0312345678", ステータス: "受付" }),
    ];
    expect(ids('ホームページ like "example"', links)).toEqual([1]);
    expect(ids('ステータス = "受付"', links)).toEqual([2]);
    expect(ids('ステータス not in ("受付", "調査中")', links)).toEqual([]);
  });
});

describe("matching: MULTI_LINE_TEXT, RICH_TEXT and FILE", () => {
  const records = [
    record(1, {
      備考: "家族が同席\n要再調査",
      説明: "<p>主治医<b>意見書</b> &amp; 調査票</p>",
      添付書類: [
        {
          contentType: "application/pdf",
          fileKey: "k1",
          name: "意見書.pdf",
          size: "100",
        },
      ],
    }),
    record(2, { 備考: " \n\u3000", 説明: "", 添付書類: [] }),
    record(3),
  ];

  test("is empty also matches whitespace-only text", () => {
    expect(ids("備考 is empty", records)).toEqual([2, 3]);
    expect(ids("備考 is not empty", records)).toEqual([1]);
  });

  test("like finds text across lines", () => {
    expect(ids('備考 like "再調査"', records)).toEqual([1]);
  });

  test("like on RICH_TEXT looks at the text, not the markup", () => {
    expect(ids('説明 like "主治医意見書 & 調査票"', records)).toEqual([1]);
    expect(ids('説明 like "& 調査票"', records)).toEqual([1]);
    expect(ids('説明 like "<b>"', records)).toEqual([]);
    const entities = [
      record(1, { 説明: "<p>&#35469;&#23450;&nbsp;&unknown;</p>" }),
    ];
    expect(ids('説明 like "認定 &unknown;"', entities)).toEqual([1]);
  });

  test("FILE like matches file names and is empty matches no files", () => {
    expect(ids('添付書類 like ".PDF"', records)).toEqual([1]);
    expect(ids("添付書類 is empty", records)).toEqual([2, 3]);
    expect(ids('添付書類 not like "意見書"', records)).toEqual([2, 3]);
  });
});

describe("matching: NUMBER, CALC, $id and RECORD_NUMBER", () => {
  const records = [
    record(1, { 年齢: "64", 負担割合: "1", レコード番号: "KAIGO-1" }),
    record(2, { 年齢: "65.0", 負担割合: "2", レコード番号: "KAIGO-2" }),
    record(3, { 年齢: "100", 負担割合: "", レコード番号: "KAIGO-3" }),
    record(4, { 年齢: "", 負担割合: "3", レコード番号: "KAIGO-4" }),
  ];

  test("compares numbers numerically, not as strings", () => {
    expect(ids("年齢 >= 65", records)).toEqual([2, 3]);
    expect(ids('年齢 < "100"', records)).toEqual([1, 2]);
    expect(ids("年齢 = 65", records)).toEqual([2]);
  });

  test("compares decimals exactly beyond double precision", () => {
    const big = [
      record(1, { 年齢: "12345678901234567890.1" }),
      record(2, { 年齢: "12345678901234567890.2" }),
    ];
    expect(ids("年齢 > 12345678901234567890.1", big)).toEqual([2]);
  });

  test("leaves empty numbers out of comparisons", () => {
    expect(ids("年齢 < 1000", records)).toEqual([1, 2, 3]);
  });

  test('"" finds empty numbers', () => {
    expect(ids('年齢 = ""', records)).toEqual([4]);
    expect(ids('負担割合 in ("", 3)', records)).toEqual([3, 4]);
    expect(ids('年齢 != ""', records)).toEqual([1, 2, 3]);
  });

  test("!= keeps empty numbers", () => {
    expect(ids("年齢 != 64", records)).toEqual([2, 3, 4]);
  });

  test("CALC with a number format compares numerically", () => {
    expect(ids("負担割合 > 1", records)).toEqual([2, 4]);
    expect(ids("負担割合 not in (1, 2)", records)).toEqual([3, 4]);
  });

  test("$id compares record ids", () => {
    expect(ids("$id > 2", records)).toEqual([3, 4]);
    expect(ids("$id in (1, 4)", records)).toEqual([1, 4]);
  });

  test("RECORD_NUMBER compares the number after the app code", () => {
    expect(ids('レコード番号 = "KAIGO-3"', records)).toEqual([3]);
    expect(ids("レコード番号 <= 2", records)).toEqual([1, 2]);
  });
});

describe("matching: selections", () => {
  const records = [
    record(1, {
      申請区分: "新規",
      性別: "女",
      サービス: ["訪問介護", "通所介護"],
      連絡手段: ["電話"],
    }),
    record(2, {
      申請区分: "更新",
      性別: "男",
      サービス: ["短期入所"],
      連絡手段: [],
    }),
    record(3, {
      申請区分: null,
      性別: null,
      サービス: [],
      連絡手段: ["メール", "郵送"],
    }),
  ];

  test("in on DROP_DOWN and RADIO_BUTTON matches the selected option", () => {
    expect(ids('申請区分 in ("新規", "区分変更")', records)).toEqual([1]);
    expect(ids('性別 in ("男")', records)).toEqual([2]);
  });

  test('in ("") matches unselected values (null and [])', () => {
    expect(ids('申請区分 in ("")', records)).toEqual([3]);
    expect(ids('サービス in ("")', records)).toEqual([3]);
    expect(ids('連絡手段 in ("")', records)).toEqual([2]);
  });

  test("in on CHECK_BOX and MULTI_SELECT matches any selected option", () => {
    expect(ids('サービス in ("通所介護", "短期入所")', records)).toEqual([
      1, 2,
    ]);
    expect(ids('連絡手段 in ("郵送")', records)).toEqual([3]);
  });

  test("not in keeps records with none of the options", () => {
    expect(ids('サービス not in ("訪問介護")', records)).toEqual([2, 3]);
    expect(ids('申請区分 not in ("")', records)).toEqual([1, 2]);
  });
});

describe("matching: users, organizations and groups", () => {
  const records = [
    record(1, {
      作成者: entity("sato"),
      担当者: [entity("sato"), entity("suzuki")],
      担当部署: [entity("kaigo")],
      作業者: [entity("sato")],
    }),
    record(2, {
      作成者: entity("suzuki"),
      担当者: [entity("tanaka")],
      担当グループ: [entity("shinsa")],
      更新者: entity("tanaka"),
    }),
    record(3, { 作成者: entity("tanaka"), 担当者: [] }),
  ];

  test("LOGINUSER() is the caller", () => {
    expect(ids("作成者 in (LOGINUSER())", records)).toEqual([1]);
    expect(ids("担当者 in (LOGINUSER())", records)).toEqual([1]);
    expect(ids("作業者 in (LOGINUSER())", records)).toEqual([1]);
    expect(ids("作成者 not in (LOGINUSER())", records)).toEqual([2, 3]);
  });

  test("LOGINUSER() matches nobody without a login user", () => {
    expect(ids("作成者 in (LOGINUSER())", records, { now: ctx.now })).toEqual(
      [],
    );
  });

  test("entity fields match by code", () => {
    expect(ids('担当者 in ("tanaka", "suzuki")', records)).toEqual([1, 2]);
    expect(ids('更新者 in ("tanaka")', records)).toEqual([2]);
    expect(ids('担当グループ in ("shinsa")', records)).toEqual([2]);
    expect(ids('担当者 in ("")', records)).toEqual([3]);
  });

  // https://cybozu.dev/ja/kintone/docs/overview/query (関数: PRIMARY_ORGANIZATION())
  test("PRIMARY_ORGANIZATION() is the caller's organization; without one the condition is ignored", () => {
    expect(ids("担当部署 in (PRIMARY_ORGANIZATION())", records)).toEqual([1]);
    const none = { ...ctx, primaryOrganization: null };
    expect(ids("担当部署 in (PRIMARY_ORGANIZATION())", records, none)).toEqual([
      1, 2, 3,
    ]);
    expect(
      ids(
        '担当部署 not in (PRIMARY_ORGANIZATION()) and 担当者 in ("tanaka")',
        records,
        none,
      ),
    ).toEqual(ids('担当者 in ("tanaka")', records));
  });
});

describe("matching: DATE", () => {
  // ctx: 2026-11-21 (Saturday) in Tokyo
  const dates = [
    "2025-12-31",
    "2026-01-01",
    "2026-10-31",
    "2026-11-01",
    "2026-11-15",
    "2026-11-16",
    "2026-11-20",
    "2026-11-21",
    "2026-11-22",
    "2026-11-30",
    "2026-12-21",
  ];
  const records = dates.map((d, i) => record(i + 1, { 申請日: d }));
  const on = (query: string): string[] =>
    ids(query, records).map((id) => dates[id - 1] ?? "?");

  test("compares dates", () => {
    expect(on('申請日 = "2026-11-21"')).toEqual(["2026-11-21"]);
    expect(on('申請日 > "2026-11-21"')).toEqual([
      "2026-11-22",
      "2026-11-30",
      "2026-12-21",
    ]);
    expect(on('申請日 <= "2026-01-01"')).toEqual(["2025-12-31", "2026-01-01"]);
  });

  test("TODAY, YESTERDAY and TOMORROW are days in the caller's zone", () => {
    expect(on("申請日 = TODAY()")).toEqual(["2026-11-21"]);
    expect(on("申請日 = YESTERDAY()")).toEqual(["2026-11-20"]);
    expect(on("申請日 = TOMORROW()")).toEqual(["2026-11-22"]);
  });

  test("TODAY() follows the caller's time zone", () => {
    const honolulu = { ...ctx, timeZone: "Pacific/Honolulu" };
    expect(ids("申請日 = TODAY()", records, honolulu)).toEqual([7]);
    expect(
      ids("申請日 = TODAY()", records, { ...ctx, timeZone: "-10:00" }),
    ).toEqual([7]);
  });

  test("comparisons with a period use its bounds", () => {
    expect(on("申請日 < THIS_MONTH()")).toEqual([
      "2025-12-31",
      "2026-01-01",
      "2026-10-31",
    ]);
    expect(on("申請日 >= THIS_MONTH()")).toEqual([
      "2026-11-01",
      "2026-11-15",
      "2026-11-16",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
      "2026-11-30",
      "2026-12-21",
    ]);
    expect(on("申請日 <= THIS_MONTH()")).not.toContain("2026-12-21");
    expect(on("申請日 > THIS_MONTH()")).toEqual(["2026-12-21"]);
  });

  test("= with a week means within the Sunday-to-Saturday week", () => {
    expect(on("申請日 = THIS_WEEK()")).toEqual([
      "2026-11-15",
      "2026-11-16",
      "2026-11-20",
      "2026-11-21",
    ]);
    expect(on("申請日 = THIS_WEEK(MONDAY)")).toEqual(["2026-11-16"]);
    expect(on("申請日 = NEXT_WEEK()")).toEqual(["2026-11-22"]);
    expect(on("申請日 = LAST_WEEK()")).toEqual([]);
  });

  test("months and years", () => {
    expect(on("申請日 = LAST_MONTH(LAST)")).toEqual(["2026-10-31"]);
    expect(on("申請日 = THIS_MONTH(1)")).toEqual(["2026-11-01"]);
    expect(on("申請日 = NEXT_MONTH(21)")).toEqual(["2026-12-21"]);
    expect(on("申請日 = LAST_YEAR()")).toEqual(["2025-12-31"]);
    expect(on("申請日 = THIS_YEAR()")).toHaveLength(10);
    expect(on("申請日 = NEXT_YEAR()")).toEqual([]);
  });

  test("FROM_TODAY counts days, weeks, months and years", () => {
    expect(on("申請日 = FROM_TODAY(-1, DAYS)")).toEqual(["2026-11-20"]);
    expect(on("申請日 = FROM_TODAY(1, MONTHS)")).toEqual(["2026-12-21"]);
    expect(on("申請日 = FROM_TODAY(-6, DAYS)")).toEqual(["2026-11-15"]);
    expect(on("申請日 = FROM_TODAY(-1, WEEKS)")).toEqual([]);
    expect(on("申請日 >= FROM_TODAY(-1, YEARS)")).toHaveLength(11);
    expect(on("申請日 <= FROM_TODAY(-10, MONTHS)")).toEqual([
      "2025-12-31",
      "2026-01-01",
    ]);
  });

  test('an unset date matches = "" and nothing else', () => {
    const withEmpty = [...records, record(99, { 申請日: null })];
    expect(ids('申請日 = ""', withEmpty)).toEqual([99]);
    expect(ids('申請日 < "2030-01-01"', withEmpty)).not.toContain(99);
    expect(ids('申請日 != "2026-11-21"', withEmpty)).toContain(99);
  });

  test("CALC with a DATE format compares as a date", () => {
    const calc = [
      record(1, { 期限: "2026-11-20" }),
      record(2, { 期限: "2026-12-01" }),
    ];
    expect(ids('期限 < "2026-11-21"', calc)).toEqual([1]);
  });
});

describe("matching: DATETIME, CREATED_TIME and UPDATED_TIME", () => {
  // Tokyo midnight of 2026-11-21 is 2026-11-20T15:00:00Z.
  const records = [
    record(1, {
      調査日時: "2026-11-20T14:59:00Z",
      作成日時: "2026-11-20T14:59:00Z",
    }),
    record(2, {
      調査日時: "2026-11-20T15:00:00Z",
      作成日時: "2026-11-20T15:00:00Z",
    }),
    record(3, {
      調査日時: "2026-11-21T01:30:00Z",
      作成日時: "2026-11-21T01:30:00Z",
    }),
    record(4, {
      調査日時: "2026-11-21T14:59:00Z",
      作成日時: "2026-11-21T14:59:00Z",
    }),
    record(5, {
      調査日時: "2026-11-21T15:00:00Z",
      作成日時: "2026-11-21T15:00:00Z",
    }),
    record(6, { 調査日時: "" }),
  ];

  test("TODAY() is the caller's day from midnight to midnight", () => {
    expect(ids("調査日時 = TODAY()", records)).toEqual([2, 3, 4]);
    expect(ids("作成日時 = TODAY()", records)).toEqual([2, 3, 4]);
  });

  test("a date literal on a datetime means that day in the caller's zone", () => {
    expect(ids('調査日時 = "2026-11-21"', records)).toEqual([2, 3, 4]);
    expect(ids('調査日時 < "2026-11-21"', records)).toEqual([1]);
    expect(ids('調査日時 > "2026-11-21"', records)).toEqual([5]);
  });

  test("NOW() means the current minute", () => {
    expect(ids("調査日時 = NOW()", records)).toEqual([3]);
    expect(ids("調査日時 < NOW()", records)).toEqual([1, 2]);
    expect(ids("調査日時 >= NOW()", records)).toEqual([3, 4, 5]);
  });

  test("instants with an offset compare in UTC, to the minute", () => {
    expect(ids('調査日時 = "2026-11-21T10:30:45+09:00"', records)).toEqual([3]);
    expect(ids('調査日時 > "2026-11-21T00:00:00+09:00"', records)).toEqual([
      3, 4, 5,
    ]);
    expect(ids('調査日時 >= "2026-11-20T15:00:00Z"', records)).toEqual([
      2, 3, 4, 5,
    ]);
  });

  test("a datetime without a zone is the caller's wall time", () => {
    expect(ids('調査日時 = "2026-11-21T10:30"', records)).toEqual([3]);
    expect(
      ids('調査日時 = "2026-11-21T10:30"', records, {
        ...ctx,
        timeZone: "UTC",
      }),
    ).toEqual([]);
  });

  test('an empty datetime matches only = ""', () => {
    expect(ids('調査日時 = ""', records)).toEqual([6]);
    expect(ids("調査日時 < NOW()", records)).not.toContain(6);
  });

  test("a date beyond what Date can hold matches nothing instead of failing", () => {
    expect(ids("調査日時 = FROM_TODAY(999999999999, DAYS)", records)).toEqual(
      [],
    );
    expect(ids("申請日 > FROM_TODAY(-999999999999, YEARS)", records)).toEqual(
      [],
    );
  });

  test("THIS_MONTH on a datetime covers the month in the caller's zone", () => {
    const edges = [
      record(1, { 更新日時: "2026-10-31T14:59:00Z" }),
      record(2, { 更新日時: "2026-10-31T15:00:00Z" }),
      record(3, { 更新日時: "2026-11-30T14:59:00Z" }),
      record(4, { 更新日時: "2026-11-30T15:00:00Z" }),
    ];
    expect(ids("更新日時 = THIS_MONTH()", edges)).toEqual([2, 3]);
  });
});

describe("matching: TIME", () => {
  const records = [
    record(1, { 面談時刻: "09:00" }),
    record(2, { 面談時刻: "13:30" }),
    record(3, { 面談時刻: null }),
  ];

  test("compares times of day", () => {
    expect(ids('面談時刻 < "12:00"', records)).toEqual([1]);
    expect(ids('面談時刻 = "13:30"', records)).toEqual([2]);
    expect(ids('面談時刻 >= "09:00:00"', records)).toEqual([1, 2]);
    expect(ids('面談時刻 = ""', records)).toEqual([3]);
  });
});

describe("matching: fields inside a table", () => {
  const records = [
    record(1, {
      調査履歴: [
        {
          調査日: "2026-10-01",
          調査員: "田中",
          点数: "10",
          判定: "否",
          調査メモ: "",
        },
        {
          調査日: "2026-11-01",
          調査員: "鈴木",
          点数: "30",
          判定: "可",
          調査メモ: "再調査",
        },
      ],
    }),
    record(2, {
      調査履歴: [
        {
          調査日: "2026-11-10",
          調査員: "田中",
          点数: "25",
          判定: "可",
          調査メモ: "済",
        },
      ],
    }),
    record(3, { 調査履歴: [] }),
  ];

  test("a positive condition matches when any row does", () => {
    expect(ids('調査員 in ("鈴木")', records)).toEqual([1]);
    expect(ids("点数 > 20", records)).toEqual([1, 2]);
    expect(ids('調査メモ like "再"', records)).toEqual([1]);
    expect(ids("調査メモ is empty", records)).toEqual([1]);
  });

  test("a negative condition needs rows, all of them satisfying it", () => {
    expect(ids('調査員 not in ("鈴木")', records)).toEqual([2]);
    expect(ids("調査メモ is not empty", records)).toEqual([2]);
    expect(ids('調査メモ not like "再"', records)).toEqual([2]);
  });

  test("an empty table matches neither positive nor negative conditions", () => {
    expect(ids('判定 in ("")', records)).toEqual([]);
    expect(ids('判定 not in ("可")', records)).toEqual([]);
  });

  test("positive conditions on one table joined by and must hold in the same row", () => {
    expect(ids('調査員 in ("田中") and 点数 >= 25', records)).toEqual([2]);
    expect(ids('調査員 in ("田中") and 判定 in ("可")', records)).toEqual([2]);
    expect(ids('調査員 in ("鈴木") and 判定 in ("可")', records)).toEqual([1]);
  });

  test("the same-row rule sees through parentheses around and", () => {
    expect(
      ids('(調査員 in ("田中") and 判定 in ("可")) and 点数 > 20', records),
    ).toEqual([2]);
    expect(
      ids('調査員 in ("鈴木") and (点数 < 20 and 判定 in ("可"))', records),
    ).toEqual([]);
  });

  test("conditions joined by or may hold in different rows", () => {
    expect(ids('調査員 in ("田中") or 点数 >= 30', records)).toEqual([1, 2]);
  });

  test("a negative condition joined by and is checked over all rows", () => {
    expect(ids('調査員 in ("田中") and 判定 not in ("否")', records)).toEqual([
      2,
    ]);
  });

  test("table and top-level conditions combine", () => {
    const mixed = records.map((r, i) => ({
      ...r,
      年齢: { type: "NUMBER", value: String(80 + i) },
    }));
    expect(ids('調査員 in ("田中") and 年齢 > 80', mixed)).toEqual([2]);
  });
});

describe("matching: and/or", () => {
  const records = [
    record(1, { 申請区分: "新規", 年齢: "70" }),
    record(2, { 申請区分: "更新", 年齢: "90" }),
    record(3, { 申請区分: "新規", 年齢: "95" }),
  ];

  test("and binds tighter than or", () => {
    expect(
      ids(
        '申請区分 in ("更新") or 申請区分 in ("新規") and 年齢 > 80',
        records,
      ),
    ).toEqual([2, 3]);
  });

  test("parentheses group before and", () => {
    expect(
      ids(
        '(申請区分 in ("更新") or 申請区分 in ("新規")) and 年齢 > 80',
        records,
      ),
    ).toEqual([2, 3]);
    expect(
      ids('(申請区分 in ("更新") or 年齢 < 80) and 年齢 < 91', records),
    ).toEqual([1, 2]);
  });

  test("an empty condition matches every record", () => {
    expect(ids("order by $id asc", records)).toEqual([1, 2, 3]);
  });
});

describe("matches", () => {
  test("tests a single record", () => {
    const compiled = compileQuery('ステータス = "受付"', fields);
    expect(matches(compiled, record(1), ctx)).toBe(true);
    expect(matches(compiled, record(1, { ステータス: "完了" }), ctx)).toBe(
      false,
    );
  });

  test("reads missing fields and malformed table rows as empty", () => {
    const broken: KintoneRecord = {
      $id: { type: "__ID__", value: "1" },
      調査履歴: { type: "SUBTABLE", value: [null, { id: "1" }, "row"] },
    };
    const check = (query: string): boolean =>
      matches(compileQuery(query, fields), broken, ctx);
    expect(check('年齢 = ""')).toBe(true);
    expect(check('サービス in ("")')).toBe(true);
    expect(check('調査員 not in ("x")')).toBe(false);
    expect(check('調査員 in ("")')).toBe(false);
  });

  test("refuses a context whose now is not an instant", () => {
    const compiled = compileQuery('ステータス = "受付"', fields);
    expect(() => matches(compiled, record(1), { now: "yesterday" })).toThrow(
      RangeError,
    );
  });
});
