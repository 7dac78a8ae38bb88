import {
  KintoneAllRecordsError,
  KintoneRestAPIError,
  type KintoneRestAPIClient,
} from "@kintone/rest-api-client";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import {
  failure,
  makeApp,
  messagesOf,
  number,
  text,
  tokenClient,
} from "./fixtures.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;
let now = new Date("2026-11-21T00:00:00Z");

useTestSandbox({ now: () => now }, (started) => {
  t = started;
  client = t.client;
});

const fields = {
  no: text({ unique: true }),
  insured: text(),
  amount: number(),
  stage: text(),
};

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    no: { value: `N-${String(from + i).padStart(5, "0")}` },
    insured: { value: String(((from + i) * 7919) % 1000).padStart(6, "0") },
    amount: { value: String((from + i) % 50) },
    stage: { value: "申請受付" },
  }));

const count = async (app: string, query = ""): Promise<number> =>
  Number(
    (
      await client.record.getRecords({
        app,
        query: `${query} limit 1`,
        totalCount: true,
      })
    ).totalCount,
  );

describe("records.json POST / PUT / DELETE", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields });
  });

  it("adds up to 100 records, all or nothing", async () => {
    const res = await client.record.addRecords({ app, records: rows(3) });
    expect(res.ids).toHaveLength(3);
    expect(res.revisions).toEqual(["1", "1", "1"]);
    await expect(
      client.record.addRecords({ app, records: [] }),
    ).resolves.toMatchObject({
      ids: [],
      revisions: [],
    });
    const tooMany = await failure(
      client.record.addRecords({ app, records: rows(101, 100) }),
    );
    expect(tooMany).toMatchObject({ code: "CB_VA01" });
    expect(Object.keys(messagesOf(tooMany))).toEqual(["records"]);
    const before = await count(app);
    await expect(
      client.record.addRecords({
        app,
        records: [...rows(2, 200), { amount: { value: "x" } }],
      }),
    ).rejects.toMatchObject({ code: "CB_VA01" });
    expect(await count(app)).toBe(before);
  });

  it("updates many by id or updateKey and checks every revision first", async () => {
    const { ids } = await client.record.addRecords({
      app,
      records: rows(2, 300),
    });
    const res = await client.record.updateRecords({
      app,
      records: [
        {
          id: ids[0] as string,
          revision: 1,
          record: { stage: { value: "調査" } },
        },
        {
          updateKey: { field: "no", value: "N-00301" },
          record: { stage: { value: "審査" } },
        },
      ],
    });
    expect(res.records).toEqual([
      { id: ids[0], revision: "2" },
      { id: ids[1], revision: "2" },
    ]);
    await expect(
      client.record.updateRecords({
        app,
        records: [
          { id: ids[1] as string, record: { stage: { value: "x" } } },
          { id: ids[0] as string, revision: 1, record: {} },
        ],
      }),
    ).rejects.toMatchObject({ status: 409, code: "GAIA_CO02" });
    const { record } = await client.record.getRecord({
      app,
      id: ids[1] as string,
    });
    expect(record.stage?.value).toBe("審査");
    await expect(
      client.record.updateRecords({
        app,
        records: [{ id: 99999, record: {} }],
      }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_RE01" });
  });

  it("upserts: INSERT when the key is new, UPDATE when it exists", async () => {
    const res = await client.record.updateRecords({
      app,
      upsert: true,
      records: [
        {
          updateKey: { field: "no", value: "UP-1" },
          record: { stage: { value: "新規" } },
        },
        {
          updateKey: { field: "no", value: "N-00300" },
          record: { stage: { value: "更新" } },
        },
      ],
    });
    expect(res.records).toEqual([
      { id: expect.any(String), revision: "1", operation: "INSERT" },
      {
        id: expect.any(String),
        revision: expect.any(String),
        operation: "UPDATE",
      },
    ]);
    const { records } = await client.record.getRecords({
      app,
      query: 'no = "UP-1"',
    });
    expect(records[0]?.stage?.value).toBe("新規");
    const editor = tokenClient(t, app, { edit: true });
    await expect(
      editor.record.updateRecords({
        app,
        upsert: true,
        records: [{ updateKey: { field: "no", value: "UP-2" }, record: {} }],
      }),
    ).rejects.toMatchObject({ status: 403, code: "GAIA_NO01" });
    await expect(
      client.record.updateRecords({
        app,
        records: [{ updateKey: { field: "no", value: "UP-3" }, record: {} }],
      }),
    ).rejects.toMatchObject({ code: "GAIA_RE20" });
  });

  // 「複数のレコードを更新する」: in UPSERT mode an id with no record adds a new record, with a
  // new id rather than the one given; the add right is needed as well.
  // https://cybozu.dev/ja/kintone/docs/rest-api/records/update-records/
  it("upserts by id: a missing id adds a record under a new id, an existing one is updated", async () => {
    const { id: existing } = await client.record.addRecord({
      app,
      record: { no: { value: "ID-1" }, stage: { value: "申請受付" } },
    });
    const res = await client.record.updateRecords({
      app,
      upsert: true,
      records: [
        { id: 99_999, record: { no: { value: "ID-2" } } },
        { id: existing, record: { stage: { value: "更新" } } },
      ],
    });
    expect(res.records[0]).toMatchObject({
      revision: "1",
      operation: "INSERT",
    });
    expect(res.records[0]?.id).not.toBe("99999");
    expect(res.records[1]).toMatchObject({ id: existing, operation: "UPDATE" });
    const added = await client.record.getRecord({
      app,
      id: res.records[0]?.id ?? "",
    });
    expect(added.record.no?.value).toBe("ID-2");
    const editor = tokenClient(t, app, { edit: true });
    await expect(
      editor.record.updateRecords({
        app,
        upsert: true,
        records: [{ id: 99_998, record: {} }],
      }),
    ).rejects.toMatchObject({ status: 403, code: "GAIA_NO01" });
  });

  it("deletes by ids with optional revisions", async () => {
    const { ids } = await client.record.addRecords({
      app,
      records: rows(3, 400),
    });
    await expect(
      client.record.deleteRecords({
        app,
        ids: [ids[0] as string],
        revisions: [2],
      }),
    ).rejects.toMatchObject({ status: 409, code: "GAIA_CO02" });
    await expect(
      client.record.deleteRecords({ app, ids: [ids[0] as string, 99999] }),
    ).rejects.toMatchObject({
      status: 404,
      code: "GAIA_RE01",
      message: expect.stringContaining("99999"),
    });
    await client.record.deleteRecords({
      app,
      ids: ids as string[],
      revisions: [1, undefined as unknown as number, -1],
    });
    await expect(
      client.record.getRecord({ app, id: ids[0] as string }),
    ).rejects.toMatchObject({ code: "GAIA_RE01" });
    const missing = await failure(
      client.record.deleteRecords({ app, ids: [] }),
    );
    expect(messagesOf(missing)).toEqual({
      ids: ["一度に1件から100件までのレコードを削除できます。", "必須です。"],
    });
  });
});

