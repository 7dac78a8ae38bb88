import {
  KintoneRestAPIError,
  type KintoneRestAPIClient,
} from "@kintone/rest-api-client";
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

const newApp = async (name = "フィールド確認"): Promise<string> =>
  (await client.app.addApp({ name })).app;

const deploy = async (app: string): Promise<void> => {
  await client.app.deployApp({ apps: [{ app }] });
};

/** The error a call rejects with (fails the test when it resolves). */
const failure = async (p: Promise<unknown>): Promise<KintoneRestAPIError> => {
  const e = await p.then(
    () => new Error("expected the call to fail"),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KintoneRestAPIError);
  return e as KintoneRestAPIError;
};

const options = (...names: string[]) =>
  Object.fromEntries(names.map((n, i) => [n, { label: n, index: String(i) }]));

/** kintone also takes numbers and booleans as numbers and strings ("Integer or String"). */
const loose = <T>(value: unknown): T => value as T;

describe("form fields", () => {
  it("adds fields of every common type and reports them in full shape with kintone's defaults", async () => {
    const app = await newApp();
    const { revision } = await client.app.addFormFields({
      app,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
        年齢: {
          type: "NUMBER",
          code: "年齢",
          label: "年齢",
          maxValue: loose<string>(150),
        },
        計算: {
          type: "CALC",
          code: "計算",
          label: "計算",
          expression: "年齢*2",
        },
        備考: { type: "MULTI_LINE_TEXT", code: "備考", label: "備考" },
        本文: { type: "RICH_TEXT", code: "本文", label: "本文" },
        連絡先: { type: "LINK", code: "連絡先", label: "連絡先" },
        区分: {
          type: "CHECK_BOX",
          code: "区分",
          label: "区分",
          options: options("A", "B"),
        },
        性別: {
          type: "RADIO_BUTTON",
          code: "性別",
          label: "性別",
          options: options("男", "女"),
        },
        要介護度: {
          type: "DROP_DOWN",
          code: "要介護度",
          label: "要介護度",
          options: options("要支援1", "要介護1"),
        },
        サービス: {
          type: "MULTI_SELECT",
          code: "サービス",
          label: "サービス",
          options: options("訪問", "通所"),
        },
        添付: { type: "FILE", code: "添付", label: "添付" },
        申請日: { type: "DATE", code: "申請日", label: "申請日" },
        時刻: { type: "TIME", code: "時刻", label: "時刻" },
        受付日時: { type: "DATETIME", code: "受付日時", label: "受付日時" },
        担当者: { type: "USER_SELECT", code: "担当者", label: "担当者" },
        部署: {
          type: "ORGANIZATION_SELECT",
          code: "部署",
          label: "部署",
        },
        グループ: { type: "GROUP_SELECT", code: "グループ", label: "グループ" },
        詳細: { type: "GROUP", code: "詳細", label: "詳細" },
        履歴: {
          type: "SUBTABLE",
          code: "履歴",
          fields: {
            履歴日: { type: "DATE", code: "履歴日", label: "日付" },
            内容: { type: "SINGLE_LINE_TEXT", code: "内容", label: "内容" },
          },
        },
      },
    });
    expect(revision).toBe("2");
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.氏名).toEqual({
      type: "SINGLE_LINE_TEXT",
      code: "氏名",
      label: "氏名",
      noLabel: false,
      required: false,
      defaultValue: "",
      unique: false,
      minLength: "",
      maxLength: "",
      expression: "",
      hideExpression: false,
    });
    expect(properties.年齢).toMatchObject({
      maxValue: "150",
      minValue: "",
      digit: false,
      displayScale: "",
      unit: "",
      unitPosition: "BEFORE",
    });
    expect(properties.計算).toMatchObject({
      format: "NUMBER",
      expression: "年齢*2",
    });
    expect(properties.連絡先).toMatchObject({ protocol: "WEB", unique: false });
    expect(properties.区分).toMatchObject({
      defaultValue: [],
      align: "HORIZONTAL",
      options: { A: { label: "A", index: "0" }, B: { label: "B", index: "1" } },
    });
    expect(properties.性別).toMatchObject({
      required: true,
      defaultValue: "男",
    });
    expect(properties.要介護度).toMatchObject({ defaultValue: "" });
    expect(properties.添付).toMatchObject({ thumbnailSize: "150" });
    expect(properties.申請日).toMatchObject({
      defaultValue: "",
      defaultNowValue: false,
      unique: false,
    });
    expect(properties.担当者).toMatchObject({ entities: [], defaultValue: [] });
    expect(properties.詳細).toEqual({
      type: "GROUP",
      code: "詳細",
      label: "詳細",
      noLabel: false,
      openGroup: false,
    });
    expect(properties.履歴).toMatchObject({
      type: "SUBTABLE",
      code: "履歴",
      noLabel: false,
      fields: {
        履歴日: {
          type: "DATE",
          code: "履歴日",
          label: "日付",
          required: false,
        },
        内容: { type: "SINGLE_LINE_TEXT", code: "内容" },
      },
    });
    expect(properties.レコード番号).toEqual({
      type: "RECORD_NUMBER",
      code: "レコード番号",
      label: "レコード番号",
      noLabel: false,
    });
    expect(properties.ステータス).toMatchObject({
      type: "STATUS",
      enabled: false,
    });
  });

  it("shows added fields in preview at once and in live only after deploy", async () => {
    const app = await newApp();
    await expect(client.app.getFormFields({ app })).rejects.toMatchObject({
      code: "GAIA_AP01",
      status: 404,
    });
    await client.app.addFormFields({
      app,
      properties: {
        件名: { type: "SINGLE_LINE_TEXT", code: "件名", label: "件名" },
      },
    });
    await deploy(app);
    await client.app.addFormFields({
      app,
      properties: {
        追記: { type: "MULTI_LINE_TEXT", code: "追記", label: "追記" },
      },
    });
    const live = await client.app.getFormFields({ app });
    const preview = await client.app.getFormFields({ app, preview: true });
    expect(Object.keys(live.properties)).toContain("件名");
    expect(Object.keys(live.properties)).not.toContain("追記");
    expect(Object.keys(preview.properties)).toContain("追記");
    expect(preview.revision).toBe("3");
  });

  it("updates only the settings given, and renames a field everywhere it is placed", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        番号: {
          type: "NUMBER",
          code: "番号",
          label: "番号",
          unit: "円",
          unitPosition: "AFTER",
        },
      },
    });
    await client.app.updateFormLayout({
      app,
      layout: [
        {
          type: "ROW",
          fields: [{ type: "NUMBER", code: "番号", size: { width: 120 } }],
        },
      ],
    });
    await client.app.updateFormFields({
      app,
      properties: {
        番号: {
          type: "NUMBER",
          code: "金額",
          label: "金額",
          required: loose<boolean>("true"),
        },
      },
    });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.番号).toBeUndefined();
    expect(properties.金額).toMatchObject({
      code: "金額",
      label: "金額",
      required: true,
      unit: "円",
      unitPosition: "AFTER",
    });
    const { layout } = await client.app.getFormLayout({ app, preview: true });
    expect(layout).toEqual([
      {
        type: "ROW",
        fields: [{ type: "NUMBER", code: "金額", size: { width: "120" } }],
      },
    ]);
  });

  it("updates and deletes fields of each type in preview while live keeps the deployed ones", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        計算: { type: "CALC", code: "計算", label: "計算", expression: "1" },
        連絡先: { type: "LINK", code: "連絡先", label: "連絡先" },
        性別: {
          type: "RADIO_BUTTON",
          code: "性別",
          label: "性別",
          options: options("男", "女"),
        },
        区分: {
          type: "CHECK_BOX",
          code: "区分",
          label: "区分",
          options: options("A", "B"),
        },
        担当者: { type: "USER_SELECT", code: "担当者", label: "担当者" },
        時刻: { type: "TIME", code: "時刻", label: "時刻" },
        表: {
          type: "SUBTABLE",
          code: "表",
          fields: { 行: { type: "NUMBER", code: "行", label: "行" } },
        },
      },
    });
    await deploy(app);
    await client.app.updateFormFields({
      app,
      properties: {
        計算: { type: "CALC", format: "HOUR_MINUTE" },
        連絡先: { type: "LINK", protocol: "MAIL" },
        性別: { type: "RADIO_BUTTON", options: options("女", "その他") },
        区分: { type: "CHECK_BOX", defaultValue: ["B"], align: "VERTICAL" },
        担当者: {
          type: "USER_SELECT",
          entities: [{ code: "sato", type: "USER" }],
          defaultValue: [{ code: "LOGINUSER()", type: "FUNCTION" }],
        },
        表: {
          type: "SUBTABLE",
          fields: {
            摘要: { type: "SINGLE_LINE_TEXT", code: "摘要", label: "摘要" },
          },
        },
      },
    });
    await client.app.deleteFormFields({ app, fields: ["時刻"] });
    const preview = (await client.app.getFormFields({ app, preview: true }))
      .properties;
    expect(preview.計算).toMatchObject({
      format: "HOUR_MINUTE",
      expression: "1",
    });
    expect(preview.連絡先).toMatchObject({ protocol: "MAIL" });
    expect(preview.性別).toMatchObject({
      defaultValue: "女",
      options: { 女: { index: "0" }, その他: { index: "1" } },
    });
    expect(preview.区分).toMatchObject({
      defaultValue: ["B"],
      align: "VERTICAL",
    });
    expect(preview.担当者).toMatchObject({
      entities: [{ code: "sato", type: "USER" }],
      defaultValue: [{ code: "LOGINUSER()", type: "FUNCTION" }],
    });
    expect(preview.時刻).toBeUndefined();
    expect(
      Object.keys(preview.表?.type === "SUBTABLE" ? preview.表.fields : {}),
    ).toEqual(["行", "摘要"]);
    const live = (await client.app.getFormFields({ app })).properties;
    expect(live.計算).toMatchObject({ format: "NUMBER" });
    expect(live.時刻).toMatchObject({ type: "TIME" });
    await deploy(app);
    expect((await client.app.getFormFields({ app })).properties).toEqual(
      preview,
    );
  });

  it("refuses defaults that are not among the options and table fields that clash", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        表: {
          type: "SUBTABLE",
          code: "表",
          fields: { 行: { type: "NUMBER", code: "行", label: "行" } },
        },
      },
    });
    const e = await failure(
      client.app.addFormFields({
        app,
        properties: {
          d: {
            type: "DROP_DOWN",
            code: "d",
            label: "d",
            options: options("x"),
            defaultValue: "y",
          },
          表2: {
            type: "SUBTABLE",
            code: "表2",
            fields: {
              行: { type: "NUMBER", code: "行", label: "行" },
              g: { type: loose<"DATE">("GROUP"), code: "g", label: "g" },
            },
          },
        },
      }),
    );
    expect(Object.keys(e.errors ?? {}).sort()).toEqual(
      [
        "properties[d].defaultValue",
        "properties[表2].fields[行].code",
        "properties[表2].fields[g].type",
      ].sort(),
    );
  });

  it("deletes fields, also from the layout", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        a: { type: "SINGLE_LINE_TEXT", code: "a", label: "a" },
        b: { type: "SINGLE_LINE_TEXT", code: "b", label: "b" },
        表: {
          type: "SUBTABLE",
          code: "表",
          fields: {
            c: { type: "NUMBER", code: "c", label: "c" },
            d: { type: "NUMBER", code: "d", label: "d" },
          },
        },
      },
    });
    await client.app.updateFormLayout({
      app,
      layout: [
        {
          type: "ROW",
          fields: [
            { type: "SINGLE_LINE_TEXT", code: "a", size: { width: "100" } },
            { type: "SINGLE_LINE_TEXT", code: "b", size: { width: "100" } },
          ],
        },
        {
          type: "SUBTABLE",
          code: "表",
          fields: [
            { type: "NUMBER", code: "c", size: { width: "80" } },
            { type: "NUMBER", code: "d", size: { width: "80" } },
          ],
        },
      ],
    });
    await client.app.deleteFormFields({ app, fields: ["a", "d"] });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.a).toBeUndefined();
    expect(
      Object.keys(
        properties.表?.type === "SUBTABLE" ? properties.表.fields : {},
      ),
    ).toEqual(["c"]);
    const { layout } = await client.app.getFormLayout({ app, preview: true });
    expect(layout).toEqual([
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "b", size: { width: "100" } },
        ],
      },
      {
        type: "SUBTABLE",
        code: "表",
        fields: [{ type: "NUMBER", code: "c", size: { width: "80" } }],
      },
    ]);
  });

  it("refuses field codes that break kintone's rules, keyed by property", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        既存: { type: "SINGLE_LINE_TEXT", code: "既存", label: "既存" },
        表: {
          type: "SUBTABLE",
          code: "表",
          fields: { 内側: { type: "NUMBER", code: "内側", label: "内側" } },
        },
      },
    });
    const e = await failure(
      client.app.addFormFields({
        app,
        properties: {
          "a-b": { type: "SINGLE_LINE_TEXT", code: "a-b", label: "x" },
          "1st": { type: "SINGLE_LINE_TEXT", code: "1st", label: "x" },
          ["長".repeat(129)]: {
            type: "SINGLE_LINE_TEXT",
            code: "長".repeat(129),
            label: "x",
          },
          既存: { type: "NUMBER", code: "既存", label: "x" },
          内側: { type: "NUMBER", code: "内側", label: "x" },
          ok_名前: { type: "SINGLE_LINE_TEXT", code: "ok_名前", label: "x" },
        },
      }),
    );
    expect(e).toMatchObject({ code: "CB_VA01", status: 400 });
    expect(Object.keys(e.errors ?? {}).sort()).toEqual(
      [
        "properties[a-b].code",
        "properties[1st].code",
        `properties[${"長".repeat(129)}].code`,
        "properties[既存].code",
        "properties[内側].code",
      ].sort(),
    );
  });

  it("requires code to equal the property key", async () => {
    const app = await newApp();
    const e = await failure(
      client.app.addFormFields({
        app,
        properties: {
          鍵: { type: "SINGLE_LINE_TEXT", code: "別", label: "x" },
        },
      }),
    );
    expect(e.errors).toHaveProperty(["properties[鍵].code"]);
  });

  it("refuses unknown types and values outside an enum", async () => {
    const app = await newApp();
    const e = await failure(
      client.app.addFormFields({
        app,
        properties: {
          x: { type: "HOLOGRAM" as "SINGLE_LINE_TEXT", code: "x", label: "x" },
          c: {
            type: "CALC",
            code: "c",
            label: "c",
            format: "PERCENT" as "NUMBER",
          },
          l: { type: "LINK", code: "l", label: "l", protocol: "FTP" as "WEB" },
          n: { type: "NUMBER", code: "n", label: "n", maxValue: "many" },
        },
      }),
    );
    expect(e.code).toBe("CB_VA01");
    expect(Object.keys(e.errors ?? {}).sort()).toEqual(
      [
        "properties[x].type",
        "properties[c].format",
        "properties[l].protocol",
        "properties[n].maxValue",
      ].sort(),
    );
  });

  it("keeps unique only on the types that have it", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: {
        l: { type: "LINK", code: "l", label: "l", unique: true },
        d: {
          type: "DROP_DOWN",
          code: "d",
          label: "d",
          unique: true,
          options: options("x"),
        } as never,
      },
    });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.l).toMatchObject({ unique: true });
    expect(properties.d).not.toHaveProperty("unique");
  });

  it("refuses to add or delete system fields but lets their code and label change", async () => {
    const app = await newApp();
    const added = await failure(
      client.app.addFormFields({
        app,
        properties: {
          作成者2: { type: "CREATOR", code: "作成者2", label: "x" },
        },
      }),
    );
    expect(added.errors).toHaveProperty(["properties[作成者2].type"]);
    const deleted = await failure(
      client.app.deleteFormFields({ app, fields: ["作成者"] }),
    );
    expect(deleted).toMatchObject({ code: "CB_VA01" });
    expect(deleted.errors).toHaveProperty(["fields[0]"]);
    await client.app.updateFormFields({
      app,
      properties: {
        レコード番号: {
          type: "RECORD_NUMBER",
          code: "受付番号",
          label: "受付番号",
        },
      },
    });
    const fixed = await failure(
      client.app.updateFormFields({
        app,
        properties: {
          ステータス: { type: "STATUS", code: "状態", label: "状態" },
        },
      }),
    );
    expect(fixed.errors).toHaveProperty(["properties[ステータス].code"]);
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.受付番号).toEqual({
      type: "RECORD_NUMBER",
      code: "受付番号",
      label: "受付番号",
      noLabel: false,
    });
  });

  it("refuses to change a field's type", async () => {
    const app = await newApp();
    await client.app.addFormFields({
      app,
      properties: { x: { type: "SINGLE_LINE_TEXT", code: "x", label: "x" } },
    });
    const e = await failure(
      client.app.updateFormFields({
        app,
        properties: { x: { type: "NUMBER", code: "x", label: "x" } },
      }),
    );
    expect(e.errors).toHaveProperty(["properties[x].type"]);
  });

  it("answers GAIA_FC01 for unknown codes and CB_VA01 for more than 100 at once", async () => {
    const app = await newApp();
    await expect(
      client.app.deleteFormFields({ app, fields: ["ない"] }),
    ).rejects.toMatchObject({ code: "GAIA_FC01", status: 400 });
    await expect(
      client.app.updateFormFields({
        app,
        properties: { ない: { type: "NUMBER", label: "x" } },
      }),
    ).rejects.toMatchObject({ code: "GAIA_FC01" });
    const many = Array.from({ length: 101 }, (_, i) => `f${i}`);
    const e = await failure(client.app.deleteFormFields({ app, fields: many }));
    expect(e.code).toBe("CB_VA01");
    expect(e.errors).toHaveProperty(["fields"]);
  });

  it("sets up a lookup against a deployed app's unique key and refuses other keys", async () => {
    const source = await newApp("参照元");
    await client.app.addFormFields({
      app: source,
      properties: {
        被保険者番号: {
          type: "SINGLE_LINE_TEXT",
          code: "被保険者番号",
          label: "被保険者番号",
          unique: true,
        },
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
      },
    });
    const app = await newApp("参照先");
    await client.app.addFormFields({
      app,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
      },
    });
    const lookup = (key: string) => ({
      番号: {
        type: "SINGLE_LINE_TEXT" as const,
        code: "番号",
        label: "番号",
        lookup: {
          relatedApp: { app: source },
          relatedKeyField: key,
          fieldMappings: [{ field: "氏名", relatedField: "氏名" }],
          lookupPickerFields: ["氏名"],
        },
      },
    });
    const undeployed = await failure(
      client.app.addFormFields({ app, properties: lookup("被保険者番号") }),
    );
    expect(undeployed.errors).toHaveProperty([
      "properties[番号].lookup.relatedApp.app",
    ]);
    await deploy(source);
    const notUnique = await failure(
      client.app.addFormFields({ app, properties: lookup("氏名") }),
    );
    expect(notUnique.errors).toHaveProperty([
      "properties[番号].lookup.relatedKeyField",
    ]);
    await client.app.addFormFields({ app, properties: lookup("被保険者番号") });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.番号).toEqual({
      type: "SINGLE_LINE_TEXT",
      code: "番号",
      label: "番号",
      noLabel: false,
      required: false,
      lookup: {
        relatedApp: { app: source, code: "" },
        relatedKeyField: "被保険者番号",
        fieldMappings: [{ field: "氏名", relatedField: "氏名" }],
        lookupPickerFields: ["氏名"],
        filterCond: "",
        sort: "",
      },
    });
  });

  it("adds a related-records field pointing at a deployed app", async () => {
    const source = await newApp("関連元");
    await client.app.addFormFields({
      app: source,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
      },
    });
    await deploy(source);
    const app = await newApp("関連先");
    await client.app.addFormFields({
      app,
      properties: {
        氏名: { type: "SINGLE_LINE_TEXT", code: "氏名", label: "氏名" },
        関連: {
          type: "REFERENCE_TABLE",
          code: "関連",
          label: "関連",
          referenceTable: {
            relatedApp: { app: source },
            condition: { field: "氏名", relatedField: "氏名" },
            displayFields: ["氏名"],
            size: loose<"5">(10),
          },
        },
      },
    });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.関連).toEqual({
      type: "REFERENCE_TABLE",
      code: "関連",
      label: "関連",
      noLabel: false,
      referenceTable: {
        relatedApp: { app: source, code: "" },
        condition: { field: "氏名", relatedField: "氏名" },
        filterCond: "",
        displayFields: ["氏名"],
        sort: "",
        size: "10",
      },
    });
  });

  it("checks the revision: stale answers 409 GAIA_CO03, -1 and the current one pass", async () => {
    const app = await newApp();
    const field = (code: string) => ({
      [code]: { type: "SINGLE_LINE_TEXT" as const, code, label: code },
    });
    const { revision } = await client.app.addFormFields({
      app,
      properties: field("a"),
    });
    await expect(
      client.app.addFormFields({ app, properties: field("b"), revision: 1 }),
    ).rejects.toMatchObject({ code: "GAIA_CO03", status: 409 });
    await client.app.addFormFields({ app, properties: field("b"), revision });
    const last = await client.app.addFormFields({
      app,
      properties: field("c"),
      revision: -1,
    });
    expect(last.revision).toBe(String(Number(revision) + 2));
  });

  it("reports STATUS and STATUS_ASSIGNEE as enabled while process management is on", async () => {
    const app = await newApp();
    await client.app.updateProcessManagement({ app, enable: true });
    const { properties } = await client.app.getFormFields({
      app,
      preview: true,
    });
    expect(properties.ステータス).toMatchObject({ enabled: true });
    expect(properties.作業者).toMatchObject({ enabled: true });
    expect(properties.カテゴリー).toMatchObject({ enabled: false });
  });

  it("lets view tokens read live fields and manage tokens change preview ones", async () => {
    const app = await newApp();
    await deploy(app);
    const viewer = t.clientWith({
      apiToken: t.sandbox.mintToken(Number(app), { view: true }, true),
    });
    const manager = t.clientWith({
      apiToken: t.sandbox.mintToken(Number(app), { manage: true }, true),
    });
    await expect(viewer.app.getFormFields({ app })).resolves.toHaveProperty(
      "properties",
    );
    await expect(
      viewer.app.getFormFields({ app, preview: true }),
    ).rejects.toMatchObject({ code: "GAIA_NO01", status: 403 });
    await expect(
      viewer.app.addFormFields({
        app,
        properties: { x: { type: "NUMBER", code: "x", label: "x" } },
      }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
    await expect(
      manager.app.addFormFields({
        app,
        properties: { x: { type: "NUMBER", code: "x", label: "x" } },
      }),
    ).resolves.toHaveProperty("revision");
  });
});
