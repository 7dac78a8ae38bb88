import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox({}, (started) => {
  t = started;
  client = t.client;
});

/** An app with a few fields: text, a text area, a group and a table. */
const appWithFields = async (): Promise<string> => {
  const { app } = await client.app.addApp({ name: "レイアウト" });
  await client.app.addFormFields({
    app,
    properties: {
      氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
      備考: { type: "MULTI_LINE_TEXT", code: "備考", label: "備考" },
      申請日: { type: "DATE", code: "申請日", label: "申請日" },
      詳細: { type: "GROUP", code: "詳細", label: "詳細" },
      履歴: {
        type: "SUBTABLE",
        code: "履歴",
        fields: {
          日付: { type: "DATE", code: "日付", label: "日付" },
          内容: { type: "SINGLE_LINE_TEXT", code: "内容", label: "内容" },
        },
      },
    },
  });
  return app;
};

describe("form layout", () => {
  it("stores a layout with sizes as strings and reads it back", async () => {
    const app = await appWithFields();
    const layout = [
      {
        type: "ROW" as const,
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "氏名", size: { width: 200 } },
          { type: "LABEL", label: "<b>注意</b>", size: { width: "150" } },
          { type: "SPACER", elementId: "sp1", size: { width: 50, height: 30 } },
          { type: "HR", size: { width: "300" } },
        ],
      },
      {
        type: "GROUP" as const,
        code: "詳細",
        layout: [
          {
            type: "ROW" as const,
            fields: [
              {
                type: "MULTI_LINE_TEXT",
                code: "備考",
                size: { width: 400, innerHeight: 90 },
              },
              { type: "DATE", code: "申請日", size: { width: "120" } },
            ],
          },
        ],
      },
      {
        type: "SUBTABLE" as const,
        code: "履歴",
        fields: [
          { type: "DATE", code: "日付", size: { width: 110 } },
          { type: "SINGLE_LINE_TEXT", code: "内容", size: { width: 300 } },
        ],
      },
    ];
    await client.app.updateFormLayout({ app, layout });
    const got = await client.app.getFormLayout({ app, preview: true });
    expect(got.layout).toEqual([
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "氏名", size: { width: "200" } },
          { type: "LABEL", label: "<b>注意</b>", size: { width: "150" } },
          {
            type: "SPACER",
            elementId: "sp1",
            size: { width: "50", height: "30" },
          },
          { type: "HR", size: { width: "300" } },
        ],
      },
      {
        type: "GROUP",
        code: "詳細",
        layout: [
          {
            type: "ROW",
            fields: [
              {
                type: "MULTI_LINE_TEXT",
                code: "備考",
                size: { width: "400", innerHeight: "90" },
              },
              { type: "DATE", code: "申請日", size: { width: "120" } },
            ],
          },
        ],
      },
      {
        type: "SUBTABLE",
        code: "履歴",
        fields: [
          { type: "DATE", code: "日付", size: { width: "110" } },
          { type: "SINGLE_LINE_TEXT", code: "内容", size: { width: "300" } },
        ],
      },
    ]);
    await expect(client.app.getFormLayout({ app })).rejects.toMatchObject({
      code: "GAIA_AP01",
    });
    await client.app.deployApp({ apps: [{ app }] });
    const live = await client.app.getFormLayout({ app });
    expect(live.layout).toEqual(got.layout);
  });

  it("lists fields the layout does not place after its rows", async () => {
    const app = await appWithFields();
    await client.app.updateFormLayout({
      app,
      layout: [
        {
          type: "ROW",
          fields: [{ type: "DATE", code: "申請日", size: { width: "120" } }],
        },
        {
          type: "SUBTABLE",
          code: "履歴",
          fields: [{ type: "DATE", code: "日付", size: { width: "110" } }],
        },
      ],
    });
    const { layout } = await client.app.getFormLayout({ app, preview: true });
    expect(layout).toEqual([
      {
        type: "ROW",
        fields: [{ type: "DATE", code: "申請日", size: { width: "120" } }],
      },
      {
        type: "SUBTABLE",
        code: "履歴",
        fields: [
          { type: "DATE", code: "日付", size: { width: "110" } },
          { type: "SINGLE_LINE_TEXT", code: "内容", size: { width: "193" } },
        ],
      },
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "氏名", size: { width: "193" } },
        ],
      },
      {
        type: "ROW",
        fields: [
          {
            type: "MULTI_LINE_TEXT",
            code: "備考",
            size: { width: "315", innerHeight: "125" },
          },
        ],
      },
      { type: "GROUP", code: "詳細", layout: [] },
    ]);
  });

  it("refuses unknown fields with GAIA_FC01 and wrong element types with CB_VA01", async () => {
    const app = await appWithFields();
    await expect(
      client.app.updateFormLayout({
        app,
        layout: [{ type: "ROW", fields: [{ type: "DATE", code: "ない" }] }],
      }),
    ).rejects.toMatchObject({ code: "GAIA_FC01", status: 400 });
    await expect(
      client.app.updateFormLayout({
        app,
        layout: [{ type: "ROW", fields: [{ type: "NUMBER", code: "氏名" }] }],
      }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { "layout[0].fields[0].type": expect.anything() },
    });
    await expect(
      client.app.updateFormLayout({
        app,
        layout: [{ type: "ROW", fields: [{ type: "DATE", code: "日付" }] }],
      }),
    ).rejects.toMatchObject({ code: "GAIA_FC01" });
  });

  it("checks the revision of a layout update", async () => {
    const app = await appWithFields();
    await expect(
      client.app.updateFormLayout({ app, layout: [], revision: 1 }),
    ).rejects.toMatchObject({ code: "GAIA_CO03", status: 409 });
    await expect(
      client.app.updateFormLayout({ app, layout: [], revision: 2 }),
    ).resolves.toEqual({ revision: "3" });
  });
});

