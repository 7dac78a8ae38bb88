import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { RequestContext, Route } from "../../core/context.ts";
import { createKintoneServer, listen } from "../../core/http.ts";
import { errors } from "../../core/errors.ts";
import { requiredId } from "../../core/params.ts";
import { Store } from "../../core/store.ts";
import { allRoutes } from "../../index.ts";
import { getApp, putApp, requireApp } from "../../apps/model.ts";
import {
  pendingWebhooks,
  queueWebhook,
  webhookStats,
  type WebhookEvent,
} from "../webhooks.ts";

// A sandbox with two test-only routes that queue an event the way record handlers do: one
// commits, the other fails after queueing (its transaction rolls back).
const queueRoute = (fail: boolean): Route => ({
  method: "POST",
  api: fail ? "test/fail.json" : "test/event.json",
  token: null,
  handler: (ctx: RequestContext) => {
    const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "live");
    for (const event of ctx.params.events as WebhookEvent[]) {
      queueWebhook(ctx, app, event);
    }
    if (fail) {
      throw errors.noPrivilege();
    }
    return {};
  },
});

const users = [
  { login: "admin", password: "admin", name: "Administrator", admin: true },
  { login: "staff", password: "staff", name: "Staff" },
];

let store: Store;
let server: Server;
let base: string;
let client: KintoneRestAPIClient;
let clock = new Date("2026-04-01T09:30:15.250Z");

interface Received {
  path: string;
  body: Record<string, unknown>;
}
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let receiverStatus = 200;

