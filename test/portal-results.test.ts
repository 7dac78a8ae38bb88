/**
 * What a care manager comes for, in real Chromium at 1366×768 and 390×844 against the demo:
 * each application as its steps, right for demo records at every stage; an open application
 * older than the window still found; back and reload after a search without the browser's
 * resubmission prompt; the way back to 検索 from every page.
 */
import type { BrowserContext, Page } from "playwright-core";
import { addDays, addMonths, jstDateOf, type IsoDate } from "../domain/date.ts";
import { stages } from "../domain/codes.ts";
import {
  stageOf,
  stepDatesOf,
  type ProgressDates,
} from "../domain/progress.ts";
import { stepsOf } from "../domain/steps.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { PC_SIZE, PHONE_SIZE, useChromium } from "./support/browser.ts";
import { useDemo } from "./support/demo.ts";
import { logInOnPortal, searchOnPortal } from "./support/portalPages.ts";

const today = jstDateOf(Date.now()) as IsoDate;
const { demo } = useDemo({
  today,
  portal: { syncIntervalSeconds: 3600, reconcileIntervalSeconds: 3600 },
});
const browser = useChromium();

type Rec = Record<string, { value: unknown }>;
const text = (r: Rec, code: string): string => {
  const v = r[code]?.value;
  return typeof v === "string" ? v : "";
};
const datesOf = (r: Rec): ProgressDates => stepDatesOf((f) => text(r, f));

let records: Rec[] = [];
/** The last 6 digits that find exactly one person. */
let unique = new Set<string>();

beforeAll(async () => {
  records = (await demo().client.record.getAllRecords({
    app: demo().ids.progress as string,
  })) as Rec[];
  const people = new Map<string, Set<string>>();
  for (const r of records) {
    const last6 = text(r, "insuredNo").slice(-6);
    people.set(
      last6,
      (people.get(last6) ?? new Set()).add(text(r, "insuredNo")),
    );
  }
  unique = new Set(
    [...people].filter(([, p]) => p.size === 1).map(([last6]) => last6),
  );
});

/** A demo application at `stage`, recent enough to be published whatever the rule. */
const recentAt = (stage: keyof typeof stages): Rec => {
  const since = addDays(today, -45);
  const found = records.find((r) => {
    const d = datesOf(r);
    const closing =
      d.certificationDate ?? d.withdrawalDate ?? d.applicationDate;
    return (
      stageOf(d) === stage &&
      unique.has(text(r, "insuredNo").slice(-6)) &&
      closing !== null &&
      closing !== undefined &&
      closing >= since
    );
  });
  if (!found) {
    throw new Error(`the demo has no recent application at ${stage}`);
  }
  return found;
};

/** The row of an application on the results page, found by its 申請日. */
const rowOf = (page: Page, r: Rec) => {
  const mmdd = text(r, "applicationDate").slice(5).replace("-", "/");
  return page.locator("tbody tr").filter({
    has: page.locator("td.step", { hasText: `申請日 ${mmdd}` }),
  });
};

describe.each([
  ["PC (1366×768)", PC_SIZE],
  ["phone (390×844)", PHONE_SIZE],
] as const)("the results on a %s", (_size, size) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser().newContext(size);
    page = await context.newPage();
    await logInOnPortal(page, demo(), DEMO_EMAIL);
  });
  afterAll(async () => {
    await context.close();
  });

  it.each(Object.keys(stages) as Array<keyof typeof stages>)(
    "shows an application at 「%s」 as its five steps, the current one marked",
    async (stage) => {
      const r = recentAt(stage);
      await searchOnPortal(page, text(r, "insuredNo").slice(-6));
      const row = rowOf(page, r);
      await row.waitFor();
      const expected = stepsOf(datesOf(r));
      const cells = row.locator("td.step");
      expect(await cells.count()).toBe(5);
      // The steps' columns, in order (the table's headings; a phone shows them as labels).
      const headings = await page.locator("thead th").allTextContents();
      expect(headings.slice(2, 7)).toEqual(expected.map((s) => s.label));
      for (const [i, s] of expected.entries()) {
        const cell = cells.nth(i);
        await expect(cell.locator("b").textContent()).resolves.toBe(s.status);
        await expect(
          cell.evaluate((el) => el.classList.contains("current")),
        ).resolves.toBe(s.current);
      }
      await expect(
        row.locator("td:nth-child(2)").textContent(),
      ).resolves.toContain(stages[stage].label);
      await expect(
        row.locator("td.current").getByText("現在の段階").isVisible(),
      ).resolves.toBe(true);
    },
  );

  it("still finds an application that is open 4 months after 申請日", async () => {
    const old = records.find((r) => {
      const d = datesOf(r);
      const applied = d.applicationDate ?? "";
      return (
        !d.certificationDate &&
        !d.withdrawalDate &&
        applied < addMonths(today, -3) &&
        applied >= addMonths(today, -5) &&
        unique.has(text(r, "insuredNo").slice(-6))
      );
    });
    expect(old).toBeDefined();
    await searchOnPortal(page, text(old as Rec, "insuredNo").slice(-6));
    await rowOf(page, old as Rec).waitFor();
  });
});

describe("back and reload after a search", () => {
  it("shows the same answer again without a resubmission prompt, searching only once", async () => {
    const context = await browser().newContext(PC_SIZE);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => undefined);
    });
    await logInOnPortal(page, demo(), DEMO_EMAIL);
    const r = recentAt("survey");
    const last6 = text(r, "insuredNo").slice(-6);
    const logged = async (): Promise<number> => {
      await demo().portal.flushAudit();
      const { records: events } = await demo().client.record.getRecords({
        app: demo().ids.accessLog as string,
        query: `eventType in ("検索") and searchValues = "${last6}"`,
      });
      return events.length;
    };
    const before = await logged();
    await searchOnPortal(page, last6);
    const url = page.url();
    expect(url).toMatch(/\/search\/results\/[A-Za-z0-9_-]{22}$/);
    expect(url).not.toContain(last6);
    const count = await page.locator(".count").textContent();

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    await expect(page.locator(".count").textContent()).resolves.toBe(count);

    // Away to the accessibility page, back to 検索 by its link, then back twice.
    await page.getByRole("link", { name: "アクセシビリティ" }).click();
    await page
      .getByRole("heading", { name: "アクセシビリティ", level: 1 })
      .waitFor();
    await page.getByRole("link", { name: "検索画面へ" }).click();
    await page.getByRole("heading", { name: "対象者の検索" }).waitFor();
    await page.goBack();
    await page.goBack();
    expect(page.url()).toBe(url);
    await expect(page.locator(".count").textContent()).resolves.toBe(count);
    expect(dialogs).toEqual([]);

    expect(await logged()).toBe(before + 1);
    await context.close();
  });
});
