import { parseQuery } from "../index.ts";
import type { ConditionNode, Expr, QueryError } from "../index.ts";

const where = (query: string): Expr | null => parseQuery(query).where;

const condition = (query: string): ConditionNode => {
  const expr = where(query);
  if (expr?.kind !== "condition") {
    throw new Error(`not a single condition: ${query}`);
  }
  return expr;
};

const errorOf = (run: () => unknown): QueryError => {
  try {
    run();
  } catch (e) {
    return e as QueryError;
  }
  throw new Error("expected a QueryError");
};

const codeOf = (query: string): string => errorOf(() => parseQuery(query)).code;

describe("parseQuery: conditions", () => {
  test.each(["=", "!=", ">", "<", ">=", "<="])(
    "parses the comparison operator %s",
    (op) => {
      expect(condition(`年齢 ${op} 10`)).toEqual({
        kind: "condition",
        field: { code: "年齢" },
        op,
        values: [{ kind: "number", text: "10" }],
      });
    },
  );

  test("parses operators written without spaces", () => {
    expect(condition('applicationNo!="A-1"').op).toBe("!=");
    expect(condition("年齢>=10").op).toBe(">=");
  });

  test("parses in with a list of values", () => {
    expect(condition('申請区分 in ("新規", "更新")')).toMatchObject({
      op: "in",
      values: [
        { kind: "string", value: "新規" },
        { kind: "string", value: "更新" },
      ],
    });
  });

  test("parses not in", () => {
    expect(condition('申請区分 not in ("新規")').op).toBe("not in");
  });

  test("parses like and not like", () => {
    expect(condition('氏名カナ like "ヤマダ"')).toMatchObject({
      op: "like",
      values: [{ kind: "string", value: "ヤマダ" }],
    });
    expect(condition('氏名カナ not like "ヤマダ"').op).toBe("not like");
  });

  test("parses is empty and is not empty", () => {
    expect(condition("備考 is empty")).toMatchObject({
      op: "is empty",
      values: [],
    });
    expect(condition("備考 is not empty").op).toBe("is not empty");
  });

  test("parses $id and dotted references", () => {
    expect(condition("$id = 3").field).toEqual({ code: "$id" });
    expect(condition('関連申請.氏名 = "x"').field).toEqual({
      code: "関連申請",
      member: "氏名",
    });
  });

  test("reads keywords case-insensitively", () => {
    expect(
      parseQuery(
        'a = "1" AND b NOT IN ("2") Or c Is Not Empty ORDER BY a ASC LIMIT 5 OFFSET 1',
      ),
    ).toMatchObject({ orderBy: [{ direction: "asc" }], limit: 5, offset: 1 });
  });

  test("treats full-width spaces, tabs and newlines as whitespace", () => {
    expect(condition("年齢\u3000=\t10\r\n").op).toBe("=");
  });

  test('unescapes \\" \\\\ \\t \\n and \\r in strings', () => {
    expect(condition('a = "say \\"hi\\" \\\\ \\t\\n\\r"').values).toEqual([
      { kind: "string", value: 'say "hi" \\ \t\n\r' },
    ]);
  });

  test("keeps the character after any other backslash", () => {
    expect(condition('a = "\\x"').values).toEqual([
      { kind: "string", value: "x" },
    ]);
  });

  test("accepts negative and decimal bare numbers", () => {
    expect(condition("年齢 > -1.5").values).toEqual([
      { kind: "number", text: "-1.5" },
    ]);
  });

  test("accepts field codes named like clause keywords", () => {
    expect(condition('limit = "x"').field).toEqual({ code: "limit" });
    expect(condition('order = "x"').field).toEqual({ code: "order" });
  });
});

describe("parseQuery: and/or", () => {
  test("binds and tighter than or", () => {
    expect(where('a = "1" or b = "2" and c = "3"')).toMatchObject({
      kind: "or",
      operands: [
        { kind: "condition", field: { code: "a" } },
        {
          kind: "and",
          operands: [{ field: { code: "b" } }, { field: { code: "c" } }],
        },
      ],
    });
  });

  test("lets parentheses override precedence", () => {
    expect(where('(a = "1" or b = "2") and c = "3"')).toMatchObject({
      kind: "and",
      operands: [{ kind: "or" }, { kind: "condition", field: { code: "c" } }],
    });
  });

  test("collects a chain of the same junction into one node", () => {
    const expr = where('a = "1" and b = "2" and c = "3"');
    expect(expr).toMatchObject({ kind: "and" });
    expect(expr?.kind === "and" && expr.operands).toHaveLength(3);
  });

  test("refuses parentheses nested more than 100 deep", () => {
    const deep = `${"(".repeat(101)}a = "1"${")".repeat(101)}`;
    expect(codeOf(deep)).toBe("CB_VA01");
    const ok = `${"(".repeat(100)}a = "1"${")".repeat(100)}`;
    expect(where(ok)).toMatchObject({ kind: "condition" });
  });
});

