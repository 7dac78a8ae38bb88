import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import {
  failure,
  makeApp,
  messagesOf,
  number,
  options,
  text,
} from "./fixtures.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;
/** 00:30 on 22 November in Japan. */
const NOW = new Date("2026-11-21T15:30:45Z");

useTestSandbox({ now: () => NOW }, (started) => {
  t = started;
  client = t.client;
});

const get = async (app: string, id: string) =>
  (await client.record.getRecord({ app, id })).record;

describe("required and empty values", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        reqText: text({ required: true }),
        reqNumber: number({ required: true }),
        reqCheck: {
          type: "CHECK_BOX",
          required: true,
          options: options("A", "B"),
        },
        reqMulti: {
          type: "MULTI_SELECT",
          required: true,
          options: options("A"),
        },
        reqUser: { type: "USER_SELECT", required: true },
        reqFile: { type: "FILE", required: true },
        radio: { type: "RADIO_BUTTON", required: true, options: options("A") },
        optional: text(),
      },
    });
  });

  it("reports every missing required field under kintone's key suffixes", async () => {
    const e = await failure(client.record.addRecord({ app, record: {} }));
    expect(e).toMatchObject({ status: 400, code: "CB_VA01" });
    expect(messagesOf(e)).toEqual({
      "record.reqText.value": ["必須です。"],
      "record.reqNumber.value": ["必須です。"],
      "record.reqCheck.values": ["必須です。"],
      "record.reqMulti.values": ["必須です。"],
      "record.reqUser.values.value": ["必須です。"],
      "record.reqFile.values": ["必須です。"],
    });
  });

  it("prefixes records[i] in records.json and checks the merged record on update", async () => {
    const { fileKey } = await client.file.uploadFile({
      file: { name: "a.txt", data: "a" },
    });
    const full = {
      reqText: { value: "x" },
      reqNumber: { value: "1" },
      reqCheck: { value: ["A"] },
      reqMulti: { value: ["A"] },
      reqUser: { value: [{ code: "admin" }] },
      reqFile: { value: [{ fileKey }] },
    };
    const e = await failure(
      client.record.addRecords({
        app,
        records: [full, { ...full, reqText: { value: "" } }],
      }),
    );
    expect(messagesOf(e)).toEqual({
      "records[1].reqText.value": ["必須です。"],
    });
    const { id } = await client.record.addRecord({ app, record: full });
    await client.record.updateRecord({
      app,
      id,
      record: { optional: { value: "still valid" } },
    });
    const cleared = await failure(
      client.record.updateRecord({
        app,
        id,
        record: { reqCheck: { value: [] } },
      }),
    );
    expect(messagesOf(cleared)).toEqual({
      "record.reqCheck.values": ["必須です。"],
    });
    const record = await get(app, id);
    expect(record.radio).toEqual({ type: "RADIO_BUTTON", value: null });
    expect(record.reqUser?.value).toEqual([
      { code: "admin", name: "Administrator" },
    ]);
  });
});

describe("defaults", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        textDef: text({ defaultValue: "初期値", required: true }),
        numDef: number({ defaultValue: "42" }),
        radioDef: {
          type: "RADIO_BUTTON",
          options: options("A", "B"),
          defaultValue: "B",
        },
        dropEmpty: {
          type: "DROP_DOWN",
          options: options("X"),
          defaultValue: "",
        },
        checkDef: {
          type: "CHECK_BOX",
          options: options("A", "B"),
          defaultValue: ["A", "B"],
        },
        dateDef: { type: "DATE", defaultValue: "2020-01-15" },
        dateNow: { type: "DATE", defaultNowValue: true },
        timeNow: { type: "TIME", defaultNowValue: true },
        datetimeNow: { type: "DATETIME", defaultNowValue: true },
        datetimeEmpty: { type: "DATETIME" },
        userDef: {
          type: "USER_SELECT",
          defaultValue: [
            { code: "LOGINUSER()", type: "FUNCTION" },
            { code: "sato", type: "USER" },
          ],
        },
      },
    });
  });

  it("fills absent fields from defaultValue and now-values (Japan's date and time)", async () => {
    const { id } = await client.record.addRecord({ app, record: {} });
    const record = await get(app, id);
    expect(record).toMatchObject({
      textDef: { value: "初期値" },
      numDef: { value: "42" },
      radioDef: { value: "B" },
      dropEmpty: { type: "DROP_DOWN", value: null },
      checkDef: { value: ["A", "B"] },
      dateDef: { value: "2020-01-15" },
      dateNow: { value: "2026-11-22" },
      timeNow: { value: "00:30" },
      datetimeNow: { value: "2026-11-21T15:30:00Z" },
      datetimeEmpty: { type: "DATETIME", value: "" },
      userDef: {
        value: [
          { code: "admin", name: "Administrator" },
          { code: "sato", name: "sato" },
        ],
      },
    });
  });

  it("keeps a value sent explicitly empty (and then required applies)", async () => {
    const e = await failure(
      client.record.addRecord({ app, record: { textDef: { value: "" } } }),
    );
    expect(messagesOf(e)).toEqual({ "record.textDef.value": ["必須です。"] });
    const { id } = await client.record.addRecord({
      app,
      record: { numDef: { value: "" }, checkDef: { value: [] } },
    });
    const record = await get(app, id);
    expect(record.numDef?.value).toBe("");
    expect(record.checkDef?.value).toEqual([]);
  });

  it("applies no defaults on update", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { numDef: { value: "" } },
    });
    await client.record.updateRecord({ app, id, record: {} });
    expect((await get(app, id)).numDef?.value).toBe("");
  });
});

