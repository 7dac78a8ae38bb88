/**
 * The staff pages' server in real Chromium, with the real page client: the login form keeps
 * the desktop record URL's hash, the shell runs the client, then a plugin's script with its
 * `kintone.$PLUGIN_ID`, then the app's customization, in that order, and the REST API answers
 * the page's own calls through the session.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { useChromium } from "./support/browser.ts";
import { uploadFile } from "./support/kintonePlugin.ts";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "./support/sandbox.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "clerk", password: "clerk", name: "認定係 職員" },
    ],
  },
  async (started) => {
    t = started;
    client = t.client;
  },
);
const browser = useChromium();

/** Each script appends what it saw to window.__order. */
const record = (what: string): string =>
  `(window.__order = window.__order || []).push(${what});`;

const plugin = (): Uint8Array =>
  zipSync({
    "manifest.json": strToU8(
      JSON.stringify({
        manifest_version: 1,
        version: 1,
        type: "APP",
        name: { ja: "順番の確認", en: "Order check" },
        icon: "icon.png",
        desktop: { js: ["desktop.js"] },
      }),
    ),
    "icon.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    "desktop.js": strToU8(
      record('"plugin " + kintone.$PLUGIN_ID + " " + typeof kintone.events.on'),
    ),
  });

const upload = (name: string, data: Uint8Array | string): Promise<string> =>
  uploadFile(client, name, data);

it("logs in through the form to the record it was going to, and runs the client, the plugin and the customization in order", async () => {
  const { app } = await client.app.addApp({ name: "画面の確認" });
  await client.app.addFormFields({
    app,
    properties: {
      title: { type: "SINGLE_LINE_TEXT", code: "title", label: "件名" },
    },
  });
  const { id: pluginId } = await client.plugin.installPlugin({
    fileKey: await upload("order.zip", plugin()),
  });
  await client.app.addPlugins({ app, ids: [pluginId] });
  await client.app.updateAppCustomize({
    app,
    scope: "ALL",
    desktop: {
      js: [
        {
          type: "FILE",
          file: {
            fileKey: await upload(
              "app.js",
              record('"app " + typeof kintone.events.on'),
            ),
          },
        },
      ],
    },
  });
  await client.app.deployApp({ apps: [{ app }] });
  const { id } = await client.record.addRecord({
    app,
    record: { title: { value: "ブラウザで開く" } },
  });

  const context = await browser().newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${t.sandbox.url}/k/${app}/show#record=${id}`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("ログイン名").fill("clerk");
    await page.getByLabel("パスワード").fill("clerk");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(`${t.sandbox.url}/k/${app}/show#record=${id}`);
    const order = await page.evaluate(
      () => (window as unknown as { __order?: unknown[] }).__order,
    );
    expect(order).toEqual([`plugin ${pluginId} function`, "app function"]);
    const fromPage = await page.evaluate(async (appId) => {
      const k = (
        window as unknown as {
          kintone: {
            api: (
              path: string,
              method: string,
              body: object,
            ) => Promise<unknown>;
          };
        }
      ).kintone;
      const added = (await k.api("/k/v1/record.json", "POST", {
        app: appId,
        record: { title: { value: "画面から追加" } },
      })) as { id: string };
      return added.id;
    }, app);
    const { record: made } = await client.record.getRecord({
      app,
      id: fromPage,
    });
    expect(made.作成者?.value).toMatchObject({ code: "clerk" });
  } finally {
    await context.close();
  }
});

it("runs the browser build of @kintone/rest-api-client, created with no options, in a page as its user", async () => {
  const { app } = await client.app.addApp({ name: "公式クライアント" });
  await client.app.addFormFields({
    app,
    properties: {
      title: { type: "SINGLE_LINE_TEXT", code: "title", label: "件名" },
    },
  });
  // The client's own browser build (umd), as a city would load it, then a file using it.
  const umd = readFileSync(
    join(
      process.cwd(),
      "node_modules/@kintone/rest-api-client/umd/KintoneRestAPIClient.min.js",
    ),
  );
  const usesIt = `kintone.events.on("app.record.detail.show", async (event) => {
  const c = new KintoneRestAPIClient();
  const got = await c.record.getRecord({ app: kintone.app.getId(), id: event.recordId });
  const added = await c.record.addRecord({
    app: kintone.app.getId(),
    record: { title: { value: "公式クライアントから " + got.record.title.value } },
  });
  window.__official = added.id;
  return event;
});`;
  await client.app.updateAppCustomize({
    app,
    scope: "ALL",
    desktop: {
      js: [
        {
          type: "FILE",
          file: { fileKey: await upload("KintoneRestAPIClient.min.js", umd) },
        },
        { type: "FILE", file: { fileKey: await upload("uses.js", usesIt) } },
      ],
    },
  });
  await client.app.deployApp({ apps: [{ app }] });
  const { id } = await client.record.addRecord({
    app,
    record: { title: { value: "元" } },
  });
  const context = await browser().newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${t.sandbox.url}/login`);
    await page.getByLabel("ログイン名").fill("clerk");
    await page.getByLabel("パスワード").fill("clerk");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(/\/k\/#\/portal$/);
    await page.goto(`${t.sandbox.url}/k/${app}/show#record=${id}`);
    const handle = await page.waitForFunction(
      () => (window as unknown as { __official?: string }).__official,
      undefined,
      { timeout: 60_000 },
    );
    const addedId = String(await handle.jsonValue());
    const { record: made } = await client.record.getRecord({
      app,
      id: addedId,
    });
    expect(made.title?.value).toBe("公式クライアントから 元");
    expect(made.作成者?.value).toMatchObject({ code: "clerk" });
  } finally {
    await context.close();
  }
});
