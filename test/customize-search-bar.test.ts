/**
 * The progress app's search bar in real Chromium on the local kintone's pages: the
 * customization built and uploaded by the project's own deploy (scripts/customize/upload.ts:
 * webpack, then the official @kintone/customize-uploader); the demo's clerk finds a person by
 * each search method at a phone's size (390×844) and on the desktop (1366×768), sees a short
 * message for an input that is neither method, and clears the search.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import {
  matchesSearch,
  searchKeysOf,
  type SearchQuery,
} from "../domain/searchKeys.ts";
import { stages } from "../domain/codes.ts";
import { formatWareki } from "../domain/wareki.ts";
import { DEMO_CLERK } from "../scripts/demo.ts";
import { PC_SIZE, PHONE_SIZE, useChromium } from "./support/browser.ts";
import { useCustomizedDemo } from "./support/demo.ts";
import { useKintonePage } from "./support/kintonePages.ts";

const WAIT = 60_000;
// The progress app's bundles, built and deployed as `npm run upload:customize` does.
const kintone = useCustomizedDemo(["progress"]);

const browser = useChromium();

const app = (): string => kintone().ids.progress as string;

interface Person {
  id: string;
  insuredNo: string;
  applicationDate: string;
  birthDate: string;
  stage: string;
}

let people: Person[] = [];

beforeAll(async () => {
  const records = await kintone().client.record.getAllRecords({
    app: app(),
    fields: ["$id", "insuredNo", "applicationDate", "birthDate", "stage"],
  });
  people = records.map((r) => ({
    id: String(r.$id?.value),
    insuredNo: String(r.insuredNo?.value ?? ""),
    applicationDate: String(r.applicationDate?.value ?? ""),
    birthDate: String(r.birthDate?.value ?? ""),
    stage: String(r.stage?.value ?? ""),
  }));
}, 120_000);

/** The records a search must list, found from the record values through domain/'s rule. */
const expectedIds = (q: SearchQuery, insuredNo?: string): string[] =>
  people
    .filter(
      (p) =>
        matchesSearch(searchKeysOf(p), q) &&
        (insuredNo === undefined || p.insuredNo === insuredNo),
    )
    .map((p) => p.id)
    .sort();

/** A person with the keys of both methods, chosen from the middle of the demo data. */
const someone = (): Person => {
  const usable = people.filter(
    (p) => p.insuredNo !== "" && p.applicationDate !== "" && p.birthDate !== "",
  );
  const p = usable[Math.floor(usable.length / 2)];
  if (!p) {
    throw new Error("the demo has no progress record");
  }
  return p;
};

const toFullWidth = (s: string): string =>
  s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A logged-in list page; a dialog (the bar never opens one) fails the test. */
const pageAt = (options: BrowserContextOptions, path: () => string) => {
  const page = useKintonePage({
    browser,
    base: () => kintone().sandbox.url,
    options,
    path,
    timeout: WAIT,
  });
  beforeAll(() => {
    page().on("dialog", (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
  });
  return page;
};

const box = (page: Page) =>
  page.getByRole("searchbox", { name: "対象者の検索", exact: true });

/** The ids of the records the list shows, from their detail links. */
const listedIds = async (page: Page): Promise<string[]> => {
  const hrefs = await page
    .locator("table.sb-list tbody tr .sb-open a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.map((h) => /record=(\d+)/.exec(h)?.[1] ?? "").sort();
};

/** Types into the bar, presses 検索 and waits for the list the page reloads with. */
const search = async (page: Page, text: string): Promise<void> => {
  await box(page).fill(text);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.has("query")),
    page.getByRole("button", { name: "検索", exact: true }).click(),
  ]);
  await page.locator(".kn-search").waitFor();
};

const listShown = (page: Page) =>
  page.locator("table.sb-list, .sb-muted").first().waitFor();

