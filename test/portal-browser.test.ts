/**
 * The portal in real Chromium (Playwright, /usr/bin/chromium), desktop and 390×844 phone: login
 * through the mailbox link, both search methods with forgiving input, paging, no hit, refused
 * links, logout, suspension in kintone, a change arriving by webhook, no kintone request per
 * search, and everything with JavaScript off. UPDATE_SCREENSHOTS=1 rewrites docs/screenshots.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchChromium, screenshot as shot } from "./support/browser.ts";
import { waitFor } from "./support/waitFor.ts";
import { compactDate, jstDateOf, type IsoDate } from "../domain/date.ts";
import { publicationWindowStart } from "../domain/policy.ts";
import { formatWareki } from "../domain/wareki.ts";
import { startDemo, type Demo } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { logInOnPortal, requestLoginLink } from "./support/portalPages.ts";

let demo: Demo;
let browser: Browser;
let dir: string;
let offsetMs = 0;
let kintoneRequests = 0;
/**
 * The portal's login decisions, in order ("login: link sent", "login: refused …"). It logs one
 * before it answers, so a test knows that no mail was started without waiting for mail.
 */
const decisions: string[] = [];
const REFUSED = "login: refused (no usable registration)";
const today = jstDateOf(Date.now()) as string;

interface Person {
  insuredNo: string;
  last6: string;
  applicationDate: string;
  birthDate: string;
  count: number;
  recordId: string;
}
let twice: Person;

const desktop = { viewport: { width: 1366, height: 768 } };
const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-portal-"));
  demo = await startDemo({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    portalPort: 0,
    today,
    log: (line) => {
      if (line.startsWith("login:")) {
        decisions.push(line);
      }
    },
    // More logins than a person makes in an hour (the default allows 5 mails per address).
    env: { PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "100" },
    now: () => new Date(Date.now() + offsetMs),
    portal: {
      pageSize: 1,
      syncIntervalSeconds: 3600,
      reconcileIntervalSeconds: 3600,
    },
    onKintoneResponse: () => {
      kintoneRequests++;
    },
  });
  const records = await demo.client.record.getAllRecords({
    app: demo.ids.progress as string,
  });
  // Both applications published: the repeat people's first one is ~3 months old, so a fixed
  // 80 days found one on some dates and none on others.
  const windowStart = publicationWindowStart(
    today as IsoDate,
    demo.config.windowMonths,
  );
  const byPerson = new Map<string, typeof records>();
  for (const r of records) {
    const no = String(r.insuredNo?.value);
    byPerson.set(no, [...(byPerson.get(no) ?? []), r]);
  }
  const [insuredNo, apps] = [...byPerson].find(
    ([, rs]) =>
      rs.length === 2 &&
      rs.every((r) => String(r.applicationDate?.value) >= windowStart),
  ) as [string, typeof records];
  const latest = apps.sort((a, b) =>
    String(b.applicationDate?.value).localeCompare(
      String(a.applicationDate?.value),
    ),
  )[0];
  twice = {
    insuredNo,
    last6: insuredNo.slice(-6),
    applicationDate: String(latest?.applicationDate?.value),
    birthDate: String(latest?.birthDate?.value),
    count: apps.length,
    recordId: String(latest?.$id?.value),
  };
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const toFullWidth = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Asks for a login mail and returns the link it carries. */
const requestLink = async (page: Page, email = DEMO_EMAIL): Promise<string> => {
  const { link, subject } = await requestLoginLink(page, demo, email);
  expect(subject).toBe("【デモ市要介護認定進捗確認】ログイン用メール");
  return link;
};

const login = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage();
  await logInOnPortal(page, demo, DEMO_EMAIL);
  return page;
};

const searchByNumber = async (page: Page, value: string): Promise<void> => {
  await page.getByLabel("被保険者番号（下6桁）").fill(value);
  await page
    .getByRole("group", { name: "方法① 被保険者番号(6桁)で検索" })
    .getByRole("button", { name: "検索" })
    .click();
};

const searchByDates = async (
  page: Page,
  applicationDate: string,
  birthDate: string,
): Promise<void> => {
  await page.getByLabel("申請日（4桁）").fill(applicationDate);
  await page.getByLabel("生年月日（8桁）").fill(birthDate);
  await page
    .getByRole("group", { name: "方法② 申請日(4桁)と生年月日(8桁)で検索" })
    .getByRole("button", { name: "検索" })
    .click();
};

