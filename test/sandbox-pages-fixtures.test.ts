/**
 * The test customization and test plugin of test/fixtures/kintone-pages/ in real Chromium:
 * they register every event type the pages fire (desktop and `mobile.`) and call the pages'
 * JavaScript API, logging to window.__fixtureLog; this file drives the pages and checks each
 * effect: events in order on the right page, a field error blocks the save, a change handler's
 * value lands in the form, a thenable delays the save, getSpaceElement finds the layout's
 * spacer, setConfig then getConfig round-trips, plugin files load before the app's, and the
 * getters answer what the page is.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
} from "playwright-core";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { PC_SIZE, PHONE_SIZE, useChromium } from "./support/browser.ts";
import { packPluginDir, uploadFile } from "./support/kintonePlugin.ts";
import { useTestSandbox, type TestSandbox } from "./support/sandbox.ts";
import { waitFor } from "./support/waitFor.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "kintone-pages");
const WAIT = 60_000;

type Entry = string | Record<string, unknown>;

let t: TestSandbox;
let client: KintoneRestAPIClient;
let app: string;
let pluginId: string;

useTestSandbox({}, async (started) => {
  t = started;
  client = t.client;
});
const browser = useChromium();

/** Waits until the record's ステータス, read over REST, is `status`. */
const waitForStatus = (id: string, status: string): Promise<void> =>
  waitFor(
    async () =>
      (await client.record.getRecord({ app, id })).record.ステータス?.value ===
      status,
    WAIT,
    `the status ${status}`,
  );

const addFields = async (): Promise<void> => {
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
      memo: { type: "MULTI_LINE_TEXT", code: "memo", label: "メモ" },
    },
  });
  await client.app.updateFormLayout({
    app,
    layout: [
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "title" },
          { type: "DROP_DOWN", code: "kind" },
          { type: "SPACER", elementId: "fixtureSpace" },
        ],
      },
      { type: "ROW", fields: [{ type: "MULTI_LINE_TEXT", code: "memo" }] },
    ],
  });
};

const addProcess = async (): Promise<void> => {
  await client.app.updateProcessManagement({
    app,
    enable: true,
    states: {
      未処理: {
        name: "未処理",
        index: "0",
        assignee: { type: "ONE", entities: [] },
      },
      完了: {
        name: "完了",
        index: "1",
        assignee: { type: "ONE", entities: [] },
      },
    },
    actions: [{ name: "完了にする", from: "未処理", to: "完了" }],
  });
};

const addCode = async (): Promise<void> => {
  const packed = packPluginDir(join(FIXTURES, "plugin"));
  ({ id: pluginId } = await client.plugin.installPlugin({
    fileKey: await uploadFile(client, "fixture-plugin.zip", packed),
  }));
  await client.app.addPlugins({ app, ids: [pluginId] });
  const source = readFileSync(join(FIXTURES, "customization.js"), "utf8");
  const marker = (name: string): string =>
    `console.log('fixture ' + JSON.stringify({ file: "${name}" }));`;
  const js = async (name: string, text: string) => ({
    type: "FILE" as const,
    file: { fileKey: await uploadFile(client, name, text) },
  });
  const files = async () => [
    await js("first.js", marker("first")),
    await js("customization.js", source),
    await js("last.js", marker("last")),
  ];
  await client.app.updateAppCustomize({
    app,
    scope: "ALL",
    desktop: { js: await files() },
    mobile: { js: await files() },
  });
};

beforeAll(async () => {
  ({ app } = await client.app.addApp({ name: "フィクスチャの確認" }));
  await addFields();
  await addProcess();
  await client.app.updateViews({
    app,
    views: {
      一覧: {
        type: "LIST",
        name: "一覧",
        index: "0",
        fields: ["title", "kind"],
      },
    },
  });
  await addCode();
  await client.app.deployApp({ apps: [{ app }] });
}, WAIT);

interface Opened {
  context: BrowserContext;
  page: Page;
  /** What the fixtures logged (through the console, so it outlives navigation), in order. */
  log: Entry[];
}

const openAs = async (
  options: BrowserContextOptions,
  path: string,
): Promise<Opened> => {
  const context = await browser().newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const log: Entry[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith("fixture ")) {
      log.push(JSON.parse(text.slice("fixture ".length)) as Entry);
    }
  });
  page.on("request", (request) => {
    if (
      request.url().includes("/k/v1/record.json") &&
      request.method() !== "GET"
    ) {
      log.push(`${request.method()} record.json`);
    }
  });
  const url = `${t.sandbox.url}${path}`;
  await page.goto(url);
  await page.getByLabel("ログイン名").fill("admin");
  await page.getByLabel("パスワード").fill("admin");
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(url);
  return { context, page, log };
};