describe("records.json GET", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields });
    await client.record.addAllRecords({ app, records: rows(1200) });
  });

  it("searches with a query, sorts by $id desc by default and pages with limit/offset", async () => {
    const res = await client.record.getRecords({ app, query: "amount = 7" });
    expect(res.totalCount).toBeNull();
    expect(res.records).toHaveLength(24);
    const ids = res.records.map((r) => Number(r.$id?.value));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page = await client.record.getRecords({
      app,
      query: "amount >= 10 order by amount asc, $id asc limit 5 offset 2",
      fields: ["no", "amount"],
      totalCount: true,
    });
    expect(page.totalCount).toBe("960");
    expect(page.records).toEqual([
      {
        no: { type: "SINGLE_LINE_TEXT", value: "N-00110" },
        amount: { type: "NUMBER", value: "10" },
      },
      {
        no: { type: "SINGLE_LINE_TEXT", value: "N-00160" },
        amount: { type: "NUMBER", value: "10" },
      },
      {
        no: { type: "SINGLE_LINE_TEXT", value: "N-00210" },
        amount: { type: "NUMBER", value: "10" },
      },
      {
        no: { type: "SINGLE_LINE_TEXT", value: "N-00260" },
        amount: { type: "NUMBER", value: "10" },
      },
      {
        no: { type: "SINGLE_LINE_TEXT", value: "N-00310" },
        amount: { type: "NUMBER", value: "10" },
      },
    ]);
    const plain = await client.record.getRecords({ app });
    expect(plain.records).toHaveLength(100);
    expect(plain.records[0]?.$id?.value).toBe("1200");
  });

  it("answers the query library's errors: limit, offset, syntax, unknown field", async () => {
    await expect(
      client.record.getRecords({ app, query: "limit 501" }),
    ).rejects.toMatchObject({
      status: 400,
      code: "GAIA_QU01",
    });
    await expect(
      client.record.getRecords({ app, query: "offset 10001" }),
    ).rejects.toMatchObject({
      code: "GAIA_QU02",
    });
    const syntax = await failure(
      client.record.getRecords({ app, query: "amount = = 1" }),
    );
    expect(syntax).toMatchObject({ code: "CB_VA01" });
    expect(Object.keys(messagesOf(syntax))).toEqual(["query"]);
    await expect(
      client.record.getRecords({ app, query: 'nosuch = "1"' }),
    ).rejects.toMatchObject({
      code: "GAIA_IQ11",
    });
  });

  it("finds equality matches and $id ranges through indexes, not by scanning", async () => {
    const list = jest.spyOn(t.sandbox.store, "listRecords");
    const get = jest.spyOn(t.sandbox.store, "getRecord");
    try {
      const hit = await client.record.getRecords({
        app,
        query: 'insured = "000919"',
      });
      expect(hit.records.map((r) => r.no?.value)).toEqual([
        "N-01001",
        "N-00001",
      ]);
      expect(get.mock.calls.length).toBeLessThan(10);
      get.mockClear();
      const page = await client.record.getRecords({
        app,
        query: "$id > 1000 order by $id asc limit 500",
      });
      expect(page.records).toHaveLength(200);
      expect(page.records[0]?.$id?.value).toBe("1001");
      expect(get.mock.calls.length).toBeLessThanOrEqual(200);
      expect(list).not.toHaveBeenCalled();
    } finally {
      list.mockRestore();
      get.mockRestore();
    }
  });

  it("reads everything with getAllRecords, with and without orderBy", async () => {
    const byId = await client.record.getAllRecords({ app, fields: ["no"] });
    expect(byId).toHaveLength(1200);
    expect(byId[0]).toEqual({
      no: { type: "SINGLE_LINE_TEXT", value: "N-00000" },
      $id: { type: "__ID__", value: "1" },
    });
    const ordered = await client.record.getAllRecords({
      app,
      condition: "amount < 10",
      orderBy: "amount desc, no asc",
    });
    expect(ordered).toHaveLength(240);
    expect(ordered[0]?.no?.value).toBe("N-00009");
    expect(ordered[239]?.no?.value).toBe("N-01150");
    const withOffset = await client.record.getAllRecords({
      app,
      orderBy: "no desc",
      withCursor: false,
    });
    expect(withOffset).toHaveLength(1200);
    expect(withOffset[0]?.no?.value).toBe("N-01199");
  });
});