describe("views", () => {
  it("replaces the set of views and keeps each view's id by name", async () => {
    const app = await appWithFields();
    const first = await client.app.updateViews({
      app,
      views: {
        一覧: {
          type: "LIST",
          index: 0,
          name: "一覧",
          fields: ["レコード番号", "氏名", "申請日"],
          filterCond: '氏名 like "山"',
          sort: "申請日 desc",
        },
        予定: { type: "CALENDAR", index: 1 },
      },
    });
    expect(first.revision).toBe("3");
    const ids = Object.fromEntries(
      Object.entries(first.views).map(([name, v]) => [name, v.id]),
    );
    expect(Object.keys(ids).sort()).toEqual(["一覧", "予定"].sort());
    const second = await client.app.updateViews({
      app,
      views: {
        一覧: { type: "LIST", index: 1, fields: ["氏名"] },
        カスタム: { type: "CUSTOM", index: 0, html: "<div id='x'></div>" },
      },
    });
    expect(second.views.一覧?.id).toBe(ids.一覧);
    expect(second.views.カスタム?.id).not.toBe(ids.予定);
    const { views } = await client.app.getViews({ app, preview: true });
    expect(Object.keys(views)).toEqual(["カスタム", "一覧"]);
    expect(views.一覧).toEqual({
      type: "LIST",
      name: "一覧",
      id: ids.一覧,
      index: "1",
      filterCond: "",
      sort: "",
      fields: ["氏名"],
    });
    expect(views.カスタム).toMatchObject({
      type: "CUSTOM",
      html: "<div id='x'></div>",
      pager: true,
      device: "DESKTOP",
      index: "0",
    });
  });

  it("gives a calendar view the created-datetime and record-number fields by default", async () => {
    const app = await appWithFields();
    await client.app.updateViews({
      app,
      views: { 予定: { type: "CALENDAR", index: 0 } },
    });
    const { views } = await client.app.getViews({ app, preview: true });
    expect(views.予定).toMatchObject({
      type: "CALENDAR",
      date: "作成日時",
      title: "レコード番号",
      filterCond: "",
      sort: "",
    });
  });

  it("refuses a filter the query language rejects, with its error", async () => {
    const app = await appWithFields();
    await expect(
      client.app.updateViews({
        app,
        views: { x: { type: "LIST", index: 0, filterCond: "ない = 1" } },
      }),
    ).rejects.toMatchObject({ code: "GAIA_IQ11", status: 400 });
    await expect(
      client.app.updateViews({
        app,
        views: { x: { type: "LIST", index: 0, filterCond: "氏名 = = 1" } },
      }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { query: expect.anything() },
    });
  });

  it("refuses views without type or index, with names other than their key, or unknown columns", async () => {
    const app = await appWithFields();
    await expect(
      client.app.updateViews({
        app,
        views: {
          a: { index: 0 } as never,
          b: { type: "LIST" } as never,
          c: { type: "LIST", index: 0, name: "別名" },
          d: { type: "LIST", index: 0, fields: ["ない"] },
          e: { type: "TABLE" as "LIST", index: 0 },
        },
      }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: {
        "views[a].type": expect.anything(),
        "views[b].index": expect.anything(),
        "views[c].name": expect.anything(),
        "views[d].fields[0]": expect.anything(),
        "views[e].type": expect.anything(),
      },
    });
  });

  it('adds the built-in "assigned to me" view while process management is on', async () => {
    const app = await appWithFields();
    await client.app.updateProcessManagement({ app, enable: true });
    const on = await client.app.getViews({ app, preview: true });
    const builtin = Object.values(on.views).find(
      (v) => v.builtinType === "ASSIGNEE",
    );
    expect(builtin).toMatchObject({ type: "LIST", builtinType: "ASSIGNEE" });
    await client.app.updateViews({
      app,
      views: { 一覧: { type: "LIST", index: 0, fields: ["氏名"] } },
    });
    const kept = await client.app.getViews({ app, preview: true });
    expect(Object.values(kept.views).map((v) => v.builtinType)).toContain(
      "ASSIGNEE",
    );
    await client.app.updateProcessManagement({ app, enable: false });
    const off = await client.app.getViews({ app, preview: true });
    expect(Object.keys(off.views)).toEqual(["一覧"]);
  });
});
