import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  startTestSandbox,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { getApp, putApp } from "../../apps/model.ts";
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
let app: string;
const NOW = new Date("2026-11-21T03:04:05.678Z");

useTestSandbox({ now: () => NOW }, async (started) => {
  t = started;
  client = t.client;
  app = await makeApp(t, {
    fields: {
      title: text({ required: true, maxLength: "10" }),
      code: text({ unique: true }),
      amount: number(),
      memo: { type: "MULTI_LINE_TEXT" },
      layoutLabel: { type: "LABEL", label: "note" },
    },
  });
});

describe("record.json", () => {
  it("adds a record and returns it with system fields, $id and $revision", async () => {
    const added = await client.record.addRecord({
      app,
      record: { title: { value: "申請1" }, amount: { value: 42 } },
    });
    expect(added).toEqual({ id: expect.any(String), revision: "1" });
    const { record } = await client.record.getRecord({ app, id: added.id });
    expect(record).toEqual({
      レコード番号: { type: "RECORD_NUMBER", value: added.id },
      作成者: {
        type: "CREATOR",
        value: { code: "admin", name: "Administrator" },
      },
      作成日時: { type: "CREATED_TIME", value: "2026-11-21T03:04:00Z" },
      更新者: {
        type: "MODIFIER",
        value: { code: "admin", name: "Administrator" },
      },
      更新日時: { type: "UPDATED_TIME", value: "2026-11-21T03:04:00Z" },
      title: { type: "SINGLE_LINE_TEXT", value: "申請1" },
      code: { type: "SINGLE_LINE_TEXT", value: "" },
      amount: { type: "NUMBER", value: "42" },
      memo: { type: "MULTI_LINE_TEXT", value: "" },
      $id: { type: "__ID__", value: added.id },
      $revision: { type: "__REVISION__", value: "1" },
    });
  });

  it("gives increasing ids that are never reused", async () => {
    const a = await client.record.addRecord({
      app,
      record: { title: { value: "a" } },
    });
    await client.record.deleteRecords({ app, ids: [a.id] });
    const b = await client.record.addRecord({
      app,
      record: { title: { value: "b" } },
    });
    expect(Number(b.id)).toBe(Number(a.id) + 1);
  });

  it("ignores unknown field codes and values for system fields on update", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { title: { value: "x" }, nosuch: { value: "y" } },
    });
    await client.record.updateRecord({
      app,
      id,
      record: {
        レコード番号: { value: "999" },
        作成者: { value: { code: "someone" } },
        nosuch: { value: 1 },
      },
    });
    const { record } = await client.record.getRecord({ app, id });
    expect(record.レコード番号?.value).toBe(id);
    expect(record.作成者?.value).toEqual({
      code: "admin",
      name: "Administrator",
    });
    expect(record.nosuch).toBeUndefined();
  });

  it("accepts creator and created time on add (data migration)", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: {
        title: { value: "migrated" },
        作成者: { value: { code: "sato" } },
        作成日時: { value: "2020-01-02T12:34:56+09:00" },
      },
    });
    const { record } = await client.record.getRecord({ app, id });
    expect(record.作成者?.value).toEqual({ code: "sato", name: "sato" });
    expect(record.作成日時?.value).toBe("2020-01-02T03:34:00Z");
  });

  it("answers a missing id with CB_VA01 keyed by the parameter", async () => {
    const res = await fetch(`${t.sandbox.url}/k/v1/record.json?app=${app}`, {
      headers: {
        "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "CB_VA01",
      errors: { id: { messages: ["必須です。"] } },
    });
  });

  it("answers an unknown record with 404 GAIA_RE01 and an unknown app with GAIA_AP01", async () => {
    await expect(
      client.record.getRecord({ app, id: 99999 }),
    ).rejects.toMatchObject({
      status: 404,
      code: "GAIA_RE01",
      message: expect.stringContaining("（id: 99999）"),
    });
    await expect(
      client.record.getRecord({ app: 9999, id: 1 }),
    ).rejects.toMatchObject({
      status: 404,
      code: "GAIA_AP01",
    });
    await expect(
      client.record.updateRecord({ app, id: 99999, record: {} }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_RE01" });
  });

  it("refuses record APIs on an app that was never deployed", async () => {
    const { app: draft } = await client.app.addApp({ name: "draft" });
    await expect(
      client.record.addRecord({ app: draft, record: {} }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_AP01" });
  });

  it("merges updates, bumps the revision and sets modifier and updated time", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { title: { value: "before" }, amount: { value: "1" } },
    });
    const { revision } = await client.record.updateRecord({
      app,
      id,
      record: { amount: { value: "2" } },
    });
    expect(revision).toBe("2");
    const { record } = await client.record.getRecord({ app, id });
    expect(record.title?.value).toBe("before");
    expect(record.amount?.value).toBe("2");
    expect(record.$revision?.value).toBe("2");
  });

  it("checks the revision: stale → 409 GAIA_CO02, -1 → no check", async () => {
    const { id } = await client.record.addRecord({
      app,
      record: { title: { value: "r" } },
    });
    await client.record.updateRecord({ app, id, revision: 1, record: {} });
    await expect(
      client.record.updateRecord({ app, id, revision: 1, record: {} }),
    ).rejects.toMatchObject({ status: 409, code: "GAIA_CO02" });
    await expect(
      client.record.updateRecord({ app, id, revision: -1, record: {} }),
    ).resolves.toEqual({ revision: "3" });
  });

  it("updates by updateKey on a unique field", async () => {
    await client.record.addRecord({
      app,
      record: { title: { value: "k" }, code: { value: "K-001" } },
    });
    const { revision } = await client.record.updateRecord({
      app,
      updateKey: { field: "code", value: "K-001" },
      record: { amount: { value: 7 } },
    });
    expect(revision).toBe("2");
    const { records } = await client.record.getRecords({
      app,
      query: 'code = "K-001"',
    });
    expect(records[0]?.amount?.value).toBe("7");
  });

  it("answers an updateKey without a match with GAIA_RE20", async () => {
    await expect(
      client.record.updateRecord({
        app,
        updateKey: { field: "code", value: "none" },
        record: {},
      }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_RE20" });
  });

  it("refuses an updateKey on a field without unique, and id together with updateKey", async () => {
    const e = await failure(
      client.record.updateRecord({
        app,
        updateKey: { field: "title", value: "k" },
        record: {},
      }),
    );
    expect(e).toMatchObject({ code: "CB_VA01" });
    expect(Object.keys(messagesOf(e))).toEqual(["updateKey.field"]);
    const both = await failure(
      t.client.record.updateRecord({
        app,
        id: 1,
        updateKey: { field: "code", value: "K-001" },
        record: {},
      } as never),
    );
    expect(both).toMatchObject({ code: "CB_VA01" });
  });

  it("upserts with rest-api-client's upsertRecord (GET then PUT or POST)", async () => {
    const first = await client.record.upsertRecord({
      app,
      updateKey: { field: "code", value: "U-1" },
      record: { title: { value: "first" } },
    });
    expect(first.revision).toBe("1");
    const second = await client.record.upsertRecord({
      app,
      updateKey: { field: "code", value: "U-1" },
      record: { title: { value: "second" } },
    });
    expect(second).toEqual({ id: first.id, revision: "2" });
  });
});

describe("record numbers and guest spaces", () => {
  it("prefixes RECORD_NUMBER with the app code when the app has one", async () => {
    const coded = await makeApp(t, {
      fields: { title: text() },
      appCode: "NINTEI",
    });
    const { id } = await client.record.addRecord({ app: coded, record: {} });
    const { record } = await client.record.getRecord({ app: coded, id });
    expect(record.レコード番号?.value).toBe(`NINTEI-${id}`);
    expect(record.$id?.value).toBe(id);
  });

  it("refuses an app outside the guest space named in the path", async () => {
    const guest = new KintoneRestAPIClient({
      baseUrl: t.sandbox.url,
      auth: { username: "admin", password: "admin" },
      guestSpaceId: 5,
    });
    await expect(guest.record.getRecords({ app })).rejects.toMatchObject({
      status: 403,
      code: "CB_NO02",
    });
  });
});

describe("permissions", () => {
  it("lets a token do only what its rights allow", async () => {
    const viewer = tokenClient(t, app, { view: true });
    const adder = tokenClient(t, app, { add: true });
    const { id } = await adder.record.addRecord({
      app,
      record: { title: { value: "by token" } },
    });
    const { record } = await viewer.record.getRecord({ app, id });
    expect(record.作成者?.value).toEqual({
      code: "Administrator",
      name: "Administrator",
    });
    await expect(adder.record.getRecord({ app, id })).rejects.toMatchObject({
      status: 403,
      code: "GAIA_NO01",
    });
    await expect(
      viewer.record.updateRecord({ app, id, record: {} }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
    await expect(
      viewer.record.deleteRecords({ app, ids: [id] }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
  });

  it("refuses a password user the app's ACL does not allow", async () => {
    const u = await startTestSandbox({
      users: [
        { login: "admin", password: "admin", name: "Admin", admin: true },
        { login: "guest", password: "pw", name: "Guest" },
      ],
    });
    try {
      const restricted = await makeApp(u, { fields: { title: text() } });
      u.sandbox.store.transaction(() => {
        const doc = getApp(u.sandbox.store, Number(restricted));
        if (doc?.live) {
          doc.live.acl = [
            {
              entity: { type: "GROUP", code: "everyone" },
              recordViewable: true,
              recordAddable: false,
              recordEditable: false,
              recordDeletable: false,
            },
          ];
          putApp(u.sandbox.store, doc);
        }
      });
      const guest = u.clientWith({ username: "guest", password: "pw" });
      await expect(
        guest.record.addRecord({ app: restricted, record: {} }),
      ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
      await expect(
        guest.record.getRecords({ app: restricted }),
      ).resolves.toMatchObject({ records: [] });
    } finally {
      await u.close();
    }
  });
});