describe("the portal on a desktop browser", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext(desktop);
    const first = await context.newPage();
    await first.goto(demo.portal.url);
    await shot(first, "login-desktop");
    await first.close();
    page = await login(context);
    await shot(page, "search-desktop");
  });

  afterAll(async () => {
    await context.close();
  });

  it("finds a person by the last 6 digits typed in full width, and pages through", async () => {
    await searchByNumber(page, toFullWidth(twice.last6));
    await expect(
      page.getByText(`1-1件 全${twice.count}件`).isVisible(),
    ).resolves.toBe(true);
    expect(await page.locator("tbody tr").count()).toBe(1);
    await shot(page, "results-desktop");
    await page.getByRole("button", { name: "次のページ" }).click();
    await page.getByText(`2-2件 全${twice.count}件`).waitFor();
    expect(await page.getByRole("button", { name: "前のページ" }).count()).toBe(
      1,
    );
  });

  it("finds a person by 申請日 and a 和暦 birth date", async () => {
    const [, m, d] = twice.applicationDate.split("-");
    await searchByDates(
      page,
      `${Number(m)}/${Number(d)}`,
      formatWareki(twice.birthDate),
    );
    await page.getByText(/件 全\d+件/).waitFor();
    const cells = await page.locator("tbody td").allTextContents();
    expect(cells).toContain(twice.last6);
    const mmdd = compactDate(twice.applicationDate).slice(4);
    expect(cells.join(" ")).toContain(
      `申請日 ${mmdd.slice(0, 2)}/${mmdd.slice(2)}`,
    );
  });

  it("says what is wrong next to the field", async () => {
    await searchByNumber(page, "12345");
    const field = page.getByLabel("被保険者番号（下6桁）");
    await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
    await page
      .getByText("被保険者番号（下6桁）は6桁で入力してください")
      .waitFor();
  });

  it("shows the 認定係 contact text when no one is found", async () => {
    await searchByNumber(page, "000000");
    await page.getByText("該当する対象者は見つかりませんでした。").waitFor();
    await page
      .getByText("介護認定係までご連絡をお願いいたします")
      .first()
      .waitFor();
  });

  it("answers searches without calling kintone", async () => {
    const before = kintoneRequests;
    await searchByNumber(page, twice.last6);
    await page.getByText(/件 全\d+件/).waitFor();
    expect(kintoneRequests).toBe(before);
  });

  it("records who looked up whom in the 閲覧ログ app", async () => {
    await searchByNumber(page, twice.last6);
    await page.getByText(/件 全\d+件/).waitFor();
    await demo.portal.flushAudit();
    const { records } = await demo.client.record.getRecords({
      app: demo.ids.accessLog as string,
      query: `eventType in ("検索") and searchValues = "${twice.last6}" order by $id desc limit 1`,
    });
    const [event] = records;
    expect(event?.email?.value).toBe(DEMO_EMAIL);
    expect(Number(event?.hitCount?.value)).toBe(twice.count);
    expect(String(event?.shownRecords?.value)).toMatch(/DEMO-\d{6}/);
    const logins = await demo.client.record.getRecords({
      app: demo.ids.accessLog as string,
      query: 'eventType in ("ログイン要求", "ログイン")',
    });
    expect(logins.records.length).toBeGreaterThanOrEqual(2);
  });

  it("shows a change made in kintone after its webhook", async () => {
    await demo.client.record.updateRecord({
      app: demo.ids.progress as string,
      id: twice.recordId,
      record: { committeeScheduledDate: { value: "2099-12-24" } },
    });
    let shown = "";
    await waitFor(
      async () => {
        await searchByNumber(page, twice.last6);
        shown = (await page.locator("tbody").textContent()) ?? "";
        return shown.includes("2099-12-24");
      },
      60_000,
      "the change in the search result",
      250,
    );
    expect(shown).toContain("2099-12-24");
  });
});

