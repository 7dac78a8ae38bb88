import {
  KintoneRestAPIClient,
  KintoneRestAPIError,
} from "@kintone/rest-api-client";
import type { Sandbox } from "../index.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../test/support/sandbox.ts";

let t: TestSandbox;
let sandbox: Sandbox;
let client: KintoneRestAPIClient;

useTestSandbox({}, (started) => {
  t = started;
  sandbox = t.sandbox;
  client = t.client;
});

describe("apps", () => {
  it("creates an app that live APIs see only after deploy", async () => {
    const { app, revision } = await client.app.addApp({ name: "認定進捗" });
    expect(revision).toBe("1");
    await expect(client.app.getApp({ id: app })).rejects.toMatchObject({
      code: "GAIA_AP01",
      status: 404,
    });
    await client.app.deployApp({ apps: [{ app }] });
    const { apps } = await client.app.getDeployStatus({ apps: [app] });
    expect(apps).toEqual([{ app, status: "SUCCESS" }]);
    await expect(client.app.getApp({ id: app })).resolves.toMatchObject({
      appId: app,
      name: "認定進捗",
    });
    const listed = await client.app.getApps({ ids: [app] });
    expect(listed.apps.map((a) => a.appId)).toEqual([app]);
  });

  it("refuses a wrong password and a missing login with kintone's codes", async () => {
    const wrong = new KintoneRestAPIClient({
      baseUrl: sandbox.url,
      auth: { username: "admin", password: "nope" },
    });
    const error = await wrong.app.getApps({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KintoneRestAPIError);
    expect(error).toMatchObject({ code: "CB_WA01", status: 401 });
    const res = await fetch(`${sandbox.url}/k/v1/apps.json`);
    expect(res.status).toBe(401);
    expect(res.headers.get("x-concurrencylimit-limit")).toBe("100");
    expect(await res.json()).toMatchObject({
      code: "CB_AU01",
      message: "ログインしてください。",
    });
    const en = await fetch(`${sandbox.url}/k/v1/apps.json`, {
      headers: { "Accept-Language": "en-US,en;q=0.9,ja;q=0.8" },
    });
    expect(await en.json()).toMatchObject({
      code: "CB_AU01",
      message: "Please login.",
    });
  });

  it("lets an API token read only its own app, and refuses tokens where kintone does", async () => {
    const { app } = await client.app.addApp({ name: "token app" });
    await client.app.deployApp({ apps: [{ app }] });
    const token = sandbox.mintToken(Number(app), { view: true }, true);
    const byToken = new KintoneRestAPIClient({
      baseUrl: sandbox.url,
      auth: { apiToken: token },
    });
    await expect(byToken.app.getApp({ id: app })).resolves.toMatchObject({
      appId: app,
    });
    await expect(byToken.app.getApps({})).rejects.toMatchObject({
      code: "GAIA_NO01",
      status: 403,
    });
    await expect(byToken.app.getApp({ id: 999 })).rejects.toMatchObject({
      code: "GAIA_IA02",
    });
  });
});

describe("files", () => {
  it("serves only stored keys, not upload keys", async () => {
    const { fileKey } = await client.file.uploadFile({
      file: { name: "note.txt", data: "こんにちは" },
    });
    expect(fileKey).toMatch(/^[0-9a-f-]{36}$/);
    // rest-api-client reads downloads as bytes, so its error carries the status but no code.
    await expect(client.file.downloadFile({ fileKey })).rejects.toMatchObject({
      status: 404,
    });
    const res = await fetch(
      `${sandbox.url}/k/v1/file.json?fileKey=${fileKey}`,
      {
        headers: {
          "X-Cybozu-Authorization":
            Buffer.from("admin:admin").toString("base64"),
        },
      },
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "GAIA_BL01" });
  });
});
