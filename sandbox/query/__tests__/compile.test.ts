import { compileQuery, errorBody, isQueryError } from "../index.ts";
import type { QueryError } from "../index.ts";
import { fields } from "./fixtures.ts";

const errorOf = (query: string): QueryError => {
  try {
    compileQuery(query, fields);
  } catch (e) {
    if (isQueryError(e)) {
      return e;
    }
    throw e;
  }
  throw new Error(`expected a QueryError for ${query}`);
};

describe("compileQuery: accepted queries", () => {
  test.each([
    "$id = 1",
    "$id in (1, 2, 3)",
    'レコード番号 >= "APP-12"',
    '年齢 >= "65" and 年齢 < 75',
    "負担割合 in (1, 2, 3)",
    '期限 <= "2026-12-31"',
    'applicationNo = "R8-0001"',
    'applicationNo in ("R8-0001", "")',
    '氏名カナ like "ヤマダ"',
    'ホームページ not like "example"',
    "備考 is empty",
    '説明 like "認定"',
    "添付書類 is not empty",
    '申請区分 in ("新規", "更新")',
    '性別 not in ("")',
    'サービス in ("訪問介護")',
    '連絡手段 not in ("郵送")',
    'ステータス = "受付"',
    '申請日 = "2026-4-1"',
    "申請日 >= FROM_TODAY(-30, DAYS)",
    "申請日 = THIS_MONTH(LAST)",
    '調査日時 > "2026-04-01T09:00:00+09:00"',
    '調査日時 = "2026-04-01"',
    "調査日時 < NOW()",
    "作成日時 = TODAY()",
    "更新日時 > LAST_WEEK()",
    '面談時刻 < "12:00"',
    "作成者 in (LOGINUSER())",
    '更新者 not in ("sato")',
    '担当者 in (LOGINUSER(), "suzuki")',
    "作業者 in (LOGINUSER())",
    "担当部署 in (PRIMARY_ORGANIZATION())",
    '担当グループ in ("審査会")',
    '調査員 in ("田中")',
    '調査日 > "2026-01-01"',
    '判定 in ("可")',
    "調査メモ is not empty",
    "order by 申請日 asc, 作成者 desc, 連絡手段 asc",
  ])("accepts %s", (query) => {
    expect(() => compileQuery(query, fields)).not.toThrow();
  });

  test("defaults limit to 100 and offset to 0", () => {
    expect(compileQuery("", fields)).toMatchObject({
      where: null,
      orderBy: [],
      limit: 100,
      offset: 0,
    });
  });

  test("keeps the limit and offset of the query", () => {
    expect(compileQuery("limit 500 offset 20", fields)).toMatchObject({
      limit: 500,
      offset: 20,
    });
  });

  test("accepts a parsed query as well as a string", () => {
    const compiled = compileQuery('applicationNo = "x"', fields);
    expect(compileQuery(compiled.ast, fields).where).toEqual(compiled.where);
  });

  test("resolves fields inside a table with their table", () => {
    const compiled = compileQuery('調査員 in ("田中")', fields);
    expect(compiled.where).toMatchObject({
      field: { code: "調査員", table: "調査履歴", type: "SINGLE_LINE_TEXT" },
    });
  });
});

describe("compileQuery: GAIA_IQ11 unknown field", () => {
  test("names the unknown field code", () => {
    const error = errorOf('xyz = "a"');
    expect(error).toMatchObject({ code: "GAIA_IQ11", status: 400 });
    expect(error.text.ja).toBe("指定されたフィールド（xyz）が見つかりません。");
    // kintone's English wording, as its answers give it (not the other "is not found" form).
    expect(error.text.en).toBe("Specified field (xyz) not found.");
  });

  test("treats a disabled CATEGORY field as unknown", () => {
    expect(errorOf('カテゴリー in ("a")').code).toBe("GAIA_IQ11");
  });

  test("reports unknown sort keys", () => {
    expect(errorOf("order by xyz asc").code).toBe("GAIA_IQ11");
  });

  test("does not find inherited object keys", () => {
    expect(errorOf('constructor = "a"').code).toBe("GAIA_IQ11");
    expect(errorOf('__proto__ = "a"').code).toBe("GAIA_IQ11");
  });
});