const matches = (entry: Entry, probe: Entry): boolean =>
  typeof probe === "string"
    ? entry === probe
    : typeof entry === "object" &&
      Object.entries(probe).every(([k, v]) => entry[k] === v);

/** Waits until the log holds an entry matching `probe` (a string, or some keys of an object). */
const waitForEntry = async (
  log: Entry[],
  probe: Entry,
): Promise<Record<string, unknown>> => {
  await waitFor(
    () => log.some((e) => matches(e, probe)),
    WAIT,
    JSON.stringify(probe),
  );
  const found = log.find((e) => matches(e, probe));
  return typeof found === "object" ? found : {};
};

const filesOf = (log: Entry[]): unknown[] =>
  log.flatMap((e) =>
    typeof e === "object" && typeof e.file === "string" ? [e.file] : [],
  );

const addRecord = async (title: string): Promise<string> =>
  (await client.record.addRecord({ app, record: { title: { value: title } } }))
    .id;

const types = (log: Entry[]): unknown[] =>
  log.flatMap((e) =>
    typeof e === "object" && typeof e.type === "string" ? [e.type] : [],
  );

it("loads the plugin's files before the app's, in saved order, and the getters answer on the list", async () => {
  const query = 'title like "確認"';
  await addRecord("一覧の確認");
  const path = `/k/${app}/?query=${encodeURIComponent(query)}`;
  const { context, page, log } = await openAs(PC_SIZE, path);
  try {
    const shown = await waitForEntry(log, { type: "app.record.index.show" });
    expect(filesOf(log)).toEqual([
      "plugin desktop",
      "first",
      "customization",
      "last",
    ]);
    expect(log[0]).toMatchObject({ pluginId });
    const loaded = await waitForEntry(log, { file: "customization" });
    expect(loaded).toMatchObject({
      uiVersion: 2,
      user: "admin",
      url: `${t.sandbox.url}/k/v1/records.json`,
    });
    const token = await page.evaluate(
      () =>
        (
          window as unknown as {
            __SANDBOX_PAGE__: { requestToken: string };
          }
        ).__SANDBOX_PAGE__.requestToken,
    );
    expect(loaded).toMatchObject({ requestToken: token });
    expect(String(loaded.urlForGet)).toContain("/k/v1/records.json?app=1");
    expect(shown).toMatchObject({
      page: path.replace(/\?.*/u, "") + `?query=${encodeURIComponent(query)}`,
      appId: Number(app),
      eventAppId: app,
      condition: query,
      header: true,
      menu: true,
      cells: 1,
      records: 1,
    });
    expect(String(shown.query)).toContain(query);
    expect(String(shown.query)).toMatch(/limit \d+/u);
    await waitForEntry(log, { plugin: "app.record.index.show" });
    await waitForEntry(log, { api: "promise", records: 1 });
    expect(log).toContainEqual({ off: true });
    expect(log.some((e) => typeof e === "object" && "dropped" in e)).toBe(
      false,
    );
    await waitForEntry(log, { api: "callback", code: "GAIA_RE01" });
  } finally {
    await context.close();
  }
});

