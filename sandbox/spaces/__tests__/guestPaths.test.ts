/**
 * Apps in guest spaces and the paths that reach them (docs/kintone-behaviour.md §11):
 * a guest-space app answers only on `/k/guest/<its space>/v1/…` — on `/k/v1/…` 400 GAIA_IL23,
 * on another guest space's path (or a normal app on a guest path) 403 CB_NO02 — for the record
 * APIs, the settings APIs, comments, deploy and the sub-requests of bulkRequest; and a private
 * space's apps are for its members.
 *
 * kintone's pages: the common rules of the REST API (guest-space URLs)
 * https://cybozu.dev/ja/kintone/docs/rest-api/overview/kintone-rest-api-overview/ ;
 * creating an app in a guest space https://cybozu.dev/ja/kintone/docs/rest-api/apps/add-app/ ;
 * bulkRequest in a guest space https://cybozu.dev/ja/kintone/docs/rest-api/records/bulk-request ;
 * private spaces https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space/ .
 */
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let guestSpace: number;
let otherGuestSpace: number;
let guestThread: string;
/** A deployed app with a text field, in the guest space. */
let guestApp: string;
/** A deployed app in no space. */
let plainApp: string;

const clientOf = (
  guestSpaceId?: number,
  auth: { username: string; password: string } | { apiToken: string } = {
    username: "admin",
    password: "admin",
  },
): KintoneRestAPIClient =>
  new KintoneRestAPIClient({
    baseUrl: t.sandbox.url,
    auth,
    ...(guestSpaceId === undefined ? {} : { guestSpaceId }),
  });

const IL23 = { status: 400, code: "GAIA_IL23" };
const NO02 = { status: 403, code: "CB_NO02" };

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "sato", password: "sato", name: "Sato" },
      { login: "suzuki", password: "suzuki", name: "Suzuki" },
    ],
  },
  async (started) => {
    t = started;
    const members = [
      { entity: { type: "USER", code: "admin" }, isAdmin: true },
      { entity: { type: "USER", code: "sato" }, isAdmin: false },
    ];
    const g = t.sandbox.createSpace({
      name: "外部委託先",
      isGuest: true,
      members,
    });
    guestSpace = Number(g.id);
    guestThread = g.defaultThread;
    otherGuestSpace = Number(
      t.sandbox.createSpace({ name: "別のゲスト", isGuest: true }).id,
    );
    const guest = clientOf(guestSpace);
    ({ app: guestApp } = await guest.app.addApp({
      name: "ゲストのアプリ",
      space: guestSpace,
    }));
    await guest.app.addFormFields({
      app: guestApp,
      properties: {
        title: { type: "SINGLE_LINE_TEXT", code: "title", label: "件名" },
        attachment: { type: "FILE", code: "attachment", label: "添付" },
      },
    });
    await guest.app.deployApp({ apps: [{ app: guestApp }] });
    ({ app: plainApp } = await t.client.app.addApp({ name: "通常のアプリ" }));
    await t.client.app.deployApp({ apps: [{ app: plainApp }] });
  },
);

describe("creating an app in a guest space", () => {
  it("puts it in the space's thread when created through the guest path", async () => {
    const app = await clientOf(guestSpace).app.getApp({ id: guestApp });
    expect(app.spaceId).toBe(String(guestSpace));
    expect(app.threadId).toBe(guestThread);
  });

  it("is refused on the normal path (GAIA_IL23) and on another guest space's path", async () => {
    await expect(
      t.client.app.addApp({ name: "x", space: guestSpace }),
    ).rejects.toMatchObject(IL23);
    await expect(
      clientOf(otherGuestSpace).app.addApp({ name: "x", space: guestSpace }),
    ).rejects.toMatchObject(NO02);
    await expect(
      clientOf(guestSpace).app.addApp({ name: "space-less" }),
    ).rejects.toMatchObject(NO02);
  });
});