beforeAll(async () => {
  store = new Store(":memory:");
  server = createKintoneServer({
    routes: [...allRoutes, queueRoute(false), queueRoute(true)],
    store,
    users,
    now: () => clock,
  });
  base = await listen(server, 0);
  client = new KintoneRestAPIClient({
    baseUrl: base,
    auth: { username: "admin", password: "admin" },
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<
          string,
          unknown
        >,
      });
      res.writeHead(receiverStatus).end();
    });
  });
  await new Promise<void>((resolve) =>
    receiver.listen(0, "localhost", () => resolve()),
  );
  receiverUrl = `http://localhost:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await pendingWebhooks();
  server.closeAllConnections();
  receiver.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => receiver.close(r));
  store.close();
});

let minute = 0;
beforeEach(() => {
  received = [];
  receiverStatus = 200;
  // A fresh minute for every test, so the 60-per-minute limit never carries over.
  minute += 2;
  clock = new Date(Date.parse("2026-04-01T09:30:15.250Z") + minute * 60_000);
});

const call = async (
  method: string,
  api: string,
  params: Record<string, unknown>,
  login = "admin",
) => {
  const res = await fetch(`${base}/k/v1/${api}`, {
    method,
    headers: {
      "X-Cybozu-Authorization": Buffer.from(`${login}:${login}`).toString(
        "base64",
      ),
      "Content-Type": "application/json",
    },
    ...(method === "GET" ? {} : { body: JSON.stringify(params) }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, any>,
  };
};

/** A deployed app named `name`, whose first text field is 氏名. */
const newApp = async (name = "認定申請") => {
  const { app } = await client.app.addApp({ name });
  await client.app.deployApp({ apps: [{ app }] });
  const id = Number(app);
  store.transaction(() => {
    const doc = structuredClone(getApp(store, id));
    if (!doc?.live) {
      throw new Error("no app");
    }
    doc.live.properties.氏名 = {
      type: "SINGLE_LINE_TEXT",
      code: "氏名",
      label: "氏名",
    };
    doc.live.layout = [
      { type: "ROW", fields: [{ type: "SINGLE_LINE_TEXT", code: "氏名" }] },
    ];
    putApp(store, doc);
  });
  return app;
};

const addHook = async (
  app: string,
  events: string[],
  extra: Record<string, unknown> = {},
) => {
  const res = await call("POST", "sandbox/webhook.json", {
    app,
    url: `${receiverUrl}/hook/${app}`,
    events,
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.body.id as string;
};

const record = (id: string, name: string) => ({
  $id: { type: "__ID__", value: id },
  $revision: { type: "__REVISION__", value: "1" },
  レコード番号: { type: "RECORD_NUMBER", value: id },
  氏名: { type: "SINGLE_LINE_TEXT", value: name },
});

const fire = async (app: string, events: WebhookEvent[], fail = false) => {
  const res = await call("POST", fail ? "test/fail.json" : "test/event.json", {
    app,
    events,
  });
  await pendingWebhooks();
  return res;
};

describe("webhook settings (sandbox-only API)", () => {
  it("adds, lists and deletes an app's webhooks", async () => {
    const app = await newApp();
    const id = await addHook(app, ["ADD_RECORD", "DELETE_RECORD"]);
    expect(id).toMatch(/^\d+$/);
    const listed = await call("GET", `sandbox/webhook.json?app=${app}`, {});
    expect(listed.body).toEqual({
      webhooks: [
        {
          id,
          app,
          url: `${receiverUrl}/hook/${app}`,
          events: ["ADD_RECORD", "DELETE_RECORD"],
          active: true,
        },
      ],
    });
    expect((await call("DELETE", "sandbox/webhook.json", { id })).body).toEqual(
      {},
    );
    const after = await call("GET", `sandbox/webhook.json?app=${app}`, {});
    expect(after.body).toEqual({ webhooks: [] });
  });

  it("refuses users who are not administrators", async () => {
    const app = await newApp();
    const res = await call(
      "POST",
      "sandbox/webhook.json",
      { app, url: receiverUrl, events: ["ADD_RECORD"] },
      "staff",
    );
    expect(res).toMatchObject({ status: 403, body: { code: "CB_NO02" } });
  });

  it("refuses API tokens", async () => {
    const app = await newApp();
    const { mintToken } = await import("../../apps/tokens.ts");
    const token = mintToken(store, Number(app), { manage: true }, true);
    const res = await fetch(`${base}/k/v1/sandbox/webhook.json?app=${app}`, {
      headers: { "X-Cybozu-API-Token": token },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "GAIA_NO01" });
  });

  it("refuses a URL that is not http or https", async () => {
    const app = await newApp();
    const res = await call("POST", "sandbox/webhook.json", {
      app,
      url: "ftp://example.invalid/",
      events: ["ADD_RECORD"],
    });
    expect(res).toMatchObject({
      status: 400,
      body: { code: "CB_VA01", errors: { url: expect.anything() } },
    });
  });

  it("refuses event names kintone does not send", async () => {
    const app = await newApp();
    const res = await call("POST", "sandbox/webhook.json", {
      app,
      url: receiverUrl,
      events: ["ADD_RECORD", "EDIT_RECORD"],
    });
    expect(res).toMatchObject({
      status: 400,
      body: { code: "CB_VA01", errors: { "events[1]": expect.anything() } },
    });
  });

  it("refuses a webhook for an app that does not exist", async () => {
    const res = await call("POST", "sandbox/webhook.json", {
      app: 9999,
      url: receiverUrl,
      events: ["ADD_RECORD"],
    });
    expect(res).toMatchObject({ status: 404, body: { code: "GAIA_AP01" } });
  });

  it("allows at most 10 webhooks per app", async () => {
    const app = await newApp();
    for (let i = 0; i < 10; i++) {
      await addHook(app, ["ADD_RECORD"]);
    }
    const res = await call("POST", "sandbox/webhook.json", {
      app,
      url: receiverUrl,
      events: ["ADD_RECORD"],
    });
    expect(res).toMatchObject({ status: 400, body: { code: "CB_VA01" } });
  });
});

describe("webhook payloads", () => {
  it("sends ADD_RECORD with the record, its title and its link", async () => {
    const app = await newApp("認定申請");
    await addHook(app, ["ADD_RECORD"]);
    await fire(app, [{ type: "ADD_RECORD", record: record("7", "介護 花子") }]);
    expect(received).toEqual([
      {
        path: `/hook/${app}`,
        body: {
          id: expect.stringMatching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          ),
          type: "ADD_RECORD",
          app: { id: app, name: "認定申請" },
          record: record("7", "介護 花子"),
          recordTitle: "介護 花子",
          url: `http://localhost/k/${app}/show#record=7`,
        },
      },
    ]);
  });

  it("sends UPDATE_RECORD and UPDATE_STATUS in the same shape", async () => {
    const app = await newApp();
    await addHook(app, ["UPDATE_RECORD", "UPDATE_STATUS"]);
    await fire(app, [
      { type: "UPDATE_RECORD", record: record("3", "更新") },
      { type: "UPDATE_STATUS", record: record("3", "更新") },
    ]);
    expect(received.map((r) => r.body.type)).toEqual([
      "UPDATE_RECORD",
      "UPDATE_STATUS",
    ]);
    expect(received[1]?.body).toMatchObject({
      record: record("3", "更新"),
      recordTitle: "更新",
      url: `http://localhost/k/${app}/show#record=3`,
    });
  });

  it("sends DELETE_RECORD with who deleted it and when", async () => {
    const app = await newApp();
    await addHook(app, ["DELETE_RECORD"]);
    await fire(app, [{ type: "DELETE_RECORD", recordId: "12" }]);
    expect(received[0]?.body).toEqual({
      id: expect.any(String),
      type: "DELETE_RECORD",
      app: { id: app, name: "認定申請" },
      recordId: "12",
      deletedBy: { code: "admin", name: "Administrator" },
      deletedAt: clock.toISOString().slice(0, 19) + "Z",
    });
  });

  it("sends ADD_RECORD_COMMENT with the comment and its link", async () => {
    const app = await newApp();
    await addHook(app, ["ADD_RECORD_COMMENT"]);
    const comment = {
      id: "4",
      text: "確認しました",
      createdAt: "2026-04-01T09:30:00Z",
      creator: { code: "admin", name: "Administrator" },
      mentions: [],
    };
    await fire(app, [{ type: "ADD_RECORD_COMMENT", recordId: "5", comment }]);
    expect(received[0]?.body).toEqual({
      id: expect.any(String),
      type: "ADD_RECORD_COMMENT",
      app: { id: app, name: "認定申請" },
      recordId: "5",
      comment,
      url: `http://localhost/k/${app}/show#record=5&comment=4`,
    });
  });

  it("uses the app's chosen title field", async () => {
    const app = await newApp();
    store.transaction(() => {
      const doc = structuredClone(getApp(store, Number(app)));
      if (doc?.live) {
        doc.live.general.titleField = {
          selectionMode: "MANUAL",
          code: "レコード番号",
        };
        putApp(store, doc);
      }
    });
    await addHook(app, ["ADD_RECORD"]);
    await fire(app, [{ type: "ADD_RECORD", record: record("9", "名前") }]);
    expect(received[0]?.body.recordTitle).toBe("9");
  });
});

