/**
 * Acceptance of the local kintone's staff pages, in real Chromium against the demo: the demo's
 * clerk logs in through the form, sees the records of the five apps, opens a record, edits and
 * saves it (read back over REST), sees the server's refusal at its field, runs a registration's
 * process action and posts a comment; then the same on the mobile pages at a phone's size.
 */
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
} from "playwright-core";
import { DEMO_CLERK } from "../scripts/demo.ts";
import { appCodes } from "../schemas/types.ts";
import { PC_SIZE, PHONE_SIZE, useChromium } from "./support/browser.ts";
import { useDemoKintone } from "./support/demo.ts";
import { logInToKintone, useKintonePage } from "./support/kintonePages.ts";
import { waitFor } from "./support/waitFor.ts";

const WAIT = 60_000;

// The demo seeds no access log (the portal writes it as it is used): one entry to list.
const kintone = useDemoKintone(async (k) => {
  await k.client.record.addRecord({
    app: appId("accessLog"),
    record: {
      eventId: { value: "acceptance-1" },
      occurredAt: { value: new Date().toISOString() },
      eventType: { value: "ログイン" },
      email: { value: "office@example.jp" },
    },
  });
});

const browser = useChromium();

const appId = (code: (typeof appCodes)[number]): string => {
  const id = kintone().ids[code];
  if (id === undefined) {
    throw new Error(`app ${code} is not deployed`);
  }
  return id;
};

/** The demo's administrator: the registrations' assignee (their creator), who may proceed. */
const ADMIN = { login: "admin", password: "admin" };

const pageAt = (options: BrowserContextOptions, path: () => string) =>
  useKintonePage({
    browser,
    base: () => kintone().sandbox.url,
    options,
    path,
    timeout: WAIT,
  });

/** A registration in a status, and its id. */
const registrationIn = async (status: string): Promise<string> => {
  const { records } = await kintone().client.record.getRecords({
    app: appId("registration"),
    query: `ステータス in ("${status}") order by $id asc limit 1`,
  });
  const id = records[0]?.$id?.value;
  if (typeof id !== "string") {
    throw new Error(`no registration in ${status}`);
  }
  return id;
};

const registrationField = async (
  id: string,
  code: string,
): Promise<unknown> => {
  const { record } = await kintone().client.record.getRecord({
    app: appId("registration"),
    id,
  });
  return record[code]?.value;
};

/** Edits the reviewer (a plain text) and saves; the edit page's URL is `editPath`. */
const editAndSave = async (
  page: Page,
  editPath: string,
  id: string,
  value: string,
): Promise<void> => {
  await page.goto(`${kintone().sandbox.url}${editPath}`);
  const input = page.locator('[data-code="reviewer"] input');
  await input.fill(value);
  await page.getByRole("button", { name: "保存", exact: true }).first().click();
  await waitFor(
    async () => (await registrationField(id, "reviewer")) === value,
    WAIT,
    "the saved reviewer",
  );
  await page.locator(".sb-detail").waitFor();
  await expect(
    page.locator('[data-code="reviewer"] .sb-value').textContent(),
  ).resolves.toBe(value);
};

/** Empties a required field, saves, and sees the refusal at that field. */
const refuseEmptyRequired = async (
  page: Page,
  editPath: string,
  id: string,
): Promise<void> => {
  const before = await registrationField(id, "officePhone");
  await page.goto(`${kintone().sandbox.url}${editPath}`);
  await page.locator('[data-code="officePhone"] input').fill("");
  await page.getByRole("button", { name: "保存", exact: true }).first().click();
  const error = page.locator('[data-code="officePhone"] .sb-field-error');
  await error.waitFor({ state: "visible" });
  expect((await error.textContent())?.trim()).not.toBe("");
  expect(await registrationField(id, "officePhone")).toBe(before);
};

/**
 * Runs an action on the detail page at `detailPath` and sees the status move. A registration's
 * assignee is its creator (the administrator in the demo data): kintone lets only the assignee
 * proceed, so the administrator does it, in a context of the same size.
 */
const runAction = async (
  options: BrowserContextOptions,
  detailPath: string,
  step: Step,
): Promise<void> => {
  const context = await browser().newContext(options);
  try {
    await proceedAsAdmin(
      await logInToKintone(context, {
        base: kintone().sandbox.url,
        path: detailPath,
        user: ADMIN,
        timeout: WAIT,
      }),
      detailPath,
      step,
    );
  } finally {
    await context.close();
  }
};

interface Step {
  id: string;
  from: string;
  action: string;
  to: string;
}

const proceedAsAdmin = async (
  page: Page,
  detailPath: string,
  { id, from, action, to }: Step,
): Promise<void> => {
  await page.goto(`${kintone().sandbox.url}${detailPath}`);
  const process = page.getByRole("region", { name: "プロセス管理" });
  await expect(process.locator(".sb-status").textContent()).resolves.toBe(from);
  await process.getByRole("button", { name: action, exact: true }).click();
  const alert = page.locator(".sb-alert");
  await waitFor(
    async () => {
      if ((await registrationField(id, "ステータス")) === to) {
        return true;
      }
      return alert.isVisible();
    },
    WAIT,
    `the status ${to}`,
  );
  expect(await alert.isVisible()).toBe(false);
  expect(await registrationField(id, "ステータス")).toBe(to);
  await page.waitForFunction(
    (status) => document.querySelector(".sb-status")?.textContent === status,
    to,
    { timeout: WAIT },
  );
};

