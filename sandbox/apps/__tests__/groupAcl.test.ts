/**
 * App-ACL entries of type GROUP (docs/kintone-behaviour.md §7.11): kintone applies the first
 * entry that names a user, a group being named for its members — "everyone" for every user,
 * "Administrators" for the administrators, and the groups a sandbox user lists in `groups`.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let app: string;
let id: string;
let member: KintoneRestAPIClient;
let outsider: KintoneRestAPIClient;

const flags = (on: boolean) => ({
  appEditable: false,
  recordViewable: on,
  recordAddable: false,
  recordEditable: false,
  recordDeletable: false,
  recordImportable: false,
  recordExportable: false,
});

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "sato", password: "sato", name: "Sato", groups: ["staff"] },
      { login: "kato", password: "kato", name: "Kato", groups: ["other"] },
    ],
  },
  async (started) => {
    t = started;
    const { client } = t;
    ({ app } = await client.app.addApp({ name: "グループ権限" }));
    await client.app.addFormFields({
      app,
      properties: {
        name: { type: "SINGLE_LINE_TEXT", code: "name", label: "氏名" },
      },
    });
    await client.app.updateAppAcl({
      app,
      rights: [
        { entity: { type: "GROUP", code: "Administrators" }, ...flags(true) },
        { entity: { type: "GROUP", code: "staff" }, ...flags(true) },
        { entity: { type: "GROUP", code: "everyone" }, ...flags(false) },
      ],
    });
    await client.app.deployApp({ apps: [{ app }] });
    ({ id } = await client.record.addRecord({
      app,
      record: { name: { value: "x" } },
    }));
    member = t.clientWith({ username: "sato", password: "sato" });
    outsider = t.clientWith({ username: "kato", password: "kato" });
  },
);

describe("a GROUP entry of the app ACL", () => {
  it("gives its rights to a member of the group, and only those", async () => {
    const { records } = await member.record.getRecords({ app });
    expect(records).toHaveLength(1);
    await expect(
      member.record.addRecord({ app, record: {} }),
    ).rejects.toMatchObject({ code: "CB_NO02" });
    const { rights } = await member.app.evaluateRecordsAcl({
      app,
      ids: [id],
    });
    expect(rights[0]?.record).toEqual({
      viewable: true,
      editable: false,
      deletable: false,
    });
  });

  it("does not name a user outside the group, whom the later everyone entry catches", async () => {
    await expect(outsider.record.getRecords({ app })).rejects.toMatchObject({
      code: "CB_NO02",
    });
  });
});
