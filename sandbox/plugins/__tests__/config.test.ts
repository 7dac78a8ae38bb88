import { strToU8, zipSync } from "fflate";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox(
  {
    users: [ADMIN_USER, { login: "staff", password: "staff", name: "Staff" }],
  },
  (started) => {
    t = started;
    client = t.client;
  },
);

const plugin = (name: string): Uint8Array =>
  zipSync({
    "manifest.json": strToU8(
      JSON.stringify({
        manifest_version: 1,
        version: 1,
        type: "APP",
        name: { en: name },
        icon: "icon.png",
      }),
    ),
    "icon.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  });

const install = async (name: string): Promise<string> => {
  const { fileKey } = await client.file.uploadFile({
    file: { name: "p.zip", data: Buffer.from(plugin(name)) },
  });
  return (await client.plugin.installPlugin({ fileKey })).id;
};

/** rest-api-client 6 has no method for these API Lab APIs: the same call by hand. */
const call = async (
  method: "GET" | "PUT",
  api: string,
  params: Record<string, unknown>,
  login = "admin:admin",
): Promise<{ status: number; body: Record<string, unknown> }> => {
  const query =
    method === "GET"
      ? `?${new URLSearchParams(params as Record<string, string>)}`
      : "";
  const res = await fetch(`${t.sandbox.url}/k/v1/${api}${query}`, {
    method,
    headers: {
      "X-Cybozu-Authorization": btoa(login),
      ...(method === "PUT" ? { "Content-Type": "application/json" } : {}),
    },
    ...(method === "PUT" ? { body: JSON.stringify(params) } : {}),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe("plugin settings of an app (API Lab)", () => {
  it("saves settings in the preview; the live settings follow at deploy", async () => {
    const id = await install("Config plug-in");
    const { app } = await client.app.addApp({ name: "設定のアプリ" });
    await client.app.addPlugins({ app, ids: [id] });
    await client.app.deployApp({ apps: [{ app }] });
    const empty = await call("GET", "app/plugin/config.json", { app, id });
    expect(empty).toEqual({
      status: 200,
      body: { config: {}, revision: expect.any(String) },
    });
    const put = await call("PUT", "preview/app/plugin/config.json", {
      app,
      id,
      config: { field: "件名", days: "30" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ revision: expect.stringMatching(/^\d+$/) });
    const preview = await call("GET", "preview/app/plugin/config.json", {
      app,
      id,
    });
    expect(preview.body.config).toEqual({ field: "件名", days: "30" });
    expect(preview.body.revision).toBe(put.body.revision);
    const live = await call("GET", "app/plugin/config.json", { app, id });
    expect(live.body.config).toEqual({});
    await client.app.deployApp({ apps: [{ app }] });
    const after = await call("GET", "app/plugin/config.json", { app, id });
    expect(after.body.config).toEqual({ field: "件名", days: "30" });
  });

  it("refuses a plugin not added to the app, values that are not strings, and users without management", async () => {
    const id = await install("Other plug-in");
    const { app } = await client.app.addApp({ name: "追加していないアプリ" });
    const notAdded = await call("PUT", "preview/app/plugin/config.json", {
      app,
      id,
      config: {},
    });
    expect(notAdded.status).toBe(400);
    expect(notAdded.body).toMatchObject({
      code: "CB_VA01",
      errors: {
        id: {
          messages: [
            `指定したプラグイン（id: ${id}）はアプリに追加されていません。`,
          ],
        },
      },
    });
    await client.app.addPlugins({ app, ids: [id] });
    const numbers = await call("PUT", "preview/app/plugin/config.json", {
      app,
      id,
      config: { days: 30 },
    });
    expect(numbers.status).toBe(400);
    expect(numbers.body).toMatchObject({
      code: "CB_VA01",
      errors: { "config.days": expect.anything() },
    });
    const missing = await call("PUT", "preview/app/plugin/config.json", {
      app,
      id,
    });
    expect(missing.body).toMatchObject({
      errors: { config: expect.anything() },
    });
    const staff = await call(
      "PUT",
      "preview/app/plugin/config.json",
      { app, id, config: {} },
      "staff:staff",
    );
    expect(staff).toMatchObject({ status: 403, body: { code: "CB_NO02" } });
  });
});