describe("login links", () => {
  it("write 最終ログイン日時 back to the registration in kintone", async () => {
    const context = await browser.newContext(desktop);
    const started = Date.now();
    await login(context);
    const app = demo.ids.registration as string;
    let last = "";
    await waitFor(
      async () => {
        const [r] = (
          await demo.client.record.getRecords({
            app,
            query: `email = "${DEMO_EMAIL}"`,
          })
        ).records;
        last = String(r?.lastLoginAt?.value ?? "");
        return last !== "" && Date.parse(last) >= started - 60_000;
      },
      60_000,
      "最終ログイン日時 in kintone",
      200,
    );
    expect(Date.parse(last)).toBeGreaterThanOrEqual(started - 60_000);
    await context.close();
  });

  it("are not sent to an account unused for 60 days", async () => {
    const context = await browser.newContext(desktop);
    const page = await context.newPage();
    const before = demo.catcher.messages().length;
    offsetMs = 61 * 86_400_000;
    try {
      await page.goto(demo.portal.url);
      await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
      await page
        .getByRole("button", { name: "ログイン用メールを送信" })
        .click();
      await page
        .getByRole("heading", { name: "ログイン用メールを送信しました" })
        .waitFor();
      expect(decisions.at(-1)).toBe(REFUSED);
      expect(demo.catcher.messages().length).toBe(before);
    } finally {
      offsetMs = 0;
    }
    await context.close();
  });

  it("refuse a link used twice", async () => {
    const context = await browser.newContext(desktop);
    const page = await context.newPage();
    const link = await requestLink(page);
    await page.goto(link);
    await page.getByRole("button", { name: "ログインする" }).click();
    await page.getByRole("heading", { name: "対象者の検索" }).waitFor();
    const other = await browser.newContext(desktop);
    const again = await other.newPage();
    await again.goto(link);
    await again.getByRole("button", { name: "ログインする" }).click();
    await again
      .getByRole("heading", { name: "このURLではログインできません" })
      .waitFor();
    await other.close();
    await context.close();
  });

  it("refuse an expired link", async () => {
    const context = await browser.newContext(desktop);
    const page = await context.newPage();
    const link = await requestLink(page);
    offsetMs = 16 * 60_000;
    try {
      await page.goto(link);
      await page.getByRole("button", { name: "ログインする" }).click();
      await page
        .getByRole("heading", { name: "このURLではログインできません" })
        .waitFor();
    } finally {
      offsetMs = 0;
    }
    await context.close();
  });

  it("give the same answer for an address that is not registered, and send nothing", async () => {
    const context = await browser.newContext(desktop);
    const page = await context.newPage();
    const before = demo.catcher.messages().length;
    await page.goto(demo.portal.url);
    await page.getByLabel("メールアドレス").fill("nobody@example.jp");
    await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
    await page
      .getByRole("heading", { name: "ログイン用メールを送信しました" })
      .waitFor();
    expect(decisions.at(-1)).toBe(REFUSED);
    expect(demo.catcher.messages().length).toBe(before);
    await context.close();
  });

  it("end with logout", async () => {
    const context = await browser.newContext(desktop);
    const page = await login(context);
    await page.getByRole("button", { name: "ログアウト" }).click();
    await page.getByRole("heading", { name: "ログアウトしました" }).waitFor();
    await page.goto(`${demo.portal.url}/search`);
    await page.getByRole("heading", { name: "ログインしてください" }).waitFor();
    await context.close();
  });
});

describe("the portal on a phone (390×844)", () => {
  it("keeps both search forms at the top, then shows the results first, one card per application", async () => {
    const context = await browser.newContext(phone);
    const first = await context.newPage();
    await first.goto(demo.portal.url);
    await shot(first, "login-phone");
    await first.close();
    const page = await login(context);
    await shot(page, "search-phone");
    const box = await page.getByLabel("被保険者番号（下6桁）").boundingBox();
    expect(box && box.y < 844).toBe(true);
    await expect(page.getByLabel("生年月日（8桁）").isVisible()).resolves.toBe(
      true,
    );
    await searchByNumber(page, twice.last6);
    await page.getByText(/件 全\d+件/).waitFor();
    // The answer is on the first screen, without scrolling; the forms are one tap away.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const card = await page.locator("tbody tr").first().boundingBox();
    expect(card && card.y < 844).toBe(true);
    await page.getByRole("link", { name: "別の条件で検索する" }).click();
    await expect(
      page.getByLabel("被保険者番号（下6桁）").isVisible(),
    ).resolves.toBe(true);
    const display = await page
      .locator("tbody tr")
      .first()
      .evaluate((el) => getComputedStyle(el).display);
    expect(display).toBe("block");
    const label = await page
      .locator("tbody td")
      .first()
      .evaluate((el) => getComputedStyle(el, "::before").content);
    expect(label).toContain("被保険者番号");
    await shot(page, "results-phone");
    await context.close();
  });
});

describe("the portal without JavaScript", () => {
  it("logs in and searches with JavaScript disabled", async () => {
    const context = await browser.newContext({
      ...desktop,
      javaScriptEnabled: false,
    });
    const page = await login(context);
    await searchByNumber(page, twice.last6);
    await page.getByText(/件 全\d+件/).waitFor();
    await context.close();
  });
});

describe("a registration suspended in kintone", () => {
  it("loses access on its next request after the sync", async () => {
    const context = await browser.newContext(desktop);
    const page = await login(context);
    const app = demo.ids.registration as string;
    const [registration] = (
      await demo.client.record.getRecords({
        app,
        query: `email = "${DEMO_EMAIL}"`,
      })
    ).records;
    await demo.client.record.updateRecordStatus({
      app,
      id: String(registration?.$id?.value),
      action: "利用停止",
    });
    await demo.portal.replica.syncOnce();
    await page.goto(`${demo.portal.url}/search`);
    await page.getByRole("heading", { name: "ログインしてください" }).waitFor();
    const before = demo.catcher.messages().length;
    await page.goto(demo.portal.url);
    await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
    await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
    await page
      .getByRole("heading", { name: "ログイン用メールを送信しました" })
      .waitFor();
    expect(decisions.at(-1)).toBe(REFUSED);
    expect(demo.catcher.messages().length).toBe(before);
    await context.close();
  });
});