describe("parseQuery: functions", () => {
  test.each([
    ["TODAY()", { name: "TODAY" }],
    ["YESTERDAY()", { name: "YESTERDAY" }],
    ["TOMORROW()", { name: "TOMORROW" }],
    ["NOW()", { name: "NOW" }],
    ["LOGINUSER()", { name: "LOGINUSER" }],
    ["PRIMARY_ORGANIZATION()", { name: "PRIMARY_ORGANIZATION" }],
    ["FROM_TODAY(-3, DAYS)", { name: "FROM_TODAY", amount: -3, unit: "DAYS" }],
    ["FROM_TODAY(2, weeks)", { name: "FROM_TODAY", amount: 2, unit: "WEEKS" }],
    [
      "FROM_TODAY(1, MONTHS)",
      { name: "FROM_TODAY", amount: 1, unit: "MONTHS" },
    ],
    ["FROM_TODAY(1, YEARS)", { name: "FROM_TODAY", amount: 1, unit: "YEARS" }],
    ["THIS_WEEK()", { name: "THIS_WEEK" }],
    ["LAST_WEEK(MONDAY)", { name: "LAST_WEEK", weekday: 1 }],
    ["NEXT_WEEK(SATURDAY)", { name: "NEXT_WEEK", weekday: 6 }],
    ["THIS_MONTH()", { name: "THIS_MONTH" }],
    ["LAST_MONTH(15)", { name: "LAST_MONTH", day: 15 }],
    ["NEXT_MONTH(LAST)", { name: "NEXT_MONTH", day: "LAST" }],
    ["THIS_YEAR()", { name: "THIS_YEAR" }],
    ["LAST_YEAR()", { name: "LAST_YEAR" }],
    ["NEXT_YEAR()", { name: "NEXT_YEAR" }],
    ["today()", { name: "TODAY" }],
  ])("parses %s", (text, call) => {
    expect(condition(`申請日 = ${text}`).values).toEqual([
      { kind: "function", call },
    ]);
  });

  test("parses functions inside in lists", () => {
    expect(condition('担当者 in (LOGINUSER(), "suzuki")').values).toEqual([
      { kind: "function", call: { name: "LOGINUSER" } },
      { kind: "string", value: "suzuki" },
    ]);
  });

  test("answers GAIA_IL08 for a wrong number of arguments", () => {
    expect(codeOf("申請日 = TODAY(1)")).toBe("GAIA_IL08");
    expect(codeOf("申請日 = FROM_TODAY(1)")).toBe("GAIA_IL08");
    expect(codeOf("申請日 = FROM_TODAY(1, DAYS, 2)")).toBe("GAIA_IL08");
    expect(codeOf("申請日 = THIS_WEEK(MONDAY, FRIDAY)")).toBe("GAIA_IL08");
    expect(codeOf("担当者 in (LOGINUSER(x))")).toBe("GAIA_IL08");
  });

  test("answers GAIA_IL08 for a FROM_TODAY amount that is not a number", () => {
    expect(codeOf("申請日 = FROM_TODAY(DAYS, 1)")).toBe("GAIA_IL08");
  });

  test("answers GAIA_IL08 for a weekday that is not a weekday", () => {
    expect(codeOf("申請日 = THIS_WEEK(HOLIDAY)")).toBe("GAIA_IL08");
  });

  test("answers GAIA_IQ25 for a bad FROM_TODAY unit", () => {
    const error = errorOf(() => parseQuery("申請日 = FROM_TODAY(1, HOURS)"));
    expect(error.code).toBe("GAIA_IQ25");
    expect(error.text.ja).toBe(
      "FROM_TODAY()の第2引数には、「DAYS」「WEEKS」「MONTHS」「YEARS」のいずれかを指定します。",
    );
  });

  test.each(["0", "32", "-1", "FIRST"])(
    "answers GAIA_IQ23 for the month day %s",
    (day) => {
      const error = errorOf(() => parseQuery(`申請日 = THIS_MONTH(${day})`));
      expect(error.code).toBe("GAIA_IQ23");
      expect(error.text.ja).toBe(
        `指定した日にち（${day}）は無効です。1から31までの整数で指定します。`,
      );
    },
  );

  test("answers CB_IL02 for a fractional function argument", () => {
    const error = errorOf(() => parseQuery("申請日 = LAST_MONTH(0.1)"));
    expect(error.code).toBe("CB_IL02");
    expect(error.text.ja).toBe("不正なリクエストです。");
    expect(codeOf("申請日 = FROM_TODAY(1.5, DAYS)")).toBe("CB_IL02");
  });

  test("answers CB_VA01 for an unknown function", () => {
    expect(codeOf("申請日 = DAY_AFTER_TOMORROW()")).toBe("CB_VA01");
  });

  test("answers CB_VA01 for a quoted function argument", () => {
    expect(codeOf('申請日 = FROM_TODAY("1", DAYS)')).toBe("CB_VA01");
  });
});

