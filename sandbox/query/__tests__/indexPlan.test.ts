import { compileQuery, idRange, indexPlan } from "../index.ts";
import { fields } from "./fixtures.ts";

const plan = (query: string) => indexPlan(compileQuery(query, fields));
const range = (query: string) => idRange(compileQuery(query, fields));

describe("indexPlan", () => {
  test("takes a lone equality", () => {
    expect(plan('applicationNo = "R8-0001"')).toEqual([
      { field: "applicationNo", type: "SINGLE_LINE_TEXT", values: ["R8-0001"] },
    ]);
  });

  test("takes every top-level AND-ed equality and in, nested ands included", () => {
    expect(
      plan(
        'ステータス = "受付" and (申請区分 in ("新規", "更新") and $id = 7) and 年齢 > 3',
      ),
    ).toEqual([
      { field: "ステータス", type: "STATUS", values: ["受付"] },
      { field: "申請区分", type: "DROP_DOWN", values: ["新規", "更新"] },
      { field: "$id", type: "__ID__", values: ["7"] },
    ]);
  });

  test("gives canonical numbers and dates", () => {
    expect(plan('年齢 in (10.50, "1e2") and 申請日 = "2026-4-1"')).toEqual([
      { field: "年齢", type: "NUMBER", values: ["10.5", "100"] },
      { field: "申請日", type: "DATE", values: ["2026-04-01"] },
    ]);
  });

  test("takes multi-valued and entity fields by value", () => {
    expect(
      plan('サービス in ("訪問介護") and 担当者 in ("sato", "sato")'),
    ).toEqual([
      { field: "サービス", type: "CHECK_BOX", values: ["訪問介護"] },
      { field: "担当者", type: "USER_SELECT", values: ["sato"] },
    ]);
  });

  test("returns nothing under a top-level or", () => {
    expect(plan('applicationNo = "a" or applicationNo = "b"')).toEqual([]);
  });

  test("keeps the equalities beside a nested or", () => {
    expect(plan('applicationNo = "a" and (年齢 = 1 or 年齢 = 2)')).toEqual([
      { field: "applicationNo", type: "SINGLE_LINE_TEXT", values: ["a"] },
    ]);
  });

  test('skips negations, "", functions, ranges, tables and datetimes', () => {
    expect(
      plan(
        [
          'applicationNo != "a"',
          'applicationNo in ("a", "")',
          "作成者 in (LOGINUSER())",
          "申請日 = TODAY()",
          '調査員 in ("田中")',
          '調査日時 = "2026-04-01T00:00:00Z"',
          "負担割合 = 1",
          'レコード番号 = "APP-1"',
          'サービス not in ("訪問介護")',
        ].join(" and "),
      ),
    ).toEqual([]);
  });

  test("returns nothing for an empty query", () => {
    expect(plan("order by $id asc")).toEqual([]);
  });
});

describe("idRange", () => {
  test("reads the lower bound getAllRecordsWithId sends", () => {
    expect(range("$id > 500 order by $id asc limit 500")).toEqual({
      lower: { value: 500, inclusive: false },
    });
  });

  test("keeps the tightest bounds", () => {
    expect(range("$id >= 3 and $id > 5 and $id <= 20 and $id < 20")).toEqual({
      lower: { value: 5, inclusive: false },
      upper: { value: 20, inclusive: false },
    });
    expect(range("$id > 5 and $id >= 5")).toEqual({
      lower: { value: 5, inclusive: false },
    });
  });

  test("turns $id = n into both bounds", () => {
    expect(range("$id = 9")).toEqual({
      lower: { value: 9, inclusive: true },
      upper: { value: 9, inclusive: true },
    });
  });

  test("ignores $id conditions under or and other fields", () => {
    expect(range("$id > 5 or $id < 2")).toEqual({});
    expect(range("年齢 > 5 and $id != 3")).toEqual({});
  });
});