describe("compileQuery: GAIA_IQ03 operator not allowed", () => {
  test.each([
    ['申請区分 = "新規"', "申請区分", "="],
    ['備考 = "a"', "備考", "="],
    ["説明 is empty", "説明", "is empty"],
    ['applicationNo > "a"', "申請番号", ">"],
    ["applicationNo is empty", "申請番号", "is empty"],
    ['年齢 like "1"', "年齢", "like"],
    ['申請日 in ("2026-01-01")', "申請日", "in"],
    ['作業者 = "sato"', "作業者", "="],
    ['ステータス like "受"', "ステータス", "like"],
    ['添付書類 = "a.pdf"', "添付書類", "="],
    ['$id like "1"', "$id", "like"],
    ['調査履歴 = "a"', "調査履歴", "="],
  ])("refuses %s", (query, label, op) => {
    const error = errorOf(query);
    expect(error).toMatchObject({ code: "GAIA_IQ03", status: 400 });
    expect(error.text.ja).toBe(
      `${label}フィールドのフィールドタイプには演算子${op}を使用できません。`,
    );
  });
});

describe("compileQuery: GAIA_IQ07 = inside a table", () => {
  test.each([
    ['調査員 = "田中"', "="],
    ['調査日 != "2026-01-01"', "!="],
    ["点数 = 1", "="],
  ])("refuses %s", (query, op) => {
    const error = errorOf(query);
    expect(error.code).toBe("GAIA_IQ07");
    expect(error.text.ja).toMatch(
      new RegExp(
        `^テーブルに設定している場合、.+フィールドのフィールドタイプには、演算子${op}を使用できません。$`,
      ),
    );
  });
});

describe("compileQuery: GAIA_IQ10 unknown option", () => {
  test("refuses an option the selection field does not have", () => {
    const error = errorOf('申請区分 in ("新規", "再申請")');
    expect(error.code).toBe("GAIA_IQ10");
    expect(error.text.ja).toBe(
      "フィールド「申請区分」の項目に「再申請」は存在しません。",
    );
  });

  test("checks options of table fields and of not in", () => {
    expect(errorOf('判定 not in ("保留")').code).toBe("GAIA_IQ10");
  });

  test('lets in ("") through', () => {
    expect(() => compileQuery('サービス in ("")', fields)).not.toThrow();
  });
});

describe("compileQuery: GAIA_IR02 dotted reference", () => {
  test("refuses table.field", () => {
    const error = errorOf('調査履歴.調査員 in ("田中")');
    expect(error.code).toBe("GAIA_IR02");
    expect(error.text.ja).toBe(
      "フィールド「調査履歴」に指定したクエリが正しくありません。指定したクエリは、関連レコード一覧フィールドでのみ使用できます。",
    );
  });

  test("refuses field.member on a plain field", () => {
    expect(errorOf('applicationNo.x = "1"').code).toBe("GAIA_IR02");
  });

  test("reports an unknown head of a dotted reference as GAIA_IQ11", () => {
    expect(errorOf('nothing.x = "1"').code).toBe("GAIA_IQ11");
  });

  test("refuses related-records references, which the sandbox does not support", () => {
    expect(errorOf('関連申請.氏名 = "x"').code).toBe("CB_VA01");
  });
});

describe("compileQuery: CB_VA01 bad values", () => {
  test.each([
    '年齢 > "abc"',
    '$id = "x"',
    '申請日 = "2026-02-30"',
    '申請日 = "today"',
    "申請日 > 20260101",
    '調査日時 > "2026-04-01T25:00:00Z"',
    '面談時刻 = "9時"',
    '年齢 > ""',
    "申請日 = NOW()",
    "年齢 = TODAY()",
    "applicationNo = LOGINUSER()",
    "担当部署 in (LOGINUSER())",
    "担当者 in (PRIMARY_ORGANIZATION())",
    "order by 調査員 asc",
    "order by 調査履歴 asc",
    "$revision = 1",
  ])("refuses %s", (query) => {
    expect(errorOf(query).code).toBe("CB_VA01");
  });
});

describe("errorBody", () => {
  test("builds kintone's CB_VA01 body with errors.query", () => {
    const error = errorOf('a = "');
    expect(errorBody(error)).toEqual({
      code: "CB_VA01",
      message: "入力内容が正しくありません。",
      errors: { query: { messages: ["クエリ記法が間違っています。"] } },
    });
    expect(errorBody(error, "en")).toMatchObject({
      message: "Missing or invalid input.",
    });
  });

  test("builds a body without errors for GAIA codes", () => {
    expect(errorBody(errorOf('xyz = "a"'))).toEqual({
      code: "GAIA_IQ11",
      message: "指定されたフィールド（xyz）が見つかりません。",
    });
  });
});