describe("parseQuery: options", () => {
  test("accepts an empty query", () => {
    expect(parseQuery("")).toEqual({ where: null, orderBy: [] });
    expect(parseQuery("  \u3000 ")).toEqual({ where: null, orderBy: [] });
  });

  test("accepts options without a condition", () => {
    expect(parseQuery("limit 500")).toEqual({
      where: null,
      orderBy: [],
      limit: 500,
    });
    expect(parseQuery("limit 500 offset 0")).toMatchObject({ offset: 0 });
    expect(parseQuery("order by $id asc")).toMatchObject({
      orderBy: [{ field: { code: "$id" }, direction: "asc" }],
    });
  });

  test("parses several sort keys", () => {
    expect(
      parseQuery("order by 申請日 asc, 年齢 desc, $id asc").orderBy,
    ).toEqual([
      { field: { code: "申請日" }, direction: "asc" },
      { field: { code: "年齢" }, direction: "desc" },
      { field: { code: "$id" }, direction: "asc" },
    ]);
  });

  test("sorts descending when no direction is written", () => {
    expect(parseQuery("order by 申請日").orderBy).toEqual([
      { field: { code: "申請日" }, direction: "desc" },
    ]);
  });

  test("parses the query getAllRecordsWithId sends", () => {
    expect(
      parseQuery(
        '(ステータス = "受付") and $id > 0 order by $id asc limit 500',
      ),
    ).toMatchObject({
      where: { kind: "and" },
      orderBy: [{ direction: "asc" }],
      limit: 500,
    });
  });

  test("answers CB_VA01 for options out of order", () => {
    expect(codeOf('a = "" offset 100 limit 100')).toBe("CB_VA01");
    expect(codeOf("limit 100 offset 100 order by $id desc")).toBe("CB_VA01");
  });

  test("answers GAIA_QU01 for limit over 500", () => {
    const error = errorOf(() => parseQuery("limit 501"));
    expect(error).toMatchObject({ code: "GAIA_QU01", status: 400 });
    expect(error.text.ja).toBe("limit には 500 以下の値を指定してください。");
  });

  test("answers GAIA_QU02 for offset over 10,000", () => {
    expect(parseQuery("offset 10000").offset).toBe(10000);
    const error = errorOf(() => parseQuery("offset 10001"));
    expect(error).toMatchObject({ code: "GAIA_QU02", status: 400 });
    expect(error.text.ja).toBe(
      "offset には 10,000 以下の値を指定してください。",
    );
  });

  test("answers CB_VA01 for a negative, zero or fractional limit", () => {
    expect(codeOf("limit -1")).toBe("CB_VA01");
    expect(codeOf("limit 0")).toBe("CB_VA01");
    expect(codeOf("limit 1.5")).toBe("CB_VA01");
    expect(codeOf("offset -1")).toBe("CB_VA01");
  });

  test("refuses limit and offset in a cursor query", () => {
    expect(() =>
      parseQuery("order by $id asc", { cursor: true }),
    ).not.toThrow();
    expect(errorOf(() => parseQuery("limit 10", { cursor: true })).code).toBe(
      "CB_VA01",
    );
    expect(errorOf(() => parseQuery("offset 10", { cursor: true })).code).toBe(
      "CB_VA01",
    );
  });
});

describe("parseQuery: syntax errors", () => {
  test.each([
    ['a = "1', "an unterminated string"],
    ['a = "tab\there"', "a raw tab inside a string"],
    ['a = "line\nbreak"', "a raw newline inside a string"],
    ["a = 1 and", "a dangling and"],
    ['(a = "1"', "an unclosed parenthesis"],
    ['a = "1")', "a stray closing parenthesis"],
    ["a in ()", "an empty in list"],
    ['a = "1" b = "2"', "two conditions without a junction"],
    ["a = b", "a bare word as a value"],
    ["a like 1", "a number after like"],
    ["a is", "is without empty"],
    ["a not between 1", "not followed by something else"],
    ['a ! "1"', "a lone !"],
    ['a == "1"', "a doubled ="],
    ['`a` = "1"', "a backtick-quoted field code"],
    ['1a = "1"', "a field code starting with a digit"],
    ['a.b.c = "1"', "a reference with two dots"],
    ['$id.x = "1"', "$id with a member"],
    ["order by", "order by without keys"],
    ["order by a asc,", "a trailing comma after sort keys"],
    ['not a = "1"', "not as a prefix"],
    ['a = "1" limit', "limit without a count"],
  ])("answers CB_VA01 for %s (%s)", (query) => {
    const error = errorOf(() => parseQuery(query));
    expect(error.code).toBe("CB_VA01");
    expect(error.status).toBe(400);
    expect(error.text.ja).toBe("入力内容が正しくありません。");
    expect(error.errors?.query?.[0]?.ja).toBe("クエリ記法が間違っています。");
  });
});
