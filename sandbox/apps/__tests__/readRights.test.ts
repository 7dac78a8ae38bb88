/**
 * Who may read an app's settings, by kintone's documentation of each GET ("必要なアクセス権"):
 * - Get Form Fields, Get Form Layout, Get Views, Get General Settings (live): record view,
 *   record add or app management — https://cybozu.dev/ja/kintone/docs/rest-api/apps/form/get-form-fields/
 *   and the pages beside it; the pre-live (preview) reads: app management.
 * - Get App / Record / Field Permissions: app management —
 *   https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/get-app-permissions/
 * - Get Record Permissions of the User (records/acl/evaluate.json): password or session
 *   authentication only — https://cybozu.dev/ja/kintone/docs/rest-api/records/evaluate-record-permissions/
 * A token lacking the right gets GAIA_NO01, a user CB_NO02 (docs/kintone-behaviour.md §2.2).
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let app: string;
/** Clients by API token, one per right, and the user with only 「レコード追加」. */
let addOnly: KintoneRestAPIClient;
let viewOnly: KintoneRestAPIClient;
let manageOnly: KintoneRestAPIClient;
let adder: KintoneRestAPIClient;

useTestSandbox(
  {
    users: [ADMIN_USER, { login: "sato", password: "sato", name: "Sato" }],
  },
  async (started) => {
    t = started;
    const { client } = t;
    ({ app } = await client.app.addApp({ name: "権限確認" }));
    await client.app.addFormFields({
      app,
      properties: {
        name: { type: "SINGLE_LINE_TEXT", code: "name", label: "氏名" },
      },
    });
    await client.app.updateAppAcl({
      app,
      rights: [
        {
          entity: { type: "USER", code: "sato" },
          recordAddable: true,
        },
      ],
    });
    // The local kintone deploys at once (sandbox/README.md).
    await client.app.deployApp({ apps: [{ app }] });
    const token = (rights: Record<string, boolean>) =>
      t.clientWith({
        apiToken: t.sandbox.mintToken(Number(app), rights, true),
      });
    addOnly = token({ add: true });
    viewOnly = token({ view: true });
    manageOnly = token({ manage: true });
    adder = t.clientWith({ username: "sato", password: "sato" });
  },
);

const refusedBy = (code: "GAIA_NO01" | "CB_NO02") => ({
  code,
  status: 403,
});

describe("reading the live form and settings", () => {
  it("is allowed to a token with only 「レコード追加」, as the official CLI's import needs", async () => {
    const { properties } = await addOnly.app.getFormFields({ app });
    expect(properties).toHaveProperty("name");
    await expect(addOnly.app.getFormLayout({ app })).resolves.toHaveProperty(
      "layout",
    );
    await expect(addOnly.app.getViews({ app })).resolves.toHaveProperty(
      "views",
    );
    await expect(addOnly.app.getAppSettings({ app })).resolves.toMatchObject({
      name: "権限確認",
    });
  });

  it("is allowed to a user with only 「レコード追加」 on the app", async () => {
    const { properties } = await adder.app.getFormFields({ app });
    expect(properties).toHaveProperty("name");
  });

  it("refuses the pre-live settings to a token without 「アプリ管理」", async () => {
    await expect(
      addOnly.app.getFormFields({ app, preview: true }),
    ).rejects.toMatchObject(refusedBy("GAIA_NO01"));
    await expect(
      viewOnly.app.getFormFields({ app, preview: true }),
    ).rejects.toMatchObject(refusedBy("GAIA_NO01"));
    await expect(
      manageOnly.app.getFormFields({ app, preview: true }),
    ).resolves.toHaveProperty("properties");
  });
});

describe("reading the permission settings", () => {
  it("needs 「アプリ管理」 from a token: view or add alone is refused", async () => {
    for (const c of [addOnly, viewOnly]) {
      await expect(c.app.getAppAcl({ app })).rejects.toMatchObject(
        refusedBy("GAIA_NO01"),
      );
      await expect(c.app.getRecordAcl({ app })).rejects.toMatchObject(
        refusedBy("GAIA_NO01"),
      );
      await expect(c.app.getFieldAcl({ app })).rejects.toMatchObject(
        refusedBy("GAIA_NO01"),
      );
    }
    await expect(manageOnly.app.getAppAcl({ app })).resolves.toHaveProperty(
      "rights",
    );
  });

  it("needs 「アプリ管理」 from a user", async () => {
    await expect(adder.app.getAppAcl({ app })).rejects.toMatchObject(
      refusedBy("CB_NO02"),
    );
  });
});

describe("records/acl/evaluate.json", () => {
  it("refuses API tokens, whatever their rights, and answers a password user", async () => {
    const { id } = await t.client.record.addRecord({
      app,
      record: { name: { value: "テスト" } },
    });
    for (const c of [viewOnly, manageOnly]) {
      await expect(
        c.app.evaluateRecordsAcl({ app, ids: [id] }),
      ).rejects.toMatchObject(refusedBy("GAIA_NO01"));
    }
    const { rights } = await t.client.app.evaluateRecordsAcl({
      app,
      ids: [id],
    });
    expect(rights).toHaveLength(1);
  });
});