describe("webhook delivery", () => {
  it("sends only to active webhooks listening to the event", async () => {
    const app = await newApp();
    await addHook(app, ["DELETE_RECORD"]);
    await addHook(app, ["ADD_RECORD"], { active: false });
    await fire(app, [{ type: "ADD_RECORD", record: record("1", "a") }]);
    expect(received).toEqual([]);
  });

  it("sends nothing when the request fails and its transaction rolls back", async () => {
    const app = await newApp();
    await addHook(app, ["ADD_RECORD"]);
    const res = await fire(
      app,
      [{ type: "ADD_RECORD", record: record("1", "a") }],
      true,
    );
    expect(res.status).toBe(403);
    expect(received).toEqual([]);
  });

  it("keeps answering the request when the receiver is down or fails", async () => {
    const app = await newApp();
    await call("POST", "sandbox/webhook.json", {
      app,
      url: "http://localhost:1/unreachable",
      events: ["ADD_RECORD"],
    });
    await addHook(app, ["ADD_RECORD"]);
    receiverStatus = 500;
    const before = webhookStats(store);
    const res = await fire(app, [
      { type: "ADD_RECORD", record: record("1", "a") },
    ]);
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(webhookStats(store).failed).toBe(before.failed + 2);
  });

  it("sends at most 60 notifications a minute and drops the rest", async () => {
    const app = await newApp();
    await addHook(app, ["ADD_RECORD"]);
    const before = webhookStats(store);
    const events = Array.from({ length: 65 }, (_, i) => ({
      type: "ADD_RECORD" as const,
      record: record(String(i + 1), `n${i}`),
    }));
    await fire(app, events);
    expect(received).toHaveLength(60);
    expect(webhookStats(store).dropped).toBe(before.dropped + 5);
    clock = new Date(clock.getTime() + 61_000);
    await fire(app, events.slice(0, 1));
    expect(received).toHaveLength(61);
  });
});

describe("webhooks from the record APIs", () => {
  const appWithField = async () => {
    const { app } = await client.app.addApp({ name: "受付" });
    await client.app.addFormFields({
      app,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
      },
    });
    await client.app.deployApp({ apps: [{ app }] });
    return app;
  };

  it("sends ADD_RECORD when a record is added with record.json", async () => {
    const app = await appWithField();
    await addHook(app, ["ADD_RECORD"]);
    const { id } = await client.record.addRecord({
      app,
      record: { 氏名: { value: "認定 太郎" } },
    });
    await pendingWebhooks();
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toMatchObject({
      type: "ADD_RECORD",
      app: { id: app, name: "受付" },
      record: {
        $id: { type: "__ID__", value: id },
        氏名: { type: "SINGLE_LINE_TEXT", value: "認定 太郎" },
      },
      recordTitle: "認定 太郎",
      url: `http://localhost/k/${app}/show#record=${id}`,
    });
  });

  it("sends nothing for the multi-record API records.json", async () => {
    const app = await appWithField();
    await addHook(app, ["ADD_RECORD"]);
    await client.record.addRecords({
      app,
      records: [{ 氏名: { value: "a" } }, { 氏名: { value: "b" } }],
    });
    await pendingWebhooks();
    expect(received).toEqual([]);
  });

  it("sends ADD_RECORD_COMMENT when a comment is posted", async () => {
    const app = await appWithField();
    await addHook(app, ["ADD_RECORD_COMMENT"]);
    const { id } = await client.record.addRecord({
      app,
      record: { 氏名: { value: "x" } },
    });
    const comment = await client.record.addRecordComment({
      app,
      record: id,
      comment: { text: "受け付けました" },
    });
    await pendingWebhooks();
    expect(received[0]?.body).toMatchObject({
      type: "ADD_RECORD_COMMENT",
      recordId: id,
      comment: { id: comment.id, text: "受け付けました" },
      url: `http://localhost/k/${app}/show#record=${id}&comment=${comment.id}`,
    });
  });
});