describe("text, number and choice rules", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        short: text({ maxLength: "5", minLength: "2" }),
        uniq: text({ unique: true }),
        num: number({ maxValue: "100", minValue: "-10" }),
        reqNum: number({ required: true }),
        radio: { type: "RADIO_BUTTON", options: options("A", "B") },
        drop: { type: "DROP_DOWN", options: options("X", "Y") },
        check: { type: "CHECK_BOX", options: options("A", "B") },
        multi: { type: "MULTI_SELECT", options: options("P") },
      },
    });
  });

  const base = { reqNum: { value: "1" } };

  it("checks lengths with kintone's n+1 / n-1 messages", async () => {
    const long = await failure(
      client.record.addRecord({
        app,
        record: { ...base, short: { value: "123456" } },
      }),
    );
    expect(messagesOf(long)).toEqual({
      "record.short.value": ["6文字より短くなければなりません。"],
    });
    const tiny = await failure(
      client.record.addRecord({
        app,
        record: { ...base, short: { value: "1" } },
      }),
    );
    expect(messagesOf(tiny)).toEqual({
      "record.short.value": ["1文字より長くなければなりません。"],
    });
  });

  // kintone checks the length of a value entered; an empty value of a field that is not required
  // is saved (measured on kintone by other projects: "" is not length-checked, and with required
  // only 「必須です。」 is given).
  it("does not length-check an empty value", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { ...base, short: { value: "" } },
    });
    expect((await get(app, id)).short?.value).toBe("");
  });

  it("checks NUMBER bounds", async () => {
    const big = await failure(
      client.record.addRecord({
        app,
        record: { ...base, num: { value: "150" } },
      }),
    );
    expect(messagesOf(big)).toEqual({
      "record.num.value": ["100以下である必要があります。"],
    });
    const small = await failure(
      client.record.addRecord({
        app,
        record: { ...base, num: { value: -11 } },
      }),
    );
    expect(messagesOf(small)).toEqual({
      "record.num.value": ["-10以上である必要があります。"],
    });
  });

  it("normalises NUMBER text and refuses what is not a number", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { reqNum: { value: " 42 " }, num: { value: "1.5e1" } },
    });
    expect(await get(app, id)).toMatchObject({
      reqNum: { value: "42" },
      num: { value: "15" },
    });
    const e = await failure(
      client.record.addRecord({ app, record: { reqNum: { value: "12abc" } } }),
    );
    expect(messagesOf(e)).toEqual({
      "record[reqNum].value": ["数字でなければなりません。"],
      "record.reqNum.value": ["必須です。"],
    });
  });

  it("refuses options that do not exist", async () => {
    const e = await failure(
      client.record.addRecord({
        app,
        record: {
          ...base,
          radio: { value: "Z" },
          drop: { value: "Q" },
          check: { value: ["A", "X"] },
          multi: { value: ["P", "P2"] },
        },
      }),
    );
    expect(messagesOf(e)).toEqual({
      "record.radio.value": ['"Z"は選択肢にありません。'],
      "record.drop.value": ['"Q"は選択肢にありません。'],
      "record.check.values[1].value": ['"X"は選択肢にありません。'],
      "record.multi.values[1].value": ['"P2"は選択肢にありません。'],
    });
  });

  it("refuses duplicates of a unique field but lets a record keep its own value", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { ...base, uniq: { value: "U-1" } },
    });
    const dup = await failure(
      client.record.addRecord({
        app,
        record: { ...base, uniq: { value: "U-1" } },
      }),
    );
    expect(messagesOf(dup)).toEqual({
      "record.uniq.value": ["値がほかのレコードと重複しています。"],
    });
    await expect(
      client.record.updateRecord({
        app,
        id,
        record: { uniq: { value: "U-1" } },
      }),
    ).resolves.toEqual({ revision: "2" });
    const inOneRequest = await failure(
      client.record.addRecords({
        app,
        records: [
          { ...base, uniq: { value: "U-2" } },
          { ...base, uniq: { value: "U-2" } },
        ],
      }),
    );
    expect(messagesOf(inOneRequest)).toEqual({
      "records[1].uniq.value": ["値がほかのレコードと重複しています。"],
    });
    await client.record.addRecord({
      app,
      record: { ...base, uniq: { value: "" } },
    });
    await client.record.addRecord({
      app,
      record: { ...base, uniq: { value: "" } },
    });
  });
});