it("create page: a change handler's value lands in the input, a field error blocks the save, a thenable delays it", async () => {
  const before = (await client.record.getRecords({ app })).records.length;
  const { context, page, log } = await openAs(PC_SIZE, `/k/${app}/edit`);
  try {
    await expect(
      waitForEntry(log, { type: "app.record.create.show" }),
    ).resolves.toMatchObject({ recordId: null, menu: true });
    await waitForEntry(log, { get: "app.record.create.show" });
    await waitForEntry(log, { set: "app.record.create.show" });
    await expect(page.getByLabel("メモ").inputValue()).resolves.toBe(
      "set から",
    );
    await page.getByLabel("区分").selectOption("更新");
    await waitForEntry(log, {
      type: "app.record.create.change.kind",
      kind: "更新",
    });
    await page.waitForFunction(
      () =>
        (
          document.querySelector(
            '[data-code="title"] input',
          ) as HTMLInputElement | null
        )?.value === "区分: 更新",
      undefined,
      { timeout: WAIT },
    );

    const save = page.getByRole("button", { name: "保存" }).first();
    await page.getByLabel("件名").fill("エラー");
    await save.click();
    await page
      .locator('[data-code="title"] .sb-field-error')
      .waitFor({ state: "visible" });
    expect(log).not.toContain("POST record.json");
    expect((await client.record.getRecords({ app })).records).toHaveLength(
      before,
    );

    await page.getByLabel("件名").fill("待つ記録");
    await save.click();
    await waitForEntry(log, "submit pending");
    expect(log).not.toContain("POST record.json");
    await page.evaluate(() =>
      (window as unknown as { __releaseSubmit: () => void }).__releaseSubmit(),
    );
    const success = await waitForEntry(log, {
      type: "app.record.create.submit.success",
    });
    // The save request comes only after the handler's promise resolved.
    const saves = log.filter((e) => e === "POST record.json");
    expect(saves).toHaveLength(1);
    expect(log.indexOf("submit released")).toBeGreaterThan(
      log.indexOf("submit pending"),
    );
    expect(log.indexOf("POST record.json")).toBeGreaterThan(
      log.indexOf("submit released"),
    );
    const id = String(success.recordId);
    const { record } = await client.record.getRecord({ app, id });
    expect(record.title?.value).toBe("待つ記録");
    expect(record.kind?.value).toBe("更新");
    await waitForEntry(log, { type: "app.record.detail.show" });
    expect(types(log)).toEqual([
      "app.record.create.show",
      "app.record.create.change.kind",
      "app.record.create.submit",
      "app.record.create.submit",
      "app.record.create.submit.success",
      "app.record.detail.show",
    ]);
  } finally {
    await context.close();
  }
});

it("detail page: getSpaceElement returns the layout's spacer, getId the record; proceed, a cancelled and an allowed delete fire", async () => {
  const id = await addRecord("詳細の確認");
  const { context, page, log } = await openAs(
    PC_SIZE,
    `/k/${app}/show#record=${id}`,
  );
  try {
    page.on("dialog", (dialog) => {
      dialog.accept().catch(() => undefined);
    });
    const shown = await waitForEntry(log, { type: "app.record.detail.show" });
    expect(shown).toMatchObject({
      page: `/k/${app}/show#record=${id}`,
      appId: Number(app),
      recordId: Number(id),
      eventRecordId: id,
      title: "詳細の確認",
      space: "fixtureSpace",
      header: false,
    });
    await expect(
      page.locator('[data-element-id="fixtureSpace"]').textContent(),
    ).resolves.toBe("fixture space");
    expect(shown.fieldElement).toContain("詳細の確認");
    await page
      .locator('[data-code="memo"]')
      .first()
      .waitFor({ state: "hidden" });

    const process = page.getByRole("region", { name: "プロセス管理" });
    await process
      .getByRole("button", { name: "完了にする", exact: true })
      .click();
    const proceed = await waitForEntry(log, {
      type: "app.record.detail.process.proceed",
    });
    expect(proceed).toMatchObject({
      action: "完了にする",
      status: "未処理",
      nextStatus: "完了",
    });
    await waitForStatus(id, "完了");

    await page.getByRole("button", { name: "削除する" }).click();
    await waitForEntry(log, { type: "app.record.detail.delete.submit" });
    await expect(client.record.getRecord({ app, id })).resolves.toBeDefined();

    await page.evaluate(() => {
      (window as unknown as { __allowDelete: boolean }).__allowDelete = true;
    });
    await page.getByRole("button", { name: "削除する" }).click();
    await page.waitForURL(`${t.sandbox.url}/k/${app}/`);
    const { records } = await client.record.getRecords({
      app,
      query: `$id = ${id}`,
    });
    expect(records).toHaveLength(0);
  } finally {
    await context.close();
  }
});

it("edit page: a submit handler's field error blocks the save, the record is unchanged", async () => {
  const id = await addRecord("変えない");
  const path = `/k/${app}/show#record=${id}&mode=edit`;
  const { context, page, log } = await openAs(PC_SIZE, path);
  try {
    await expect(
      waitForEntry(log, { type: "app.record.edit.show", page: path }),
    ).resolves.toMatchObject({ recordId: Number(id), menu: true });
    await page.getByLabel("件名").fill("エラー");
    await page.getByRole("button", { name: "保存" }).first().click();
    await waitForEntry(log, {
      type: "app.record.edit.submit",
      title: "エラー",
    });
    await page
      .locator('[data-code="title"] .sb-field-error')
      .waitFor({ state: "visible" });
    const { record } = await client.record.getRecord({ app, id });
    expect(record.title?.value).toBe("変えない");
    await page.getByLabel("区分").selectOption("新規");
    await waitForEntry(log, { type: "app.record.edit.change.kind" });
    await page.getByRole("button", { name: "保存" }).first().click();
    await waitForEntry(log, { type: "app.record.edit.submit.success" });
    const after = await client.record.getRecord({ app, id });
    expect(after.record.title?.value).toBe("区分: 新規");
  } finally {
    await context.close();
  }
});

