/**
 * Accessibility of the portal (JIS X 8341-3:2016 AA ≈ WCAG 2.1 AA) in real Chromium: axe-core
 * (tags wcag2a, wcag2aa, wcag21a, wcag21aa) finds no violation on any page at desktop (1280×900)
 * and phone (390×844) width; the keyboard alone logs in and searches, with a visible focus
 * indicator on every control; errors are tied to their fields; the accessibility page states the
 * target, the method and the result for every page tested here. Also the page weight: each page
 * with its stylesheet is at most 30 KB transferred, and no page carries a script.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type Page,
  type Response,
} from "playwright-core";
import { launchChromium } from "./support/browser.ts";
import { addDays, jstDateOf, type IsoDate } from "../domain/date.ts";
import { publicationWindowStart } from "../domain/policy.ts";
import { parseInsuredNoSearch, searchKeysOf } from "../domain/searchKeys.ts";
import { testedPages } from "../portal/web/accessibility.ts";
import { searchPage } from "../portal/web/pages.ts";
import { startDemo, type Demo } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { mailAfter } from "./support/mail.ts";

let demo: Demo;
let browser: Browser;
let dir: string;
const today = jstDateOf(Date.now()) as IsoDate;

/** People to search for: one with two applications (paging), one made ambiguous. */
interface Person {
  last6: string;
  applicationMMDD: string;
  birthYMD: string;
}
let twice: Person;
let shared: Person;

const MAX_BYTES = 30 * 1024;
/** Per-address limits of this test's portal (more than one browser's steps use). */
const SEARCHES_PER_IP = 20;
const MAILS_PER_IP = 10;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const viewports = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
} as const;
type Width = keyof typeof viewports;

type KRecord = Record<string, { value: unknown } | undefined>;
const str = (r: KRecord | undefined, code: string): string =>
  String(r?.[code]?.value ?? "");

const personOf = (r: KRecord | undefined): Person => {
  const keys = searchKeysOf({
    insuredNo: str(r, "insuredNo"),
    applicationDate: str(r, "applicationDate"),
    birthDate: str(r, "birthDate"),
  });
  return {
    last6: keys.insuredNoLast6,
    applicationMMDD: keys.applicationDateMMDD,
    birthYMD: keys.birthDateYMD,
  };
};

/**
 * Picks the people the pages need from the demo data, and gives one of them a namesake: a
 * synthetic application of another 被保険者番号 with the same last 6 digits, so method ① finds
 * two different people (the 「特定できませんでした」 answer).
 */