describe("dates, times and users", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        date: { type: "DATE" },
        time: { type: "TIME" },
        datetime: { type: "DATETIME" },
        users: { type: "USER_SELECT" },
        orgs: { type: "ORGANIZATION_SELECT" },
        groups: { type: "GROUP_SELECT" },
      },
    });
  });

  it("pads partial dates and times and stores datetimes in UTC to the minute", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        date: { value: "2015-7-5" },
        time: { value: "9:05" },
        datetime: { value: "2026-01-02T09:00:30+09:00" },
      },
    });
    expect(await get(app, id)).toMatchObject({
      date: { value: "2015-07-05" },
      time: { value: "09:05" },
      datetime: { value: "2026-01-02T00:00:00Z" },
    });
    const { id: y } = await client.record.addRecord({
      app,
      record: { date: { value: "2015" } },
    });
    expect((await get(app, y)).date?.value).toBe("2015-01-01");
  });

  it("refuses impossible dates and malformed times", async () => {
    const e = await failure(
      client.record.addRecord({
        app,
        record: {
          date: { value: "2026-02-30" },
          time: { value: "25:00" },
          datetime: { value: "yesterday" },
        },
      }),
    );
    expect(messagesOf(e)).toEqual({
      "record.date.value": ["形式が正しくありません。"],
      "record.time.value": ["形式が正しくありません。"],
      "record.datetime.value": ["形式が正しくありません。"],
    });
  });

  it("turns {code} into {code, name} for users, organizations and groups", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        users: { value: [{ code: "admin" }, { code: "sato" }] },
        orgs: { value: [{ code: "介護保険課" }] },
        groups: { value: [{ code: "everyone" }] },
      },
    });
    expect(await get(app, id)).toMatchObject({
      users: {
        type: "USER_SELECT",
        value: [
          { code: "admin", name: "Administrator" },
          { code: "sato", name: "sato" },
        ],
      },
      orgs: { value: [{ code: "介護保険課", name: "介護保険課" }] },
      groups: { value: [{ code: "everyone", name: "everyone" }] },
    });
    const e = await failure(
      client.record.addRecord({ app, record: { users: { value: "admin" } } }),
    );
    expect(messagesOf(e)).toEqual({
      "record.users.values.value": ["形式が正しくありません。"],
    });
  });
});

describe("files", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields: { attachment: { type: "FILE" } } });
  });

  it("stores an upload under a new key that downloads", async () => {
    const { fileKey } = await client.file.uploadFile({
      file: { name: "通知.txt", data: "結果通知" },
    });
    const { id } = await client.record.addRecord({
      app,
      record: { attachment: { value: [{ fileKey }] } },
    });
    const [stored] = (await get(app, id)).attachment?.value as Array<
      Record<string, string>
    >;
    expect(stored).toEqual({
      contentType: expect.any(String),
      fileKey: expect.any(String),
      name: "通知.txt",
      size: String(Buffer.byteLength("結果通知")),
    });
    expect(stored?.fileKey).not.toBe(fileKey);
    const bytes = await client.file.downloadFile({
      fileKey: stored?.fileKey ?? "",
    });
    expect(Buffer.from(bytes).toString("utf8")).toBe("結果通知");
    await client.record.updateRecord({
      app,
      id,
      record: { attachment: { value: [{ fileKey: stored?.fileKey }] } },
    });
    const [kept] = (await get(app, id)).attachment?.value as Array<
      Record<string, string>
    >;
    expect(kept?.name).toBe("通知.txt");
  });

  it("answers an unknown file key with GAIA_BL01 and saves nothing", async () => {
    const before = await client.record.getRecords({ app, totalCount: true });
    await expect(
      client.record.addRecord({
        app,
        record: { attachment: { value: [{ fileKey: "no-such-key" }] } },
      }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_BL01" });
    const after = await client.record.getRecords({ app, totalCount: true });
    expect(after.totalCount).toBe(before.totalCount);
  });
});

