import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { waitFor } from "../../../test/support/waitFor.ts";
import {
  failure,
  makeApp,
  messagesOf,
  number,
  text,
  tokenClient,
  type Json,
} from "./fixtures.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "reviewer", password: "pw", name: "審査 担当" },
      { login: "clerk", password: "pw", name: "窓口 担当" },
    ],
  },
  (started) => {
    t = started;
    client = t.client;
  },
);

const entity = (type: string, code: string | null) => ({
  entity: { type, code },
  includeSubs: false,
});

/** 申請中 → 審査中 → 利用中, with a way back from 審査中. */
const certification = {
  enable: true,
  states: {
    申請中: {
      name: "申請中",
      index: "0",
      assignee: { type: "ONE", entities: [entity("CREATOR", null)] },
    },
    審査中: {
      name: "審査中",
      index: "1",
      assignee: { type: "ONE", entities: [entity("USER", "reviewer")] },
    },
    利用中: {
      name: "利用中",
      index: "2",
      assignee: { type: "ANY", entities: [entity("FIELD_ENTITY", "staff")] },
    },
    保留: {
      name: "保留",
      index: "3",
      assignee: { type: "ONE", entities: [] },
    },
  },
  actions: [
    {
      name: "審査へ",
      from: "申請中",
      to: "審査中",
      filterCond: "",
      type: "PRIMARY",
    },
    {
      name: "承認",
      from: "審査中",
      to: "利用中",
      filterCond: "",
      type: "PRIMARY",
    },
    {
      name: "差し戻し",
      from: "審査中",
      to: "申請中",
      filterCond: "points > 10",
      type: "SECONDARY",
      executableUser: { entities: [entity("USER", "clerk")] },
    },
    {
      name: "保留にする",
      from: "申請中",
      to: "保留",
      filterCond: "",
      type: "PRIMARY",
    },
  ],
};

