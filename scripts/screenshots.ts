/**
 * `npm run screenshots`: pictures of the local kintone's staff pages for the README. Starts the
 * demo's local kintone in memory (the five apps and the demo data), logs the clerk in through the
 * login form in Chromium, and writes PNGs of a registration's list, detail (status, process
 * buttons, a comment; the whole page on a phone) and edit pages, and of the progress list's
 * search bar (the customizations deployed) after a search, at a PC's size and a phone's, into
 * docs/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { DEMO_CLERK, startDemoKintone, type DemoKintone } from "./demo.ts";
import {
  CHROMIUM_ARGS,
  NO_BROWSER_MESSAGE,
  findChromium,
  PC_SIZE,
  PHONE_SIZE,
} from "./lib/chromium.ts";
import { CliError, flag, runCli, wantsHelp } from "./lib/cli.ts";

const HELP = `使い方: npm run screenshots [-- --out docs/screenshots]

  職員向けの画面（ローカル kintone）の画面写真を作ります: デモのローカル kintone を
  メモリー上に起動し（5つのアプリとデモデータ）、Chromium でログイン画面から認定係の
  職員としてログインして、事業所利用登録の一覧・詳細（ステータス、アクションのボタン、
  コメント）・編集の各画面と、認定進捗の一覧で検索バーから下6桁で検索した画面を、PC の
  大きさ（1366×768）とスマートフォンの大きさ（390×844）で PNG に保存します（スマートフォン
  の詳細はページ全体）。カスタマイズ（customize/）はビルドして反映します。
  ファイル名は kintone-{list,detail,edit,search}-{pc,phone}.png。

  --out  保存先のフォルダー（既定 docs/screenshots）

Writes PNG screenshots of the local kintone's staff pages (list, detail, edit, and the progress
list's search bar after a search; PC 1366×768 and phone 390×844) from the demo's local kintone,
with the customizations built and deployed, into docs/screenshots/.`;

const WAIT = 60_000;

const SIZES: ReadonlyArray<{ name: string; options: BrowserContextOptions }> = [
  { name: "pc", options: PC_SIZE },
  { name: "phone", options: { ...PHONE_SIZE, deviceScaleFactor: 1 } },
];

const launch = (): Promise<Browser> => {
  const found = findChromium();
  if (!found) {
    return Promise.reject(new CliError(NO_BROWSER_MESSAGE));
  }
  return chromium.launch({
    executablePath: found.path,
    // Japanese, as the staff's browsers are (date inputs show 2026/11/26, not 11/26/2026).
    args: [...CHROMIUM_ARGS, "--lang=ja-JP"],
    env: { ...process.env, LANG: "ja_JP.UTF-8", LANGUAGE: "ja" },
  });
};

/** A registration under review (so the detail shows its actions), with a comment on it. */
const sample = async (kintone: DemoKintone): Promise<string> => {
  const app = kintone.ids.registration as string;
  const { records } = await kintone.client.record.getRecords({
    app,
    query: 'ステータス in ("審査中") order by $id asc limit 1',
  });
  const id = records[0]?.$id?.value;
  if (typeof id !== "string") {
    throw new CliError("審査中の事業所利用登録がデモデータにありません。");
  }
  await kintone.client.record.addRecordComment({
    app,
    record: id,
    comment: { text: "誓約欄と事業所番号を確認しました。審査を続けます。" },
  });
  return id;
};

const shoot = async (
  page: Page,
  url: string,
  ready: string,
  file: string,
  fullPage = false,
): Promise<void> => {
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: WAIT });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: file, type: "png", fullPage });
  console.log(`書き出しました: ${file}`);
};

/** The progress app's list with the customization's search bar, after a search by 下6桁. */
const shootSearch = async (
  page: Page,
  kintone: DemoKintone,
  mobile: boolean,
  file: string,
): Promise<void> => {
  const app = kintone.ids.progress as string;
  const { records } = await kintone.client.record.getRecords({
    app,
    query: "order by $id asc limit 1",
  });
  const last6 = records[0]?.insuredNoLast6?.value;
  if (typeof last6 !== "string" || last6 === "") {
    throw new CliError("認定進捗のデモデータがありません。");
  }
  const list = `${kintone.sandbox.url}${mobile ? "/k/m/" : "/k/"}${app}/`;
  await page.goto(list);
  const box = page.getByRole("searchbox", { name: "対象者の検索" });
  await box.waitFor({ timeout: WAIT });
  await box.fill(last6);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await page.waitForURL(/[?&]query=/, { timeout: WAIT });
  await shoot(page, page.url(), ".sb-list tbody tr", file);
};

const shootSize = async (
  browser: Browser,
  kintone: DemoKintone,
  size: (typeof SIZES)[number],
  id: string,
  out: string,
): Promise<void> => {
  const base = kintone.sandbox.url;
  const app = kintone.ids.registration as string;
  const mobile = size.name === "phone";
  const context = await browser.newContext(size.options);
  try {
    const page = await context.newPage();
    const list = mobile ? `/k/m/${app}/` : `/k/${app}/`;
    await page.goto(`${base}${list}`);
    await page.getByLabel("ログイン名").fill(DEMO_CLERK.login);
    await page.getByLabel("パスワード").fill(DEMO_CLERK.password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(`${base}${list}`, { timeout: WAIT });
    const png = (what: string): string =>
      join(out, `kintone-${what}-${size.name}.png`);
    await shoot(page, `${base}${list}`, ".sb-list tbody tr", png("list"));
    const detail = mobile
      ? `/k/m/${app}/show?record=${id}`
      : `/k/${app}/show#record=${id}`;
    // A phone shows the status, the actions and the comments below the fields: the whole page.
    await shoot(page, `${base}${detail}`, ".sb-comment", png("detail"), mobile);
    const edit = mobile
      ? `/k/m/${app}/edit?record=${id}`
      : `/k/${app}/show#record=${id}&mode=edit`;
    await shoot(page, `${base}${edit}`, "[data-code] input", png("edit"));
    await shootSearch(page, kintone, mobile, png("search"));
  } finally {
    await context.close();
  }
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  const out = flag(args, "out") ?? join("docs", "screenshots");
  process.env.NO_PROXY = [process.env.NO_PROXY, "localhost", "127.0.0.1"]
    .filter(Boolean)
    .join(",");
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "kaigo-screenshots-"));
  const kintone = await startDemoKintone({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    customize: true,
  });
  let browser: Browser | undefined;
  try {
    const id = await sample(kintone);
    browser = await launch();
    for (const size of SIZES) {
      await shootSize(browser, kintone, size, id, out);
    }
  } finally {
    await browser?.close();
    await kintone.sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

runCli(main);