describe("addAllRecords / updateAllRecords / deleteAllRecords", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields });
  });

  it("adds, updates and deletes 2,500 records across several bulk requests", async () => {
    const added = await client.record.addAllRecords({
      app,
      records: rows(2500),
    });
    expect(added.records).toHaveLength(2500);
    expect(await count(app)).toBe(2500);
    const updated = await client.record.updateAllRecords({
      app,
      records: added.records.map((r) => ({
        id: r.id,
        record: { stage: { value: "認定済" } },
      })),
    });
    expect(updated.records.every((r) => r.revision === "2")).toBe(true);
    expect(await count(app, 'stage = "認定済"')).toBe(2500);
    await client.record.deleteAllRecords({
      app,
      records: added.records.map((r) => ({ id: r.id, revision: 2 })),
    });
    expect(await count(app)).toBe(0);
  });

  it("stops at a bad record with KintoneAllRecordsError, keeping earlier bulk calls only", async () => {
    const records = rows(2500, 10_000);
    records[2150] = {
      ...records[2150],
      amount: { value: "not a number" },
    } as (typeof records)[number];
    const e = await failure(client.record.addAllRecords({ app, records }));
    expect(e).toBeInstanceOf(KintoneAllRecordsError);
    expect(e).toMatchObject({ numOfProcessedRecords: 2000, errorIndex: 2150 });
    expect((e as unknown as KintoneAllRecordsError).error).toBeInstanceOf(
      KintoneRestAPIError,
    );
    expect(await count(app)).toBe(2000);
  });
});