describe("process management", () => {
  let app: string;
  beforeAll(async () => {
    app = await makeApp(t, {
      fields: {
        title: text(),
        points: number(),
        staff: { type: "USER_SELECT" },
      },
      status: certification,
    });
  });

  const add = async (record: Json = {}) =>
    (await client.record.addRecord({ app, record: record as never })).id;

  const get = async (id: string) =>
    (await client.record.getRecord({ app, id })).record;

  it("starts records in the first state, assigned to their creator", async () => {
    const record = await get(await add());
    expect(record.ステータス).toEqual({ type: "STATUS", value: "申請中" });
    expect(record.作業者).toEqual({
      type: "STATUS_ASSIGNEE",
      value: [{ code: "admin", name: "Administrator" }],
    });
  });

  it("runs actions: status moves, assignees follow, revision +2", async () => {
    const id = await add({
      staff: { value: [{ code: "sato" }, { code: "suzuki" }] },
    });
    const { revision } = await client.record.updateRecordStatus({
      app,
      id,
      action: "審査へ",
      assignee: "reviewer",
      revision: 1,
    });
    expect(revision).toBe("3");
    expect((await get(id)).作業者?.value).toEqual([
      { code: "reviewer", name: "reviewer" },
    ]);
    const reviewer = t.clientWith({ username: "reviewer", password: "pw" });
    await reviewer.record.updateRecordStatus({ app, id, action: "承認" });
    const record = await get(id);
    expect(record.ステータス?.value).toBe("利用中");
    expect(record.作業者?.value).toEqual([
      { code: "sato", name: "sato" },
      { code: "suzuki", name: "suzuki" },
    ]);
    expect(record.$revision?.value).toBe("5");
  });

  // https://cybozu.dev/ja/kintone/docs/rest-api/records/update-status/ (必要なアクセス権)
  it("lets only an assignee run an action (GAIA_NT01); an API token acts as Administrator", async () => {
    const id = await add();
    await client.record.updateRecordStatus({
      app,
      id,
      action: "審査へ",
      assignee: "reviewer",
    });
    await expect(
      client.record.updateRecordStatus({ app, id, action: "承認" }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_NT01" });
    const token = tokenClient(t, app, { add: true, edit: true });
    await expect(
      token.record.updateRecordStatus({ app, id, action: "承認" }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_NT01" });
    // A record the token added is assigned to its creator, "Administrator": the token may act.
    const own = (await token.record.addRecord({ app, record: {} })).id;
    await expect(
      token.record.updateRecordStatus({
        app,
        id: own,
        action: "審査へ",
        assignee: "reviewer",
      }),
    ).resolves.toEqual({ revision: "3" });
  });

  // https://cybozu.dev/ja/kintone/docs/rest-api/records/update-status/ (assignee: 条件必須)
  it("asks for the assignee when the next status is chosen from candidates", async () => {
    const id = await add();
    const one = await failure(
      client.record.updateRecordStatus({ app, id, action: "審査へ" }),
    );
    expect(one).toMatchObject({ status: 400, code: "CB_VA01" });
    expect(messagesOf(one)).toEqual({ assignee: ["必須です。"] });
    const other = await add();
    const many = await failure(
      client.record.updateRecordsStatus({
        app,
        records: [
          { id, action: "審査へ", assignee: "reviewer" },
          { id: other, action: "審査へ" },
        ],
      }),
    );
    expect(messagesOf(many)).toEqual({ "records[1].assignee": ["必須です。"] });
    expect((await get(id)).ステータス?.value).toBe("申請中");
    // No candidates (one chosen from nobody): no assignee is asked for, and none is set.
    await client.record.updateRecordStatus({ app, id, action: "保留にする" });
    expect((await get(id)).作業者?.value).toEqual([]);
  });

  // https://cybozu.dev/ja/kintone/docs/rest-api/records/update-status/ (作業者以外でも実行できるアクション)
  it("lets the executable users of a SECONDARY action run it without being assignees", async () => {
    const id = await add({ points: { value: "20" } });
    await client.record.updateRecordStatus({
      app,
      id,
      action: "審査へ",
      assignee: "reviewer",
    });
    await expect(
      client.record.updateRecordStatus({ app, id, action: "差し戻し" }),
    ).rejects.toMatchObject({ code: "GAIA_NT01" });
    const clerk = t.clientWith({ username: "clerk", password: "pw" });
    await expect(
      clerk.record.updateRecordStatus({ app, id, action: "承認" }),
    ).rejects.toMatchObject({ code: "GAIA_NT01" });
    await clerk.record.updateRecordStatus({
      app,
      id,
      action: "差し戻し",
      assignee: "admin",
    });
    expect((await get(id)).ステータス?.value).toBe("申請中");
  });

  it("answers an action that does not apply with GAIA_IL03", async () => {
    const id = await add({ points: { value: "5" } });
    await expect(
      client.record.updateRecordStatus({ app, id, action: "承認" }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_IL03" });
    await expect(
      client.record.updateRecordStatus({ app, id, action: "no such action" }),
    ).rejects.toMatchObject({ code: "GAIA_IL03" });
    await client.record.updateRecordStatus({
      app,
      id,
      action: "審査へ",
      assignee: "reviewer",
    });
    const reviewer = t.clientWith({ username: "reviewer", password: "pw" });
    await expect(
      reviewer.record.updateRecordStatus({ app, id, action: "差し戻し" }),
    ).rejects.toMatchObject({ code: "GAIA_IL03" });
  });

  it("checks the revision of status and assignee changes", async () => {
    const id = await add();
    await expect(
      client.record.updateRecordStatus({
        app,
        id,
        action: "審査へ",
        assignee: "reviewer",
        revision: 2,
      }),
    ).rejects.toMatchObject({ status: 409, code: "GAIA_CO02" });
    await expect(
      client.record.updateRecordAssignees({
        app,
        id,
        assignees: [],
        revision: 9,
      }),
    ).rejects.toMatchObject({ status: 409, code: "GAIA_CO02" });
  });

  it("changes several records' status at once, all or nothing", async () => {
    const a = await add();
    const b = await add();
    const res = await client.record.updateRecordsStatus({
      app,
      records: [
        { id: a, action: "審査へ", assignee: "reviewer" },
        { id: b, action: "審査へ", assignee: "reviewer", revision: 1 },
      ],
    });
    expect(res.records).toEqual([
      { id: a, revision: "3" },
      { id: b, revision: "3" },
    ]);
    const c = await add();
    await expect(
      client.record.updateRecordsStatus({
        app,
        records: [
          { id: c, action: "審査へ", assignee: "reviewer" },
          { id: a, action: "審査へ", assignee: "reviewer" },
        ],
      }),
    ).rejects.toMatchObject({ code: "GAIA_IL03" });
    expect((await get(c)).ステータス?.value).toBe("申請中");
  });

  it("sets assignees directly (revision +1, at most 100)", async () => {
    const id = await add();
    const { revision } = await client.record.updateRecordAssignees({
      app,
      id,
      assignees: ["reviewer", "admin"],
    });
    expect(revision).toBe("2");
    expect((await get(id)).作業者?.value).toEqual([
      { code: "reviewer", name: "reviewer" },
      { code: "admin", name: "Administrator" },
    ]);
    const e = await failure(
      client.record.updateRecordAssignees({
        app,
        id,
        assignees: Array.from({ length: 101 }, (_, i) => `u${i}`),
      }),
    );
    expect(Object.keys(messagesOf(e))).toEqual(["assignees"]);
  });

  it("answers GAIA_ST02 where process management is off, and omits STATUS from records", async () => {
    const plain = await makeApp(t, { fields: { title: text() } });
    const { id } = await client.record.addRecord({ app: plain, record: {} });
    const { record } = await client.record.getRecord({ app: plain, id });
    expect(record.ステータス).toBeUndefined();
    expect(record.作業者).toBeUndefined();
    await expect(
      client.record.updateRecordStatus({ app: plain, id, action: "審査へ" }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_ST02" });
    await expect(
      client.record.updateRecordsStatus({
        app: plain,
        records: [{ id, action: "x" }],
      }),
    ).rejects.toMatchObject({ code: "GAIA_ST02" });
    await expect(
      client.record.updateRecordAssignees({ app: plain, id, assignees: [] }),
    ).rejects.toMatchObject({ code: "GAIA_ST02" });
  });

  it("finds records by status and assignee in queries", async () => {
    const { records } = await client.record.getRecords({
      app,
      query: 'ステータス in ("利用中") and 作業者 in ("sato")',
    });
    expect(records.length).toBeGreaterThan(0);
  });
});

// https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/update-process-management-settings
// (states.ステータス名: 「ステータスを変更するとき: 更新前のステータス名をステータス名に指定」)
describe("renaming a status", () => {
  const open = { type: "ONE", entities: [] };
  const flow = {
    enable: true,
    states: {
      受付: { name: "受付", index: "0", assignee: open },
      審査: { name: "審査", index: "1", assignee: open },
    },
    actions: [
      {
        name: "審査する",
        from: "受付",
        to: "審査",
        filterCond: "",
        type: "PRIMARY",
      },
    ],
  };

  it("renames by the old name as key; records keep their status under the new name at deploy", async () => {
    const app = await makeApp(t, { fields: { title: text() }, status: flow });
    const { id } = await client.record.addRecord({ app, record: {} });
    await client.app.updateProcessManagement({
      app,
      states: {
        受付: { name: "申請受付", index: "0", assignee: open },
        審査: { name: "審査", index: "1", assignee: open },
      } as never,
    });
    const preview = await client.app.getProcessManagement({
      app,
      preview: true,
    });
    expect(Object.keys(preview.states ?? {})).toEqual(["申請受付", "審査"]);
    expect(preview.actions?.[0]).toMatchObject({
      from: "申請受付",
      to: "審査",
    });
    const before = await client.record.getRecord({ app, id });
    expect(before.record.ステータス?.value).toBe("受付");

    await client.app.deployApp({ apps: [{ app }] });
    const after = await client.record.getRecord({ app, id });
    expect(after.record.ステータス?.value).toBe("申請受付");
    await client.record.updateRecordStatus({ app, id, action: "審査する" });
    expect(
      (await client.record.getRecord({ app, id })).record.ステータス?.value,
    ).toBe("審査");
    const fresh = await client.record.addRecord({ app, record: {} });
    expect(
      (await client.record.getRecord({ app, id: fresh.id })).record.ステータス
        ?.value,
    ).toBe("申請受付");
  });

  it("still refuses a new status whose name is not its key", async () => {
    const app = await makeApp(t, { fields: { title: text() }, status: flow });
    const e = await failure(
      client.app.updateProcessManagement({
        app,
        states: {
          受付: { name: "受付", index: "0", assignee: open },
          審査: { name: "審査", index: "1", assignee: open },
          完了: { name: "終了", index: "2", assignee: open },
        } as never,
      }),
    );
    expect(Object.keys(messagesOf(e))).toEqual(["states[完了].name"]);
  });
});

describe("comments", () => {
  let app: string;
  let id: string;
  beforeAll(async () => {
    app = await makeApp(t, { fields: { title: text() } });
    id = (await client.record.addRecord({ app, record: {} })).id;
  });

  it("posts comments with ids counting per record and reads them newest first", async () => {
    for (let i = 1; i <= 12; i++) {
      const res = await client.record.addRecordComment({
        app,
        record: id,
        comment: {
          text: `コメント${i}`,
          mentions: i === 1 ? [{ code: "reviewer", type: "USER" }] : [],
        },
      });
      expect(res).toEqual({ id: String(i) });
    }
    const latest = await client.record.getRecordComments({ app, record: id });
    expect(latest.comments).toHaveLength(10);
    expect(latest.comments[0]).toEqual({
      id: "12",
      text: "コメント12",
      createdAt: expect.stringMatching(/:00Z$/),
      creator: { code: "admin", name: "Administrator" },
      mentions: [],
    });
    expect(latest).toMatchObject({ older: true, newer: false });
    const oldest = await client.record.getRecordComments({
      app,
      record: id,
      order: "asc",
      offset: 0,
      limit: 2,
    });
    expect(oldest.comments.map((c) => c.id)).toEqual(["1", "2"]);
    expect(oldest.comments[0]?.mentions).toEqual([
      { code: "reviewer", type: "USER" },
    ]);
    expect(oldest).toMatchObject({ older: false, newer: true });
    const middle = await client.record.getRecordComments({
      app,
      record: id,
      offset: 5,
      limit: 3,
    });
    expect(middle.comments.map((c) => c.id)).toEqual(["7", "6", "5"]);
    expect(middle).toMatchObject({ older: true, newer: true });
  });

  it("deletes a comment; a missing one is 400 GAIA_RE02", async () => {
    const { id: cid } = await client.record.addRecordComment({
      app,
      record: id,
      comment: { text: "消す" },
    });
    await expect(
      client.record.deleteRecordComment({ app, record: id, comment: cid }),
    ).resolves.toEqual({});
    await expect(
      client.record.deleteRecordComment({ app, record: id, comment: cid }),
    ).rejects.toMatchObject({ status: 400, code: "GAIA_RE02" });
  });

  it("validates parameters: order, text, mentions, record", async () => {
    const order = await failure(
      client.record.getRecordComments({
        app,
        record: id,
        order: "up" as "asc",
      }),
    );
    expect(messagesOf(order)).toEqual({
      order: ["列挙値のいずれかを指定してください。"],
    });
    await expect(
      client.record.getRecordComments({ app, record: id, limit: 11 }),
    ).rejects.toMatchObject({ code: "CB_VA01" });
    const noText = await failure(
      client.record.addRecordComment({ app, record: id, comment: {} as never }),
    );
    expect(Object.keys(messagesOf(noText))).toEqual(["comment.text"]);
    const mentions = await failure(
      client.record.addRecordComment({
        app,
        record: id,
        comment: {
          text: "x",
          mentions: Array.from({ length: 11 }, (_, i) => ({
            code: `u${i}`,
            type: "USER" as const,
          })),
        },
      }),
    );
    expect(Object.keys(messagesOf(mentions))).toEqual(["comment.mentions"]);
    await expect(
      client.record.addRecordComment({
        app,
        record: 99999,
        comment: { text: "x" },
      }),
    ).rejects.toMatchObject({ status: 404, code: "GAIA_RE01" });
  });

  it("lets a view token comment as Administrator; only the poster may delete", async () => {
    const viewer = tokenClient(t, app, { view: true });
    const { id: cid } = await viewer.record.addRecordComment({
      app,
      record: id,
      comment: { text: "トークンから" },
    });
    const reviewer = t.clientWith({ username: "reviewer", password: "pw" });
    await expect(
      reviewer.record.deleteRecordComment({ app, record: id, comment: cid }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      viewer.record.deleteRecordComment({ app, record: id, comment: cid }),
    ).resolves.toEqual({});
  });
});

// https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/update-general-settings (enableComments)
describe("an app with comments turned off", () => {
  it("answers no comment API (403 CB_NO02) until comments are on again", async () => {
    const app = await makeApp(t, {
      fields: { title: text() },
      general: { enableComments: false },
    });
    const { id } = await client.record.addRecord({ app, record: {} });
    await expect(
      client.record.addRecordComment({
        app,
        record: id,
        comment: { text: "x" },
      }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await expect(
      client.record.getRecordComments({ app, record: id }),
    ).rejects.toMatchObject({ status: 403, code: "CB_NO02" });
    await client.app.updateAppSettings({ app, enableComments: true });
    await client.app.deployApp({ apps: [{ app }] });
    await expect(
      client.record.addRecordComment({
        app,
        record: id,
        comment: { text: "x" },
      }),
    ).resolves.toEqual({ id: "1" });
  });
});

describe("webhooks", () => {
  let receiver: Server;
  let url: string;
  const received: Json[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push(
          JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json,
        );
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) =>
      receiver.listen(0, "localhost", resolve),
    );
    url = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("fires for single-record APIs only, never for records.json", async () => {
    const app = await makeApp(t, {
      fields: { title: text() },
      status: certification,
    });
    const res = await fetch(`${t.sandbox.url}/k/v1/sandbox/webhook.json`, {
      method: "POST",
      headers: {
        "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        app,
        url,
        events: [
          "ADD_RECORD",
          "UPDATE_RECORD",
          "UPDATE_STATUS",
          "ADD_RECORD_COMMENT",
          "DELETE_RECORD",
        ],
      }),
    });
    expect(res.status).toBe(200);
    const { id } = await client.record.addRecord({
      app,
      record: { title: { value: "a" } },
    });
    await client.record.updateRecord({
      app,
      id,
      record: { title: { value: "b" } },
    });
    await client.record.updateRecordStatus({
      app,
      id,
      action: "審査へ",
      assignee: "reviewer",
    });
    await client.record.addRecordComment({
      app,
      record: id,
      comment: { text: "c" },
    });
    const many = await client.record.addRecords({ app, records: [{}, {}] });
    await client.record.updateRecords({
      app,
      records: [{ id: many.ids[0] as string, record: {} }],
    });
    await client.record.deleteRecords({ app, ids: many.ids });
    // A last single-record change marks the end: once it has arrived, anything the records.json
    // calls before it had queued would have been delivered too (deliveries start at commit).
    await client.record.updateRecord({
      app,
      id,
      record: { title: { value: "end" } },
    });
    const isEnd = (b: Json): boolean =>
      (b.record as { title?: { value?: string } } | undefined)?.title?.value ===
      "end";
    await waitFor(() => received.some(isEnd), 60_000, "the last webhook");
    await waitFor(() => received.length >= 5, 60_000, "five webhooks");
    // Deliveries run concurrently: compare without their order.
    expect(received.map((b) => b.type).sort()).toEqual([
      "ADD_RECORD",
      "ADD_RECORD_COMMENT",
      "UPDATE_RECORD",
      "UPDATE_RECORD",
      "UPDATE_STATUS",
    ]);
    const added = received.find((b) => b.type === "ADD_RECORD");
    expect(added?.record).toMatchObject({
      $id: { value: id },
      title: { value: "a" },
    });
  });
});