const preparePeople = async (): Promise<void> => {
  const app = demo.ids.progress as string;
  const records = (await demo.client.record.getAllRecords({
    app,
  })) as KRecord[];
  // Both applications published: the repeat people's first one is ~3 months old, so a fixed
  // 80 days found one on some dates and none on others.
  const recent = publicationWindowStart(today, demo.config.windowMonths);
  const byNo = new Map<string, KRecord[]>();
  for (const r of records) {
    byNo.set(str(r, "insuredNo"), [
      ...(byNo.get(str(r, "insuredNo")) ?? []),
      r,
    ]);
  }
  const groups = [...byNo.values()].filter((g) =>
    g.every((r) => str(r, "applicationDate") >= recent),
  );
  twice = personOf(groups.find((g) => g.length === 2)?.[0]);
  const single = groups.find(
    (g) => g.length === 1 && /^\d{10}$/.test(str(g[0], "insuredNo")),
  )?.[0];
  shared = personOf(single);
  const namesake = `0000${shared.last6}`;
  const applicationDate = addDays(today, -7);
  await demo.client.record.addRecord({
    app,
    record: {
      applicationNo: { value: "A11Y-000001" },
      insuredNo: { value: namesake },
      birthDate: { value: "1940-04-01" },
      applicationDate: { value: applicationDate },
      applicationType: { value: str(single, "applicationType") },
      ...Object.fromEntries(
        Object.entries(
          searchKeysOf({
            insuredNo: namesake,
            applicationDate,
            birthDate: "1940-04-01",
          }),
        ).map(([k, v]) => [k, { value: v }]),
      ),
    },
  });
  await demo.portal.replica.syncOnce();
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-a11y-"));
  demo = await startDemo({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    portalPort: 0,
    today,
    // Far more searches and logins per account than one person makes (defaults: 60 per 10 min,
    // 5 mails/h); per address as the browser sees it (each browser its own), small limits that
    // the limit pages' steps reach.
    env: {
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "1000",
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "1000",
      PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: String(SEARCHES_PER_IP),
      PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "100",
      PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR: String(MAILS_PER_IP),
    },
    portal: {
      trustProxy: "127.0.0.1,::1",
      pageSize: 1,
      syncIntervalSeconds: 3600,
      reconcileIntervalSeconds: 3600,
    },
  });
  await preparePeople();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** Asks for a login mail on the open login page and returns the link it carries. */
const requestLink = async (page: Page): Promise<string> => {
  const before = demo.catcher.messages().length;
  await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
  await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
  await heading(page, "ログイン用メールを送信しました");
  const mail = await mailAfter(demo.catcher, before, DEMO_EMAIL);
  const link = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(
    mail.text,
  )?.[0];
  if (!link) {
    throw new Error("no link in the mail");
  }
  return link;
};

const heading = (page: Page, name: string): Promise<void> =>
  page.getByRole("heading", { name, level: 1 }).waitFor();

const group = (page: Page, n: 1 | 2) =>
  page.getByRole("group", {
    name: n === 1 ? "方法① 被保険者番号" : "方法② 申請日",
  });

const searchByNumber = async (page: Page, value: string): Promise<void> => {
  await page.getByLabel("被保険者番号（下6桁）").fill(value);
  await group(page, 1).getByRole("button", { name: "検索" }).click();
};

const searchByDates = async (
  page: Page,
  applicationDate: string,
  birthDate: string,
): Promise<void> => {
  await page.getByLabel("申請日（4桁）").fill(applicationDate);
  await page.getByLabel("生年月日（8桁）").fill(birthDate);
  await group(page, 2).getByRole("button", { name: "検索" }).click();
};

interface Weight {
  /** Bytes of the document: headers and body as transferred. */
  html: number;
  headers: number;
  hasScript: boolean;
  scriptRequests: number;
}

/** Watches a page's document responses: bytes transferred (headers + body) and scripts. */
const watch = (page: Page) => {
  type Doc = Omit<Weight, "scriptRequests">;
  let last: Promise<Doc> = Promise.resolve({
    html: NaN,
    headers: NaN,
    hasScript: false,
  });
  let scripts = 0;
  page.on("request", (r) => {
    if (r.resourceType() === "script") {
      scripts++;
    }
  });
  page.on("response", (r: Response) => {
    const redirect = r.status() >= 300 && r.status() < 400;
    if (r.request().resourceType() !== "document" || redirect) {
      return;
    }
    last = Promise.all([r.request().sizes(), r.text()]).then(
      ([sizes, body]) => ({
        html: sizes.responseHeadersSize + sizes.responseBodySize,
        headers: sizes.responseHeadersSize,
        hasScript: /<script\b/i.test(body),
      }),
      () => ({ html: NaN, headers: NaN, hasScript: true }),
    );
  });
  return {
    /** The weight of the document now on screen. */
    settled: async (): Promise<Weight> => {
      await page.waitForLoadState("load");
      return { ...(await last), scriptRequests: scripts };
    },
  };
};

const axeViolations = async (page: Page): Promise<string[]> => {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? ""}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .join(", ")}`,
  );
};

// ---------------------------------------------------------------------------------------------
// Every page, at both widths

/** How each page is reached, in an order where each step follows from the last. */
interface Step {
  /** The page's name on the accessibility page. */
  name: string;
  /** Brings the page on screen (ctx: the visit's shared state). */
  open: (page: Page, ctx: Visit) => Promise<void>;
}

interface Visit {
  context: BrowserContext;
  link: string;
  /** This browser's address, as the portal sees it (X-Forwarded-For). */
  ip: string;
}

const steps: Step[] = [
  {
    name: "ログイン",
    open: async (page) => {
      await page.goto(demo.portal.url);
      await heading(page, "メールアドレスでログイン");
    },
  },
  {
    name: "ログイン（入力エラー）",
    open: async (page) => {
      await page.getByLabel("メールアドレス").fill("care.example.jp");
      await page
        .getByRole("button", { name: "ログイン用メールを送信" })
        .click();
      await page.locator("#email-error").waitFor();
    },
  },
  {
    name: "ログイン用メールの送信",
    open: async (page, ctx) => {
      await page.goto(demo.portal.url);
      ctx.link = await requestLink(page);
    },
  },
  {
    name: "ログインの確認",
    open: async (page, ctx) => {
      await page.goto(ctx.link);
      await heading(page, "ログイン");
    },
  },
  {
    name: "検索",
    open: async (page) => {
      await page.getByRole("button", { name: "ログインする" }).click();
      await heading(page, "対象者の検索");
    },
  },
  {
    name: "検索（入力エラー・方法①）",
    open: async (page) => {
      await searchByNumber(page, "12345");
      await page.locator("#insuredNoLast6-error").waitFor();
    },
  },
  {
    name: "検索（入力エラー・方法②）",
    open: async (page) => {
      await searchByDates(page, "1332", "昭和");
      await page.locator("#birthDate-error").waitFor();
    },
  },
  {
    name: "検索結果",
    open: async (page) => {
      await searchByNumber(page, twice.last6);
      await page.getByText("1-1件 全2件").waitFor();
    },
  },
  {
    name: "検索結果（2ページ目）",
    open: async (page) => {
      await page.getByRole("button", { name: "次のページ" }).click();
      await page.getByText("2-2件 全2件").waitFor();
    },
  },
  {
    name: "検索結果（該当なし）",
    open: async (page) => {
      await searchByNumber(page, "000000");
      await page.getByText("該当する対象者は見つかりませんでした。").waitFor();
    },
  },
  {
    name: "検索結果（1名に特定できない）",
    open: async (page) => {
      await searchByNumber(page, shared.last6);
      await page.getByText("対象者を1名に特定できませんでした。").waitFor();
    },
  },
  {
    name: "検索結果（表示期限切れ）",
    open: async (page) => {
      await page.goto(`${demo.portal.url}/search/results/${"x".repeat(22)}`);
      await page.getByText("検索結果の表示期限が切れました").waitFor();
    },
  },
  {
    name: "検索の回数の上限",
    open: (page, ctx) =>
      reachLimit(
        page,
        ctx,
        {
          path: "/search",
          limit: SEARCHES_PER_IP,
          form: () => ({ method: "insuredNo", insuredNoLast6: "000000" }),
        },
        () => searchByNumber(page, "000000"),
        "検索の回数が上限に達しました",
      ),
  },
  {
    name: "アクセシビリティ",
    open: async (page) => {
      await page.goto(`${demo.portal.url}/accessibility`);
      await heading(page, "アクセシビリティ");
    },
  },
  {
    name: "ログアウト",
    open: async (page) => {
      await page.goto(`${demo.portal.url}/search`);
      await page.getByRole("button", { name: "ログアウト" }).click();
      await heading(page, "ログアウトしました");
    },
  },
  {
    name: "ログイン用メールの送信回数の上限",
    open: async (page, ctx) => {
      await page.goto(demo.portal.url);
      await heading(page, "メールアドレスでログイン");
      await reachLimit(
        page,
        ctx,
        {
          path: "/login",
          limit: MAILS_PER_IP,
          // Addresses nobody registered: counted all the same, and no mail is sent.
          form: (i) => ({ email: `nobody${i}@example.jp` }),
        },
        async () => {
          await page.getByLabel("メールアドレス").fill("nobody@example.jp");
          await page
            .getByRole("button", { name: "ログイン用メールを送信" })
            .click();
        },
        "ログイン用メールの送信回数が上限に達しました",
      );
    },
  },
  {
    name: "ログインできないURL",
    open: async (page, ctx) => {
      await page.goto(ctx.link);
      await page.getByRole("button", { name: "ログインする" }).click();
      await heading(page, "このURLではログインできません");
    },
  },
  {
    name: "ログインの期限切れ",
    open: async (page) => {
      await page.goto(`${demo.portal.url}/search`);
      await heading(page, "ログインしてください");
    },
  },
  {
    name: "画面の有効期限切れ",
    open: async (page) => {
      await page.goto(demo.portal.url);
      await page
        .locator('input[name="csrf"]')
        .evaluate((el) => el.setAttribute("value", "expired"));
      await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
      await page
        .getByRole("button", { name: "ログイン用メールを送信" })
        .click();
      await heading(page, "もう一度お試しください");
    },
  },
  {
    name: "ページが見つかりません",
    open: async (page) => {
      await page.goto(`${demo.portal.url}/no-such-page`);
      await heading(page, "ページが見つかりません");
    },
  },
];

/** Addresses from the documentation range, one per browser and per limit shown (see below). */
let lastIp = 0;
const freshIp = (): string => `192.0.2.${++lastIp}`;
const forwardedFor = (ip: string) => ({ "X-Forwarded-For": ip });

/**
 * Brings the page to a real limit page (429): the portal trusts the local proxy's
 * X-Forwarded-For here, so requests from a fresh address fill that address's limit, then the
 * page itself sends one more from the same address through the form.
 */
const reachLimit = async (
  page: Page,
  ctx: Visit,
  o: {
    path: string;
    limit: number;
    form: (i: number) => Record<string, string>;
  },
  submit: () => Promise<void>,
  title: string,
): Promise<void> => {
  const ip = freshIp();
  const csrf =
    (await page.locator('input[name="csrf"]').first().getAttribute("value")) ??
    "";
  for (let i = 0; i < o.limit; i++) {
    const res = await page.request.post(`${demo.portal.url}${o.path}`, {
      form: { csrf, ...o.form(i) },
      headers: forwardedFor(ip),
      maxRedirects: 0,
    });
    // A search is answered with 303 to its results page; the login form with its page.
    expect([200, 303]).toContain(res.status());
  }
  await page.setExtraHTTPHeaders(forwardedFor(ip));
  try {
    await submit();
    await heading(page, title);
  } finally {
    await page.setExtraHTTPHeaders(forwardedFor(ctx.ip));
  }
};

const cssBytes = async (): Promise<number> => {
  const res = await fetch(`${demo.portal.url}/assets/portal.css`);
  const body = await res.arrayBuffer();
  const headers = [...res.headers].reduce(
    (n, [k, v]) => n + k.length + v.length + 4,
    0,
  );
  return body.byteLength + headers + 17;
};

describe.each(Object.keys(viewports) as Width[])("at %s width", (width) => {
  const ctx = {} as Visit;
  let page: Page;
  let watcher: ReturnType<typeof watch>;
  const weights = new Map<string, Weight>();

  beforeAll(async () => {
    const ip = freshIp();
    const context = await browser.newContext({
      ...viewports[width],
      extraHTTPHeaders: forwardedFor(ip),
    });
    Object.assign(ctx, { ip, context });
    page = await ctx.context.newPage();
    watcher = watch(page);
  });

  afterAll(async () => {
    await ctx.context.close();
  });

  it.each(steps.map((s) => [s.name, s] as const))(
    "axe finds no violation on the page 「%s」",
    async (_name, step) => {
      await step.open(page, ctx);
      weights.set(step.name, await watcher.settled());
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it("sends every page with its stylesheet in at most 30 KB", async () => {
    const css = await cssBytes();
    const over = [...weights]
      .map(([name, w]) => [name, w.html + css] as const)
      .filter(([, bytes]) => !(bytes <= MAX_BYTES));
    expect(weights.size).toBe(steps.length);
    expect(over).toEqual([]);
  });

  it("keeps a full page of results (20 rows, both pager buttons) with its stylesheet within 30 KB", async () => {
    const records = demo.portal.replica.searchProgress(
      { method: "insuredNo", insuredNoLast6: twice.last6 },
      { today, windowMonths: demo.config.windowMonths },
    );
    const rows = Array.from({ length: 20 }, (_, i) => records[i % 2]).filter(
      (r) => r !== undefined,
    );
    const body = searchPage(
      {
        cityName: demo.config.cityName,
        lastSyncAt: new Date().toISOString(),
        dataChangedAt: new Date().toISOString(),
        stale: false,
        loggedIn: true,
        officeName: "デモ居宅介護支援事業所",
        csrf: "c".repeat(32),
      },
      {
        method: "insuredNo",
        values: {
          insuredNoLast6: twice.last6,
          applicationDate: "",
          birthDate: "",
        },
        problems: [],
        windowMonths: demo.config.windowMonths,
        contactText: demo.config.contactText,
        consentMode: false,
        result: {
          kind: "found",
          records: rows,
          total: 60,
          page: 2,
          pageSize: 20,
        },
      },
    );
    const headers = Math.max(...[...weights.values()].map((w) => w.headers));
    expect(rows).toHaveLength(20);
    expect(
      headers + Buffer.byteLength(body) + (await cssBytes()),
    ).toBeLessThanOrEqual(MAX_BYTES);
  });

  it("sends no script on any page", () => {
    const withScript = [...weights].filter(
      ([, w]) => w.hasScript || w.scriptRequests > 0,
    );
    expect(withScript).toEqual([]);
  });
});

describe("the accessibility page", () => {
  it("states the target, the scope, the method and a result for every page tested", async () => {
    const res = await fetch(`${demo.portal.url}/accessibility`);
    const body = (await res.text()).replace(/\s+/g, " ");
    for (const text of [
      "対象範囲",
      "JIS X 8341-3:2016",
      "適合レベルAA",
      "準拠",
      "試験の方法",
      "axe-core",
      "キーボード",
      "試験の結果",
    ]) {
      expect(body).toContain(text);
    }
    expect(body).toMatch(/試験日.{0,20}\d{4}年\d{1,2}月\d{1,2}日/);
    expect(testedPages).toEqual(steps.map((s) => s.name));
    for (const name of testedPages) {
      expect(body).toMatch(
        new RegExp(
          `<th scope="row">${name}</th>\\s*<td>適合</td>\\s*<td>適合</td>`,
        ),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Keyboard

/** What has focus: its tag, id, name and text, and whether its focus is visibly drawn. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) {
      return null;
    }
    const style = getComputedStyle(el);
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim(),
      form: el.closest("fieldset")?.querySelector("legend")?.textContent ?? "",
      visible:
        el.matches(":focus-visible") &&
        style.outlineStyle !== "none" &&
        parseFloat(style.outlineWidth) >= 2,
    };
  });

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Presses Tab until `match` has focus (at most `limit` times); every stop on the way is kept. */
const tabTo = async (
  page: Page,
  match: (f: Focus) => boolean,
  stops: Focus[] = [],
  limit = 20,
): Promise<Focus> => {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (f) {
      stops.push(f);
      if (match(f)) {
        return f;
      }
    }
  }
  throw new Error(`not reached by Tab; stops: ${JSON.stringify(stops)}`);
};

const byId =
  (id: string) =>
  (f: Focus): boolean =>
    f.id === id;
const button =
  (text: string, legend = "") =>
  (f: Focus): boolean =>
    f.tag === "button" && f.text.includes(text) && f.form.includes(legend);

describe("the keyboard alone", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext(viewports.desktop);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context.close();
  });

  it("reaches the email field and the send button by Tab on the login page, and sends with Enter", async () => {
    await page.goto(demo.portal.url);
    const stops: Focus[] = [];
    await tabTo(page, byId("email"), stops);
    await page.keyboard.type("demo@example.jp");
    await tabTo(page, button("ログイン用メールを送信"), stops);
    expect(stops.every((s) => s.visible)).toBe(true);
    await page.keyboard.press("Enter");
    await heading(page, "ログイン用メールを送信しました");
    await page.goto(demo.portal.url);
    await tabTo(page, byId("email"));
    await page.keyboard.type("demo@example.jp");
    await page.keyboard.press("Enter");
    await heading(page, "ログイン用メールを送信しました");
  });

  it("logs in with Enter on the button of the login link", async () => {
    await page.goto(demo.portal.url);
    const link = await requestLink(page);
    await page.goto(link);
    await tabTo(page, button("ログインする"));
    await page.keyboard.press("Enter");
    await heading(page, "対象者の検索");
  });

  it("reaches every control of both search methods by Tab, each with a visible focus", async () => {
    await page.goto(`${demo.portal.url}/search`);
    const stops: Focus[] = [];
    await tabTo(page, button("ログアウト"), stops);
    await tabTo(page, byId("insuredNoLast6"), stops);
    await tabTo(page, button("検索", "方法①"), stops);
    await tabTo(page, byId("applicationDate"), stops);
    await tabTo(page, byId("birthDate"), stops);
    await tabTo(page, button("検索", "方法②"), stops);
    await tabTo(page, (f) => f.tag === "a", stops);
    expect(stops.filter((s) => !s.visible)).toEqual([]);
  });

  it("searches by method ① with Enter and pages with the keyboard", async () => {
    await page.goto(`${demo.portal.url}/search`);
    await tabTo(page, byId("insuredNoLast6"));
    await page.keyboard.type(twice.last6);
    await page.keyboard.press("Enter");
    await page.getByText("1-1件 全2件").waitFor();
    const next = await tabTo(page, button("次のページ"));
    expect(next.visible).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByText("2-2件 全2件").waitFor();
    const previous = await tabTo(page, button("前のページ"));
    expect(previous.visible).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByText("1-1件 全2件").waitFor();
  });

  it("searches by method ② with Enter on its button", async () => {
    await page.goto(`${demo.portal.url}/search`);
    await tabTo(page, byId("applicationDate"));
    await page.keyboard.type(twice.applicationMMDD);
    await tabTo(page, byId("birthDate"));
    await page.keyboard.type(twice.birthYMD);
    await tabTo(page, button("検索", "方法②"));
    await page.keyboard.press("Enter");
    await page.getByText(/件 全\d+件/).waitFor();
    await expect(
      page.getByText("対象者を1名に特定できませんでした。").count(),
    ).resolves.toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Errors tied to their fields

/** The field's aria-invalid, and the texts of the elements its aria-describedby names. */
const described = (page: Page, id: string) =>
  page.locator(`#${id}`).evaluate((el) => ({
    invalid: el.getAttribute("aria-invalid"),
    texts: (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((ref) => ({
        ref,
        text: document.getElementById(ref)?.textContent?.trim() ?? null,
      })),
  }));