describe("tables", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        title: text(),
        items: {
          type: "SUBTABLE",
          fields: {
            name: text({ required: true }),
            qty: number(),
            kind: {
              type: "RADIO_BUTTON",
              options: options("A", "B"),
              defaultValue: "A",
            },
            tags: { type: "CHECK_BOX", options: options("x", "y") },
            subtotal: { type: "CALC", expression: "qty * 2", format: "NUMBER" },
          },
        },
      },
    });
  });

  const rowsOf = async (id: string) =>
    (await get(app, id)).items?.value as Array<{
      id: string;
      value: Record<string, { type: string; value: unknown }>;
    }>;

  it("gives rows ids, fills absent cells with defaults and computes CALC cells", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        items: {
          value: [
            { value: { name: { value: "apple" }, qty: { value: "3" } } },
            { value: { name: { value: "kiwi" }, qty: { value: "abc" } } },
          ],
        },
      },
    });
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      value: {
        name: { type: "SINGLE_LINE_TEXT", value: "apple" },
        qty: { type: "NUMBER", value: "3" },
        kind: { type: "RADIO_BUTTON", value: "A" },
        tags: { type: "CHECK_BOX", value: [] },
        subtotal: { type: "CALC", value: "6" },
      },
    });
    expect(rows[1]?.value.qty?.value).toBe("");
    const { id: none } = await client.record.addRecord({ app, record: {} });
    expect(await rowsOf(none)).toEqual([]);
  });

  it("reports cell errors under record.<table>.value[<row>].value.<cell>", async () => {
    const e = await failure(
      client.record.addRecord({
        app,
        record: {
          items: {
            value: [
              { value: { name: { value: "ok" } } },
              { value: { qty: { value: "1" }, tags: { value: ["x", "z"] } } },
            ],
          },
        },
      }),
    );
    expect(messagesOf(e)).toEqual({
      "record.items.value[1].value.name.value": ["必須です。"],
      "record.items.value[1].value.tags.values[1].value": [
        '"z"は選択肢にありません。',
      ],
    });
  });

  it("updates rows as kintone does: merge by id, new rows, unlisted rows removed", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        items: {
          value: ["r1", "r2", "r3"].map((name) => ({
            value: { name: { value: name }, qty: { value: "1" } },
          })),
        },
      },
    });
    const [r1] = await rowsOf(id);
    await client.record.updateRecord({
      app,
      id,
      record: { title: { value: "t" } },
    });
    expect(await rowsOf(id)).toHaveLength(3);
    await client.record.updateRecord({
      app,
      id,
      record: {
        items: {
          value: [
            { id: r1?.id, value: { qty: { value: "99" } } },
            { value: { name: { value: "new1" } } },
            { id: "999999999", value: { name: { value: "new2" } } },
          ],
        },
      },
    });
    const rows = await rowsOf(id);
    expect(rows.map((r) => r.value.name?.value)).toEqual([
      "r1",
      "new1",
      "new2",
    ]);
    expect(rows[0]).toMatchObject({
      id: r1?.id,
      value: { qty: { value: "99" }, subtotal: { value: "198" } },
    });
    expect(rows[1]?.id).not.toBe(r1?.id);
    expect(rows[2]?.id).not.toBe("999999999");
    await client.record.updateRecord({
      app,
      id,
      record: { items: { value: [] } },
    });
    expect(await rowsOf(id)).toEqual([]);
  });
});