/** The bar is the first thing of the list, with 44px targets and no sideways scrolling. */
const checkLayout = async (page: Page, width: number): Promise<void> => {
  const bar = await page.locator(".kn-search").boundingBox();
  const list = await page.locator("table.sb-list").boundingBox();
  expect(bar).not.toBeNull();
  expect((bar?.y ?? 0) + (bar?.height ?? 0)).toBeLessThanOrEqual(list?.y ?? 0);
  for (const target of [
    box(page),
    page.getByRole("button", { name: "検索", exact: true }),
    page.getByRole("button", { name: "クリア" }),
  ]) {
    const b = await target.boundingBox();
    expect(b?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect((b?.x ?? 0) + (b?.width ?? 0)).toBeLessThanOrEqual(width);
  }
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(width);
};

/** An input that is neither method: a message beside the box, the list untouched. */
const checkRefusal = async (page: Page): Promise<void> => {
  const before = page.url();
  await box(page).fill("12345");
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(
    page.locator(".kn-search__message--error").textContent(),
  ).resolves.toMatch(/^数字5桁では検索できません。/);
  await expect(box(page).getAttribute("aria-invalid")).resolves.toBe("true");
  expect(page.url()).toBe(before);
};

/** クリア: back to the list of every record. */
const checkClear = async (page: Page): Promise<void> => {
  await Promise.all([
    page.waitForURL((url) => !url.searchParams.has("query")),
    page.getByRole("button", { name: "クリア" }).click(),
  ]);
  await listShown(page);
  await expect(box(page).inputValue()).resolves.toBe("");
  expect((await listedIds(page)).length).toBe(Math.min(20, people.length));
};

describe("the search bar at a phone's size (390×844)", () => {
  const thePage = pageAt(PHONE_SIZE, () => `/k/m/${app()}/`);

  it("is at the top of the list, one numeric box with 44px targets", async () => {
    const page = thePage();
    await listShown(page);
    await checkLayout(page, 390);
    await expect(box(page).getAttribute("inputmode")).resolves.toBe("numeric");
  }, 120_000);

  it("finds a person by 被保険者番号 下6桁, typed in full width", async () => {
    const page = thePage();
    const p = someone();
    const last6 = p.insuredNo.slice(-6);
    await search(page, toFullWidth(last6));
    const ids = await listedIds(page);
    expect(ids).toEqual(
      expectedIds({ method: "insuredNo", insuredNoLast6: last6 }),
    );
    expect(ids).toContain(p.id);
    await expect(box(page).inputValue()).resolves.toBe(last6);
    await expect(
      page.locator(".kn-search__message").textContent(),
    ).resolves.toBe(`「${last6}」の検索結果を表示しています。`);
  }, 120_000);

  it("finds a person by 申請日 and 生年月日 in 和暦", async () => {
    const page = thePage();
    const p = someone();
    const mmdd = p.applicationDate.slice(5).replace("-", "");
    const ymd = p.birthDate.replace(/-/g, "");
    await search(page, `${mmdd} ${formatWareki(p.birthDate, "short")}`);
    const ids = await listedIds(page);
    expect(ids).toEqual(
      expectedIds({
        method: "dates",
        applicationDateMMDD: mmdd,
        birthDateYMD: ymd,
      }),
    );
    expect(ids).toContain(p.id);
    await expect(box(page).inputValue()).resolves.toBe(`${mmdd} ${ymd}`);
  }, 120_000);

  it("says what it takes, beside the box, for an input that is neither", async () => {
    const page = thePage();
    await checkRefusal(page);
  }, 120_000);

  it("clears back to every record", async () => {
    const page = thePage();
    await checkClear(page);
  }, 120_000);

  it("searches within the chosen view, and says so when the view hides the person", async () => {
    const page = thePage();
    const committee = stages.committee.label;
    const p = people.find(
      (q) =>
        q.stage !== committee &&
        q.insuredNo !== "" &&
        !people.some(
          (o) =>
            o.stage === committee &&
            o.insuredNo.slice(-6) === q.insuredNo.slice(-6),
        ),
    );
    if (!p) {
      throw new Error("no person outside 審査会");
    }
    await page
      .getByLabel("一覧の切り替え")
      .selectOption({ label: "審査会待ち" });
    await page.waitForURL((url) => url.searchParams.has("view"));
    const view = new URL(page.url()).searchParams.get("view");
    await search(page, p.insuredNo.slice(-6));
    expect(new URL(page.url()).searchParams.get("view")).toBe(view);
    expect(await listedIds(page)).toEqual([]);
    await expect(
      page.locator(".kn-search__message").textContent(),
    ).resolves.toBe(
      `「${p.insuredNo.slice(-6)}」に該当する申請はこの一覧にはありません。絞り込みのない一覧に切り替えてお試しください。`,
    );
    await Promise.all([
      page.waitForURL((url) => !url.searchParams.has("query")),
      page.getByRole("button", { name: "クリア" }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get("view")).toBe(view);
  }, 120_000);
});

describe("the search bar on the desktop (1366×768)", () => {
  const thePage = pageAt(PC_SIZE, () => `/k/${app()}/`);

  it("is at the top of the list's header space", async () => {
    const page = thePage();
    await listShown(page);
    await checkLayout(page, 1366);
    await expect(
      page.locator(".sb-header-space > .kn-search").count(),
    ).resolves.toBe(1);
  }, 120_000);

  it("finds a person by the whole 被保険者番号", async () => {
    const page = thePage();
    const p = someone();
    await search(page, p.insuredNo);
    const ids = await listedIds(page);
    expect(ids).toEqual(
      expectedIds(
        { method: "insuredNo", insuredNoLast6: p.insuredNo.slice(-6) },
        p.insuredNo,
      ),
    );
    expect(ids).toContain(p.id);
    await expect(box(page).inputValue()).resolves.toBe(p.insuredNo);
  }, 120_000);

  it("finds a person by 申請日 and 生年月日 in 西暦", async () => {
    const page = thePage();
    const p = someone();
    const [, m, d] = p.applicationDate.split("-");
    await search(
      page,
      `${Number(m)}/${Number(d)} ${p.birthDate.replace(/-/g, "/")}`,
    );
    const ids = await listedIds(page);
    expect(ids).toEqual(
      expectedIds({
        method: "dates",
        applicationDateMMDD: `${m}${d}`,
        birthDateYMD: p.birthDate.replace(/-/g, ""),
      }),
    );
    expect(ids).toContain(p.id);
  }, 120_000);

  it("refuses an input that is neither, and clears", async () => {
    const page = thePage();
    await checkRefusal(page);
    await checkClear(page);
  }, 120_000);
});
