/**
 * After a deploy, every live settings API answers what the preview held, in shapes the OpenAPI
 * description accepts (every response is checked by the test sandbox).
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { useTestSandbox } from "../../../test/support/sandbox.ts";

let client: KintoneRestAPIClient;
let app: string;

useTestSandbox({}, async (started) => {
  client = started.client;
  app = (await client.app.addApp({ name: "運用環境の設定" })).app;
  await client.app.addFormFields({
    app,
    properties: {
      memo: { type: "SINGLE_LINE_TEXT", code: "memo", label: "メモ" },
    },
  });
  await client.app.updateViews({
    app,
    views: { 一覧: { type: "LIST", index: 0, name: "一覧", fields: ["memo"] } },
  });
  await client.app.updatePerRecordNotifications({
    app,
    notifications: [
      {
        filterCond: 'memo = "至急"',
        title: "至急の申請",
        targets: [
          { entity: { type: "USER", code: "admin" }, includeSubs: false },
        ],
      },
    ],
  });
  await client.app.updateReminderNotifications({
    app,
    notifications: [],
    timezone: "Asia/Tokyo",
  });
  await client.app.updateAppActions({ app, actions: {} });
  await client.app.deployApp({ apps: [{ app }] });
});

describe("live settings after deploy", () => {
  it("answer the views, process management and ACLs that were deployed", async () => {
    const views = await client.app.getViews({ app });
    expect(Object.keys(views.views)).toEqual(["一覧"]);
    expect(views.views.一覧).toMatchObject({ type: "LIST", fields: ["memo"] });
    await expect(
      client.app.getProcessManagement({ app }),
    ).resolves.toMatchObject({
      enable: false,
    });
    const acl = await client.app.getAppAcl({ app });
    expect(acl.rights.length).toBeGreaterThan(0);
    await expect(client.app.getRecordAcl({ app })).resolves.toMatchObject({
      rights: [],
    });
    await expect(client.app.getFieldAcl({ app })).resolves.toMatchObject({
      rights: [],
    });
  });

  it("answer the notifications, reports and actions that were deployed", async () => {
    const perRecord = await client.app.getPerRecordNotifications({ app });
    expect(perRecord.notifications).toEqual([
      expect.objectContaining({
        filterCond: 'memo = "至急"',
        title: "至急の申請",
      }),
    ]);
    await expect(
      client.app.getReminderNotifications({ app }),
    ).resolves.toMatchObject({
      notifications: [],
      timezone: "Asia/Tokyo",
    });
    await expect(client.app.getReports({ app })).resolves.toMatchObject({
      reports: {},
    });
    await expect(client.app.getAppActions({ app })).resolves.toMatchObject({
      actions: {},
    });
  });

  it("deletes a removed field's data, so a field re-added under its code starts empty", async () => {
    const field = {
      note: { type: "SINGLE_LINE_TEXT" as const, code: "note", label: "備考" },
    };
    await client.app.addFormFields({ app, properties: field });
    await client.app.deployApp({ apps: [{ app }] });
    const { id } = await client.record.addRecord({
      app,
      record: { note: { value: "古い値" } },
    });
    await client.app.deleteFormFields({ app, fields: ["note"] });
    await client.app.deployApp({ apps: [{ app }] });
    await client.app.addFormFields({ app, properties: field });
    await client.app.deployApp({ apps: [{ app }] });
    const { record } = await client.record.getRecord({ app, id });
    expect(record.note?.value).toBe("");
    const found = await client.record.getRecords({
      app,
      query: 'note = "古い値"',
    });
    expect(found.records).toEqual([]);
  });
});
