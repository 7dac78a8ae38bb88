import {
  compareRecords,
  compileQuery,
  effectiveOrder,
  paginate,
  runQuery,
  sortRecords,
} from "../index.ts";
import type { KintoneRecord } from "../index.ts";
import { ctx, entity, fields, record } from "./fixtures.ts";

const order = (query: string, records: readonly KintoneRecord[]): number[] =>
  sortRecords(compileQuery(query, fields), records).map((r) =>
    Number(r.$id?.value),
  );

describe("sorting", () => {
  const records = [
    record(1, {
      年齢: "9",
      申請日: "2026-03-01",
      氏名カナ: "イトウ",
      申請区分: "更新",
    }),
    record(2, { 年齢: "10", 申請日: null, 氏名カナ: "アベ", 申請区分: "新規" }),
    record(3, {
      年齢: "",
      申請日: "2026-01-15",
      氏名カナ: "",
      申請区分: "更新",
    }),
    record(4, {
      年齢: "10.5",
      申請日: "2026-03-01",
      氏名カナ: "ウエダ",
      申請区分: null,
    }),
  ];

  test("defaults to $id descending", () => {
    expect(order("", records)).toEqual([4, 3, 2, 1]);
    expect(order('ステータス = "受付"', records)).toEqual([4, 3, 2, 1]);
  });

  test("sorts numbers numerically with empties first when ascending", () => {
    expect(order("order by 年齢 asc", records)).toEqual([3, 1, 2, 4]);
  });

  test("puts empties last when descending", () => {
    expect(order("order by 年齢 desc", records)).toEqual([4, 2, 1, 3]);
  });

  test("sorts dates and breaks ties by $id descending", () => {
    expect(order("order by 申請日 asc", records)).toEqual([2, 3, 4, 1]);
  });

  test("applies several keys in turn", () => {
    expect(order("order by 申請日 desc, 年齢 asc", records)).toEqual([
      1, 4, 3, 2,
    ]);
  });

  test("sorts text by code units", () => {
    expect(order("order by 氏名カナ asc", records)).toEqual([3, 2, 1, 4]);
  });

  test("sorts a selection by its value", () => {
    expect(order("order by 申請区分 asc, $id asc", records)).toEqual([
      4, 2, 1, 3,
    ]);
  });

  test("sorts $id ascending for getAllRecordsWithId", () => {
    expect(order("$id > 1 order by $id asc", records)).toEqual([1, 2, 3, 4]);
  });

  test("sorts datetimes by instant, not by text", () => {
    const times = [
      record(1, { 作成日時: "2026-04-01T10:00:00Z" }),
      record(2, { 作成日時: "2026-04-01T11:00:00+09:00" }),
      record(3, { 作成日時: "2026-03-31T23:00:00Z" }),
    ];
    expect(order("order by 作成日時 asc", times)).toEqual([3, 2, 1]);
  });

  test("sorts users by code and multi-valued fields by their joined values", () => {
    const people = [
      record(1, { 作成者: entity("suzuki"), サービス: ["通所介護"] }),
      record(2, { 作成者: entity("abe"), サービス: [] }),
      record(3, { 作成者: entity("sato"), サービス: ["短期入所", "訪問介護"] }),
    ];
    expect(order("order by 作成者 asc", people)).toEqual([2, 3, 1]);
    expect(order("order by サービス asc", people)).toEqual([2, 3, 1]);
  });

  test("keeps $id as the last tie-breaker only when no key sorts by $id", () => {
    const keys = (query: string): string[] =>
      effectiveOrder(compileQuery(query, fields)).map(
        (k) => `${k.field.code} ${k.direction}`,
      );
    expect(keys("")).toEqual(["$id desc"]);
    expect(keys("order by 年齢 asc")).toEqual(["年齢 asc", "$id desc"]);
    expect(keys("order by $id asc")).toEqual(["$id asc"]);
  });

  test("compareRecords works with Array.prototype.sort", () => {
    const compare = compareRecords(compileQuery("order by 年齢 asc", fields));
    expect(compare(records[0] ?? {}, records[1] ?? {})).toBeLessThan(0);
    expect(compare(records[1] ?? {}, records[1] ?? {})).toBe(0);
  });
});

describe("limit and offset", () => {
  const records = Array.from({ length: 250 }, (_, i) => record(i + 1));

  test("returns 100 records by default", () => {
    const page = paginate(compileQuery("", fields), records);
    expect(page).toHaveLength(100);
  });

  test("skips offset records and returns at most limit", () => {
    const compiled = compileQuery("order by $id asc limit 5 offset 10", fields);
    const page = paginate(compiled, sortRecords(compiled, records));
    expect(page.map((r) => r.$id?.value)).toEqual([
      "11",
      "12",
      "13",
      "14",
      "15",
    ]);
  });

  test("returns nothing past the end", () => {
    const compiled = compileQuery("limit 10 offset 300", fields);
    expect(paginate(compiled, records)).toEqual([]);
  });
});

describe("runQuery", () => {
  const records = Array.from({ length: 12 }, (_, i) =>
    record(i + 1, { 年齢: String(60 + i) }),
  );

  test("filters, sorts, pages and counts all matches", () => {
    const compiled = compileQuery(
      "年齢 >= 65 order by 年齢 asc limit 3 offset 2",
      fields,
    );
    const result = runQuery(compiled, records, ctx);
    expect(result.totalCount).toBe(7);
    expect(result.records.map((r) => r.年齢?.value)).toEqual([
      "67",
      "68",
      "69",
    ]);
  });

  test("pages through everything the way getAllRecordsWithId does", () => {
    const seen: string[] = [];
    let lastId = 0;
    for (;;) {
      const compiled = compileQuery(
        `(年齢 < 70) and $id > ${lastId} order by $id asc limit 4`,
        fields,
      );
      const page = runQuery(compiled, records, ctx).records;
      seen.push(...page.map((r) => String(r.$id?.value)));
      if (page.length < 4) {
        break;
      }
      lastId = Number(page.at(-1)?.$id?.value);
    }
    expect(seen).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  });
});
