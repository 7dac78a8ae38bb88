/**
 * The page client (sandbox/web/client) in real Chromium against the real sandbox: a
 * customization's submit handler cancels a save with event.error and makes the page wait for
 * its promise, a change handler fills another field, the saved record opens on its detail page
 * where detail.show runs, and the mobile list shows the record as a card a phone can tap.
 */
import { type Page } from "playwright-core";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { useChromium } from "./support/browser.ts";
import { useTestSandbox, type TestSandbox } from "./support/sandbox.ts";
import { waitFor } from "./support/waitFor.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox({}, async (started) => {
  t = started;
  client = t.client;
});
const browser = useChromium();

const CUSTOMIZATION = `
kintone.events.on("app.record.create.submit", (event) => {
  if (event.record.title.value === "") {
    event.error = "件名を入力してください。";
  }
  return new kintone.Promise((resolve) => setTimeout(() => resolve(event), 50));
});
kintone.events.on("app.record.create.change.kind", (event) => {
  event.record.title.value = "区分: " + event.record.kind.value;
  return event;
});
kintone.events.on("app.record.detail.show", (event) => {
  kintone.app.record.getHeaderMenuSpaceElement().textContent = "詳細 " + event.recordId;
  return event;
});
`;

const setUpApp = async (): Promise<string> => {
  const { app } = await client.app.addApp({ name: "画面の動作" });
  await client.app.addFormFields({
    app,
    properties: {
      title: { type: "SINGLE_LINE_TEXT", code: "title", label: "件名" },
      kind: {
        type: "DROP_DOWN",
        code: "kind",
        label: "区分",
        options: {
          新規: { label: "新規", index: "0" },
          更新: { label: "更新", index: "1" },
        },
      },
    },
  });
  const { fileKey } = await client.file.uploadFile({
    file: { name: "app.js", data: CUSTOMIZATION },
  });
  await client.app.updateAppCustomize({
    app,
    scope: "ALL",
    desktop: { js: [{ type: "FILE", file: { fileKey } }] },
  });
  await client.app.deployApp({ apps: [{ app }] });
  return app;
};

const logIn = async (page: Page, url: string): Promise<void> => {
  await page.goto(url);
  await page.getByLabel("ログイン名").fill("admin");
  await page.getByLabel("パスワード").fill("admin");
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(url);
};

it("runs a customization's submit and change handlers on the create page, then opens the saved record", async () => {
  const app = await setUpApp();
  const context = await browser().newContext();
  try {
    const page = await context.newPage();
    await logIn(page, `${t.sandbox.url}/k/${app}/edit`);
    const save = page.getByRole("button", { name: "保存" }).first();
    await save.click();
    await waitFor(
      async () =>
        (await page.locator(".sb-alert").textContent()) ===
        "件名を入力してください。",
    );
    expect((await client.record.getRecords({ app })).records).toHaveLength(0);

    await page.getByLabel("区分").selectOption("更新");
    await waitFor(
      async () => (await page.getByLabel("件名").inputValue()) === "区分: 更新",
    );
    await save.click();
    await page.waitForURL(/\/show#record=\d+$/u);
    const id = new URL(page.url()).hash.replace("#record=", "");
    await waitFor(
      async () =>
        (await page.locator(".sb-header-menu").first().textContent()) ===
        `詳細 ${id}`,
    );
    const { record } = await client.record.getRecord({ app, id });
    expect(record.title?.value).toBe("区分: 更新");
    expect(record.kind?.value).toBe("更新");
  } finally {
    await context.close();
  }
});

it("lists records on a phone as cards with a touch-size link to each", async () => {
  const app = await setUpApp();
  const { id } = await client.record.addRecord({
    app,
    record: { title: { value: "スマホで見る" } },
  });
  const context = await browser().newContext({
    viewport: { width: 390, height: 844 },
  });
  try {
    const page = await context.newPage();
    await logIn(page, `${t.sandbox.url}/k/m/${app}/`);
    const link = page.getByRole("link", { name: `レコード ${id} の詳細` });
    const box = await link.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect(box?.width).toBeGreaterThanOrEqual(44);
    await waitFor(async () =>
      (await page.locator(".sb-cards td").allTextContents()).includes(
        "スマホで見る",
      ),
    );
    const width = await page.evaluate(
      () => document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    await link.click();
    await page.waitForURL(`${t.sandbox.url}/k/m/${app}/show?record=${id}`);
    await waitFor(
      async () =>
        (await page.locator('[data-code="title"] .sb-value').textContent()) ===
        "スマホで見る",
    );
  } finally {
    await context.close();
  }
});