describe("errors", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext(viewports.desktop);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context.close();
  });

  it("tie the email error to its field", async () => {
    await page.goto(demo.portal.url);
    await page.getByLabel("メールアドレス").fill("care.example.jp");
    await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
    await page.locator("#email-error").waitFor();
    const email = await described(page, "email");
    expect(email.invalid).toBe("true");
    expect(email.texts).toContainEqual({
      ref: "email-error",
      text: await page.locator("#email-error").textContent(),
    });
    expect(email.texts.every((t) => t.text)).toBe(true);
  });

  it("tie each search error to its own field, and leave the valid ones alone", async () => {
    await page.goto(demo.portal.url);
    const link = await requestLink(page);
    await page.goto(link);
    await page.getByRole("button", { name: "ログインする" }).click();
    await heading(page, "対象者の検索");
    await searchByNumber(page, "12345");
    const one = await described(page, "insuredNoLast6");
    expect(one.invalid).toBe("true");
    const expected = parseInsuredNoSearch("12345");
    expect(one.texts.map((t) => t.text)).toContain(
      expected.ok ? "" : expected.problems[0]?.message,
    );
    await searchByDates(page, "", "");
    for (const id of ["applicationDate", "birthDate"]) {
      const field = await described(page, id);
      expect(field.invalid).toBe("true");
      expect(field.texts.map((t) => t.ref)).toContain(`${id}-error`);
      expect(field.texts.every((t) => t.text)).toBe(true);
    }
    const untouched = await described(page, "insuredNoLast6");
    expect(untouched.invalid).toBeNull();
  });
});