describe("calculated fields", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        price: number(),
        qty: number(),
        total: { type: "CALC", expression: "price * qty", format: "NUMBER" },
        perUnit: {
          type: "CALC",
          expression: "price / 3",
          format: "NUMBER_DIGIT",
        },
        withTax: {
          type: "CALC",
          expression: "ROUND(total * 1.1)",
          format: "NUMBER",
        },
        bad: {
          type: "CALC",
          expression: "price / (qty - qty)",
          format: "NUMBER",
        },
        days: { type: "CALC", expression: "price", format: "DAY_HOUR_MINUTE" },
        lines: {
          type: "SUBTABLE",
          fields: { amount: number() },
        },
        sum: {
          type: "CALC",
          expression: "SUM(amount) + -price",
          format: "NUMBER",
        },
      },
    });
  });

  it("computes arithmetic, rounding to the app's 4 decimal places, and ignores sent values", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        price: { value: "10" },
        qty: { value: "3" },
        total: { value: "999" },
        lines: {
          value: [
            { value: { amount: { value: "5" } } },
            { value: { amount: { value: "7.5" } } },
          ],
        },
      },
    });
    expect(await get(app, id)).toMatchObject({
      total: { type: "CALC", value: "30" },
      perUnit: { value: "3.3333" },
      withTax: { value: "33" },
      bad: { value: "" },
      days: { value: "00:00" },
      sum: { value: "2.5" },
    });
    await client.record.updateRecord({
      app,
      id,
      record: { qty: { value: "" } },
    });
    expect((await get(app, id)).total?.value).toBe("0");
  });
});

describe("lookups", () => {
  let master: string;
  let app: string;
  beforeAll(async () => {
    master = await makeApp(t, {
      name: "事業所マスタ",
      fields: {
        officeCode: text({ unique: true }),
        officeName: text(),
        capacity: number(),
      },
    });
    await client.record.addRecords({
      app: master,
      records: [
        {
          officeCode: { value: "J-01" },
          officeName: { value: "あおば苑" },
          capacity: { value: "30" },
        },
        {
          officeCode: { value: "J-02" },
          officeName: { value: "みどり荘" },
          capacity: { value: "12" },
        },
      ],
    });
    app = await makeApp(t, {
      fields: {
        office: text({
          lookup: {
            relatedApp: { app: master, code: "" },
            relatedKeyField: "officeCode",
            fieldMappings: [
              { field: "officeName", relatedField: "officeName" },
              { field: "officeCapacity", relatedField: "capacity" },
            ],
            lookupPickerFields: [],
            filterCond: "",
            sort: "",
          },
        }),
        officeName: text(),
        officeCapacity: number(),
        memo: text(),
      },
    });
  });

  it("copies the mapped fields of the matching source record, ignoring values sent for them", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { office: { value: "J-01" }, officeName: { value: "ignored" } },
    });
    expect(await get(app, id)).toMatchObject({
      office: { type: "SINGLE_LINE_TEXT", value: "J-01" },
      officeName: { value: "あおば苑" },
      officeCapacity: { value: "30" },
    });
    await client.record.updateRecord({
      app,
      id,
      record: { memo: { value: "m" } },
    });
    expect((await get(app, id)).officeName?.value).toBe("あおば苑");
    await client.record.updateRecord({
      app,
      id,
      record: { office: { value: "J-02" } },
    });
    expect((await get(app, id)).officeName?.value).toBe("みどり荘");
    await client.record.updateRecord({
      app,
      id,
      record: { office: { value: "" } },
    });
    expect(await get(app, id)).toMatchObject({
      officeName: { value: "" },
      officeCapacity: { value: "" },
    });
  });

  it("looks up by the source's record number", async () => {
    const byNumber = await makeApp(t, {
      fields: {
        officeId: number({
          lookup: {
            relatedApp: { app: master, code: "" },
            relatedKeyField: "レコード番号",
            fieldMappings: [{ field: "name", relatedField: "officeName" }],
          },
        }),
        name: text(),
      },
    });
    const { id } = await client.record.addRecord({
      app: byNumber,
      record: { officeId: { value: "2" } },
    });
    expect((await get(byNumber, id)).name?.value).toBe("みどり荘");
  });

  it("answers a key without a source record with GAIA_LO04 (no errors map)", async () => {
    const e = await failure(
      client.record.addRecords({
        app,
        records: [{ office: { value: "J-01" } }, { office: { value: "J-99" } }],
      }),
    );
    expect(e).toMatchObject({ status: 400, code: "GAIA_LO04" });
    expect(e.errors).toBeUndefined();
    expect(String(e.message)).toContain("「J-99」");
  });
});