/** Posts a comment on the detail page at `detailPath` and sees it listed. */
const comment = async (
  page: Page,
  detailPath: string,
  text: string,
): Promise<void> => {
  await page.goto(`${kintone().sandbox.url}${detailPath}`);
  const pane = page.getByRole("region", { name: "コメント" });
  await pane.getByLabel("コメント").fill(text);
  await pane.getByRole("button", { name: "書き込む" }).click();
  await pane.locator(".sb-comment", { hasText: text }).waitFor();
  await expect(
    pane.locator(".sb-comment-head").first().textContent(),
  ).resolves.toContain(DEMO_CLERK.name);
};

describe("on a desktop", () => {
  const thePage = pageAt(PC_SIZE, () => "/k/#/portal");

  it.each(appCodes.map((code) => [code]))(
    "lists the records of the %s app",
    async (code) => {
      const page = thePage();
      await page.goto(`${kintone().sandbox.url}/k/${appId(code)}/`);
      await page.locator("table.sb-list tbody tr").first().waitFor();
      expect(
        await page.locator("table.sb-list tbody tr").count(),
      ).toBeGreaterThan(0);
    },
    120_000,
  );

  it("opens a record's detail from the list", async () => {
    const page = thePage();
    const app = appId("registration");
    await page.goto(`${kintone().sandbox.url}/k/${app}/`);
    const open = page.locator("table.sb-list tbody tr .sb-open a").first();
    const label = (await open.getAttribute("aria-label")) ?? "";
    const id = /レコード (\d+) の詳細/u.exec(label)?.[1];
    await open.click();
    await page.waitForURL(
      `${kintone().sandbox.url}/k/${app}/show#record=${id}`,
    );
    await page.locator('.sb-detail [data-code="email"] .sb-value').waitFor();
    const email = await registrationField(id ?? "", "email");
    await expect(
      page.locator('.sb-detail [data-code="email"] .sb-value').textContent(),
    ).resolves.toBe(email);
  }, 120_000);

  it("edits a field, saves, and the change is in kintone", async () => {
    const page = thePage();
    const id = await registrationIn("申請中");
    const app = appId("registration");
    await editAndSave(
      page,
      `/k/${app}/show#record=${id}&mode=edit`,
      id,
      "審査 太郎（PC）",
    );
  }, 120_000);

  it("shows the server's refusal at the field", async () => {
    const page = thePage();
    const id = await registrationIn("申請中");
    const app = appId("registration");
    await refuseEmptyRequired(
      page,
      `/k/${app}/show#record=${id}&mode=edit`,
      id,
    );
  }, 120_000);

  it("runs a registration's process action", async () => {
    const page = thePage();
    const id = await registrationIn("申請中");
    await runAction(PC_SIZE, `/k/${appId("registration")}/show#record=${id}`, {
      id,
      from: "申請中",
      action: "審査開始",
      to: "審査中",
    });
  }, 120_000);

  it("posts a comment and lists it", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    await comment(
      page,
      `/k/${appId("registration")}/show#record=${id}`,
      "書類を確認しました（PC）",
    );
  }, 120_000);
  it("starts the edit page's buttons right under its title (an empty header menu takes no line)", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    await page.goto(
      `${kintone().sandbox.url}/k/${appId("registration")}/show#record=${id}&mode=edit`,
    );
    await page.locator('[data-code="reviewer"] input').waitFor();
    const save = page.getByRole("button", { name: "保存", exact: true });
    const title = await page.locator(".sb-title").boundingBox();
    const button = await save.first().boundingBox();
    expect(
      (button?.y ?? 0) - ((title?.y ?? 0) + (title?.height ?? 0)),
    ).toBeLessThan(20);
  }, 120_000);
});

describe("on a phone", () => {
  const thePage = pageAt(PHONE_SIZE, () => "/k/m/");

  it("keeps the top bar on one line", async () => {
    const page = thePage();
    await page.goto(`${kintone().sandbox.url}/k/m/`);
    const brand = await page.locator(".sb-brand").boundingBox();
    const logout = await page
      .getByRole("button", { name: "ログアウト" })
      .boundingBox();
    expect(logout?.y ?? 0).toBeLessThan((brand?.y ?? 0) + (brand?.height ?? 0));
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
  }, 120_000);

  it("lists records as cards and opens one", async () => {
    const page = thePage();
    const app = appId("registration");
    await page.goto(`${kintone().sandbox.url}/k/m/${app}/`);
    const open = page.locator("table.sb-cards tbody tr .sb-open a").first();
    await open.waitFor();
    const label = (await open.getAttribute("aria-label")) ?? "";
    const id = /レコード (\d+) の詳細/u.exec(label)?.[1];
    await open.click();
    await page.waitForURL(
      `${kintone().sandbox.url}/k/m/${app}/show?record=${id}`,
    );
    await page.locator('.sb-detail [data-code="email"] .sb-value').waitFor();
    const width = await page.evaluate(
      () => document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
  }, 120_000);

  it("edits a field, saves, and the change is in kintone", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    const app = appId("registration");
    await editAndSave(
      page,
      `/k/m/${app}/edit?record=${id}`,
      id,
      "審査 花子（スマホ）",
    );
  }, 120_000);

  it("shows the server's refusal at the field", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    await refuseEmptyRequired(
      page,
      `/k/m/${appId("registration")}/edit?record=${id}`,
      id,
    );
  }, 120_000);

  it("runs a registration's process action", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    await runAction(
      PHONE_SIZE,
      `/k/m/${appId("registration")}/show?record=${id}`,
      {
        id,
        from: "審査中",
        action: "差戻し",
        to: "差戻し",
      },
    );
  }, 120_000);

  it("posts a comment and lists it", async () => {
    const page = thePage();
    const id = await registrationIn("審査中");
    await comment(
      page,
      `/k/m/${appId("registration")}/show?record=${id}`,
      "電話で確認しました（スマホ）",
    );
  }, 120_000);
});