describe("record APIs", () => {
  it("answer on the app's guest path only", async () => {
    const guest = clientOf(guestSpace);
    const { id } = await guest.record.addRecord({
      app: guestApp,
      record: { title: { value: "ゲスト" } },
    });
    await expect(
      guest.record.getRecord({ app: guestApp, id }),
    ).resolves.toHaveProperty("record.title.value", "ゲスト");
    await expect(
      t.client.record.getRecord({ app: guestApp, id }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.record.getRecords({ app: guestApp }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.record.addRecord({ app: guestApp, record: {} }),
    ).rejects.toMatchObject(IL23);
    await expect(
      clientOf(otherGuestSpace).record.getRecords({ app: guestApp }),
    ).rejects.toMatchObject(NO02);
  });

  it("refuse a normal app on a guest path (CB_NO02)", async () => {
    await expect(
      clientOf(guestSpace).record.getRecords({ app: plainApp }),
    ).rejects.toMatchObject(NO02);
  });

  it("hold for comments", async () => {
    const guest = clientOf(guestSpace);
    const { id } = await guest.record.addRecord({ app: guestApp, record: {} });
    await guest.record.addRecordComment({
      app: guestApp,
      record: id,
      comment: { text: "確認しました" },
    });
    await expect(
      guest.record.getRecordComments({ app: guestApp, record: id }),
    ).resolves.toMatchObject({ comments: [{ text: "確認しました" }] });
    await expect(
      t.client.record.addRecordComment({
        app: guestApp,
        record: id,
        comment: { text: "x" },
      }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.record.getRecordComments({ app: guestApp, record: id }),
    ).rejects.toMatchObject(IL23);
  });

  it("hold for an API token of the app", async () => {
    const apiToken = t.sandbox.mintToken(
      Number(guestApp),
      { view: true },
      true,
    );
    await expect(
      clientOf(guestSpace, { apiToken }).record.getRecords({ app: guestApp }),
    ).resolves.toHaveProperty("records");
    await expect(
      clientOf(undefined, { apiToken }).record.getRecords({ app: guestApp }),
    ).rejects.toMatchObject(IL23);
  });
});

describe("file download", () => {
  // https://cybozu.dev/ja/kintone/docs/rest-api/files/download-file/ (guest-space URL)
  it("serves a guest app's record file on the app's guest path only", async () => {
    const guest = clientOf(guestSpace);
    const { fileKey: uploaded } = await guest.file.uploadFile({
      file: { name: "意見書.txt", data: "主治医意見書" },
    });
    const { id } = await guest.record.addRecord({
      app: guestApp,
      record: { attachment: { value: [{ fileKey: uploaded }] } },
    });
    const { record } = await guest.record.getRecord({ app: guestApp, id });
    const [file] = record.attachment?.value as Array<{ fileKey: string }>;
    const fileKey = file?.fileKey ?? "";
    const data = await guest.file.downloadFile({ fileKey });
    expect(Buffer.from(data).toString("utf8")).toBe("主治医意見書");
    // rest-api-client reads downloads as bytes (its errors carry no code): fetch reads them.
    const codeOf = async (prefix: string): Promise<unknown> => {
      const response = await fetch(
        `${t.sandbox.url}${prefix}/v1/file.json?fileKey=${fileKey}`,
        {
          headers: {
            "X-Cybozu-Authorization":
              Buffer.from("admin:admin").toString("base64"),
          },
        },
      );
      return {
        status: response.status,
        code: ((await response.json()) as { code?: string }).code,
      };
    };
    expect(await codeOf("/k")).toEqual(IL23);
    expect(await codeOf(`/k/guest/${otherGuestSpace}`)).toEqual(NO02);
  });
});

describe("settings APIs", () => {
  it("answer on the app's guest path only, reads and writes alike", async () => {
    const guest = clientOf(guestSpace);
    await expect(
      guest.app.getFormFields({ app: guestApp }),
    ).resolves.toHaveProperty("properties.title");
    await expect(
      t.client.app.getFormFields({ app: guestApp }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.app.getFormFields({ app: guestApp, preview: true }),
    ).rejects.toMatchObject(IL23);
    await expect(t.client.app.getApp({ id: guestApp })).rejects.toMatchObject(
      IL23,
    );
    await expect(
      t.client.app.getAppAcl({ app: guestApp }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.app.updateAppSettings({ app: guestApp, name: "改名" }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.app.deployApp({ apps: [{ app: guestApp }] }),
    ).rejects.toMatchObject(IL23);
    await expect(
      t.client.app.getDeployStatus({ apps: [guestApp] }),
    ).rejects.toMatchObject(IL23);
    await expect(
      clientOf(otherGuestSpace).app.getViews({ app: guestApp }),
    ).rejects.toMatchObject(NO02);
    await expect(
      guest.app.updateAppSettings({ app: guestApp, name: "ゲストのアプリ" }),
    ).resolves.toHaveProperty("revision");
    await expect(
      guest.app.getDeployStatus({ apps: [guestApp] }),
    ).resolves.toMatchObject({ apps: [{ app: guestApp }] });
  });
});

describe("bulkRequest", () => {
  it("runs a guest space's sub-requests, each on the space's guest path", async () => {
    // endpointName: the client writes `/k/guest/<space>/v1/record.json` for each sub-request.
    const { results } = await clientOf(guestSpace).bulkRequest({
      requests: [
        {
          method: "POST",
          endpointName: "record",
          payload: { app: guestApp, record: { title: { value: "一括" } } },
        },
      ],
    });
    expect(results[0]).toHaveProperty("id");
  });

  it("refuses a guest app's sub-request on the normal path (GAIA_IL23)", async () => {
    await expect(
      t.client.bulkRequest({
        requests: [
          {
            method: "POST",
            api: "/k/v1/record.json",
            payload: { app: guestApp, record: {} },
          },
        ],
      }),
    ).rejects.toMatchObject({ ...IL23, bulkRequestIndex: 0 });
  });

  it("refuses, inside a guest space's bulk request, a sub-request on another path (CB_NO02)", async () => {
    const response = await fetch(
      `${t.sandbox.url}/k/guest/${guestSpace}/v1/bulkRequest.json`,
      {
        method: "POST",
        headers: {
          "X-Cybozu-Authorization":
            Buffer.from("admin:admin").toString("base64"),
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          requests: [
            {
              method: "POST",
              api: `/k/guest/${guestSpace}/v1/record.json`,
              payload: { app: guestApp, record: {} },
            },
            {
              method: "POST",
              api: "/k/v1/record.json",
              payload: { app: guestApp, record: {} },
            },
          ],
        }),
      },
    );
    expect(response.status).toBe(403);
    const body = (await response.json()) as {
      results: Array<{ code?: string }>;
    };
    expect(body.results[0]).toEqual({});
    expect(body.results[1]?.code).toBe("CB_NO02");
  });
});

describe("a private space's apps", () => {
  it("are for its members: others get CB_NO02 whatever the app's permissions", async () => {
    const as = (login: string) =>
      clientOf(guestSpace, { username: login, password: login });
    await expect(
      as("sato").record.getRecords({ app: guestApp }),
    ).resolves.toHaveProperty("records");
    await expect(
      as("suzuki").record.getRecords({ app: guestApp }),
    ).rejects.toMatchObject(NO02);
    await expect(
      as("suzuki").app.getFormFields({ app: guestApp }),
    ).rejects.toMatchObject(NO02);
  });
});