it("plugin settings page: setConfig then getConfig round-trips", async () => {
  const path = `/k/admin/app/${app}/plugin/config?pluginId=${pluginId}`;
  const { context, page, log } = await openAs(PC_SIZE, path);
  try {
    const first = await waitForEntry(log, { file: "plugin config" });
    expect(first).toMatchObject({ pluginId, config: {} });
    await page.locator("#fixture-setting").fill("値その一");
    await page.locator("#fixture-save").click();
    await waitFor(() => log.some((e) => typeof e === "object" && "saved" in e));
    expect(log.at(-1)).toEqual({ saved: { setting: "値その一" } });
    await page.reload();
    await waitFor(() => filesOf(log).length === 2);
    expect(log.at(-1)).toMatchObject({
      file: "plugin config",
      config: { setting: "値その一" },
    });
    await expect(page.locator("#fixture-setting").inputValue()).resolves.toBe(
      "値その一",
    );
  } finally {
    await context.close();
  }
});

it("phone: the mobile events fire on the mobile list, detail (proceed, delete cancelled), edit and create pages", async () => {
  const id = await addRecord("スマホ");
  const { context, page, log } = await openAs(PHONE_SIZE, `/k/m/${app}/`);
  try {
    const shown = await waitForEntry(log, {
      type: "mobile.app.record.index.show",
    });
    expect(shown).toMatchObject({ appId: Number(app), header: true });
    expect(filesOf(log)).toEqual([
      "plugin mobile",
      "first",
      "customization",
      "last",
    ]);
    await waitForEntry(log, { plugin: "mobile.app.record.index.show" });

    await page.goto(`${t.sandbox.url}/k/m/${app}/show?record=${id}`);
    const detail = await waitForEntry(log, {
      type: "mobile.app.record.detail.show",
    });
    expect(detail).toMatchObject({
      recordId: Number(id),
      space: "fixtureSpace",
      header: true,
    });

    await page.goto(`${t.sandbox.url}/k/m/${app}/edit?record=${id}`);
    await waitForEntry(log, { type: "mobile.app.record.edit.show" });
    await page.getByLabel("区分").selectOption("更新");
    await waitForEntry(log, { type: "mobile.app.record.edit.change.kind" });
    await page.getByRole("button", { name: "保存" }).first().click();
    await waitForEntry(log, { type: "mobile.app.record.edit.submit.success" });
    const { record } = await client.record.getRecord({ app, id });
    expect(record.title?.value).toBe("区分: 更新");
    await page.waitForURL(`${t.sandbox.url}/k/m/${app}/show?record=${id}`);
    await waitFor(
      () =>
        types(log).filter((x) => x === "mobile.app.record.detail.show")
          .length === 2,
    );
    page.on("dialog", (dialog) => {
      dialog.accept().catch(() => undefined);
    });
    await page
      .getByRole("region", { name: "プロセス管理" })
      .getByRole("button", { name: "完了にする", exact: true })
      .click();
    await waitForEntry(log, {
      type: "mobile.app.record.detail.process.proceed",
      nextStatus: "完了",
    });
    await waitForStatus(id, "完了");
    await page.getByRole("button", { name: "削除する" }).click();
    await waitForEntry(log, { type: "mobile.app.record.detail.delete.submit" });
    await expect(client.record.getRecord({ app, id })).resolves.toBeDefined();

    await page.goto(`${t.sandbox.url}/k/m/${app}/edit`);
    await waitForEntry(log, { type: "mobile.app.record.create.show" });
    await page.getByLabel("区分").selectOption("新規");
    await waitForEntry(log, { type: "mobile.app.record.create.change.kind" });
    await page.getByRole("button", { name: "保存" }).first().click();
    await waitForEntry(log, {
      type: "mobile.app.record.create.submit.success",
    });
  } finally {
    await context.close();
  }
});