describe("bulkRequest.json", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields });
  });

  it("runs requests in order and answers each result", async () => {
    const { results } = await client.bulkRequest({
      requests: [
        {
          method: "POST",
          api: "/k/v1/record.json",
          payload: { app, record: { no: { value: "B-1" } } },
        },
        {
          method: "PUT",
          api: "/k/v1/record.json",
          payload: {
            app,
            updateKey: { field: "no", value: "B-1" },
            record: { stage: { value: "s" } },
          },
        },
        {
          method: "POST",
          api: "/k/v1/records.json",
          payload: { app, records: rows(2, 900) },
        },
      ],
    });
    expect(results).toEqual([
      { id: expect.any(String), revision: "1" },
      { revision: "2" },
      { ids: [expect.any(String), expect.any(String)], revisions: ["1", "1"] },
    ]);
  });

  it("rolls everything back when one request fails, reporting its index", async () => {
    const before = await count(app);
    const e = await failure(
      client.bulkRequest({
        requests: [
          {
            method: "POST",
            api: "/k/v1/records.json",
            payload: { app, records: rows(2, 950) },
          },
          {
            method: "PUT",
            api: "/k/v1/record.json",
            payload: { app, id: 99999, record: {} },
          },
          {
            method: "POST",
            api: "/k/v1/record.json",
            payload: { app, record: {} },
          },
        ],
      }),
    );
    expect(e).toBeInstanceOf(KintoneRestAPIError);
    expect(e).toMatchObject({
      status: 404,
      code: "GAIA_RE01",
      bulkRequestIndex: 1,
    });
    expect(await count(app)).toBe(before);
  });

  it("deletes inside a bulk request, where absent revisions arrive as null", async () => {
    const { ids } = await client.record.addRecords({
      app,
      records: rows(2, 980),
    });
    const { results } = await client.bulkRequest({
      requests: [
        {
          method: "DELETE",
          api: "/k/v1/records.json",
          payload: { app, ids, revisions: [null, 1] },
        },
      ],
    });
    expect(results).toEqual([{}]);
    await expect(
      client.record.getRecord({ app, id: ids[1] as string }),
    ).rejects.toMatchObject({ code: "GAIA_RE01" });
  });

  it("refuses more than 20 requests and APIs it cannot run", async () => {
    const many = Array.from({ length: 21 }, () => ({
      method: "POST" as const,
      api: "/k/v1/record.json",
      payload: { app, record: {} },
    }));
    await expect(client.bulkRequest({ requests: many })).rejects.toMatchObject({
      code: "CB_VA01",
    });
    await expect(
      client.bulkRequest({
        requests: [
          {
            method: "POST",
            api: "/k/v1/preview/app.json",
            payload: { name: "x" },
          },
        ],
      }),
    ).rejects.toMatchObject({ code: "CB_VA01" });
  });
});

describe("records/cursor.json", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields });
    await client.record.addRecords({ app, records: rows(25) });
  });

  it("pages through a query and forgets the cursor after the last page", async () => {
    const { id, totalCount } = await client.record.createCursor({
      app,
      fields: ["no"],
      query: "amount < 20 order by no desc",
      size: 10,
    });
    expect(totalCount).toBe("20");
    const first = await client.record.getRecordsByCursor({ id });
    expect(first.next).toBe(true);
    expect(first.records[0]).toEqual({
      no: { type: "SINGLE_LINE_TEXT", value: "N-00019" },
    });
    const second = await client.record.getRecordsByCursor({ id });
    expect(second.records).toHaveLength(10);
    expect(second.next).toBe(false);
    await expect(
      client.record.getRecordsByCursor({ id }),
    ).rejects.toMatchObject({
      status: 404,
      code: "GAIA_CN01",
    });
  });

  it("refuses size over 500 and limit/offset in the query", async () => {
    await expect(
      client.record.createCursor({ app, size: 501 }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
    });
    await expect(
      client.record.createCursor({ app, query: "limit 5" }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
    });
  });

  it("allows 10 live cursors: the 11th gets 429 GAIA_TM12 until one is deleted or expires", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push((await client.record.createCursor({ app })).id);
    }
    const e = await failure(client.record.createCursor({ app }));
    expect(e).toMatchObject({ status: 429, code: "GAIA_TM12" });
    await client.record.deleteCursor({ id: ids.pop() as string });
    const extra = await client.record.createCursor({ app });
    ids.push(extra.id);
    now = new Date(now.getTime() + 11 * 60 * 1000);
    await expect(
      client.record.getRecordsByCursor({ id: extra.id }),
    ).rejects.toMatchObject({
      code: "GAIA_CN01",
    });
    const fresh = await client.record.createCursor({ app });
    await client.record.deleteCursor({ id: fresh.id });
  });

  it("keeps a cursor to its creator", async () => {
    const { id } = await client.record.createCursor({ app });
    const other = tokenClient(t, app, { view: true });
    await expect(other.record.getRecordsByCursor({ id })).rejects.toMatchObject(
      {
        code: "CB_NO02",
      },
    );
    await client.record.deleteCursor({ id });
  });
});
