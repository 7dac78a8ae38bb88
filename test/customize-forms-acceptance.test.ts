/**
 * The customizations' validation and derivation in real Chromium on the local kintone's pages:
 * the bundles built once for this file by the project's build and deployed with the official
 * @kintone/customize-uploader (as `npm run upload:customize` does); the demo's clerk types on
 * the create and edit pages, and what is saved is read back over REST.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import type { AppCode } from "../schemas/types.ts";
import { PC_SIZE, PHONE_SIZE, useChromium } from "./support/browser.ts";
import { useCustomizedDemo } from "./support/demo.ts";
import { useKintonePage } from "./support/kintonePages.ts";
import { waitFor } from "./support/waitFor.ts";

const WAIT = 60_000;
const kintone = useCustomizedDemo();

const browser = useChromium();

const appId = (code: AppCode): string => {
  const id = kintone().ids[code];
  if (id === undefined) {
    throw new Error(`app ${code} is not deployed`);
  }
  return id;
};

const pageAt = (options: BrowserContextOptions, path: () => string) =>
  useKintonePage({
    browser,
    base: () => kintone().sandbox.url,
    options,
    path,
    timeout: WAIT,
  });

const input = (page: Page, code: string) =>
  page.locator(`[data-code="${code}"] input`);

const fieldError = (page: Page, code: string) =>
  page.locator(`[data-code="${code}"] .sb-field-error`);

/** Types into a text or date field and leaves it, so that kintone's change event fires. */
const type = async (page: Page, code: string, value: string): Promise<void> => {
  await input(page, code).fill(value);
  await input(page, code).blur();
};

const choose = async (page: Page, code: string, label: string) => {
  await page.locator(`[data-code="${code}"] select`).selectOption(label);
};

const save = (page: Page) =>
  page.getByRole("button", { name: "保存", exact: true }).first().click();

/** The progress records with this 申請番号, over REST. */
const progressByNo = async (applicationNo: string) =>
  (
    await kintone().client.record.getRecords({
      app: appId("progress"),
      query: `applicationNo = "${applicationNo}"`,
    })
  ).records;

const value = (record: Record<string, { value: unknown }>, code: string) =>
  record[code]?.value;

/** The create page has run its show handlers once the derived 進捗 is disabled. */
const openCreate = async (page: Page, path: string): Promise<void> => {
  await page.goto(`${kintone().sandbox.url}${path}`);
  await page.locator('[data-code="stage"] select:disabled').waitFor();
};

describe("the progress app's form on a desktop", () => {
  const thePage = pageAt(PC_SIZE, () => "/k/#/portal");

  it("fills in the search keys and 進捗 and does not let them be typed", async () => {
    const page = thePage();
    await openCreate(page, `/k/${appId("progress")}/edit`);
    for (const code of [
      "insuredNoLast6",
      "applicationDateMMDD",
      "birthDateYMD",
    ]) {
      await expect(input(page, code).isDisabled()).resolves.toBe(true);
    }
    await expect(
      page.locator('[data-code="stage"] select').inputValue(),
    ).resolves.toBe("申請受付");
  }, 120_000);

  it("shows a bad 被保険者番号 at its field and saves nothing", async () => {
    const page = thePage();
    await openCreate(page, `/k/${appId("progress")}/edit`);
    await type(page, "applicationNo", "ACC-BAD-1");
    await type(page, "insuredNo", "12345");
    await fieldError(page, "insuredNo").waitFor({ state: "visible" });
    await expect(fieldError(page, "insuredNo").textContent()).resolves.toBe(
      "被保険者番号は10桁で入力してください（入力は5桁）。",
    );
    await type(page, "birthDate", "1950-01-02");
    await type(page, "applicationDate", "2026-01-05");
    await choose(page, "applicationType", "新規");
    await save(page);
    await page.locator(".sb-alert").waitFor({ state: "visible" });
    await expect(page.locator(".sb-alert").textContent()).resolves.toContain(
      "入力内容に誤りがあります",
    );
    await expect(fieldError(page, "insuredNo").isVisible()).resolves.toBe(true);
    expect(await progressByNo("ACC-BAD-1")).toEqual([]);
  }, 120_000);

  it("refuses a 調査票受理日 before the 申請日 at that field", async () => {
    const page = thePage();
    await openCreate(page, `/k/${appId("progress")}/edit`);
    await type(page, "applicationDate", "2026-01-05");
    await type(page, "surveyReceivedDate", "2020-01-01");
    await fieldError(page, "surveyReceivedDate").waitFor({ state: "visible" });
    await expect(
      fieldError(page, "surveyReceivedDate").textContent(),
    ).resolves.toContain(
      "調査票受理日（2020-01-01）が申請日（2026-01-05）より前です",
    );
  }, 120_000);

  it("saves a valid record with its derived keys and 進捗; 認定日 then moves 進捗 to 認定済", async () => {
    const page = thePage();
    await openCreate(page, `/k/${appId("progress")}/edit`);
    await type(page, "applicationNo", "ACC-OK-1");
    await type(page, "insuredNo", "０１２３４５６７８９");
    await expect(input(page, "insuredNo").inputValue()).resolves.toBe(
      "0123456789",
    );
    await type(page, "birthDate", "1950-01-02");
    await type(page, "applicationDate", "2026-01-05");
    await choose(page, "applicationType", "新規");
    await type(page, "surveyDate", "2026-01-10");
    await waitFor(
      async () =>
        (await page.locator('[data-code="stage"] select').inputValue()) ===
        "認定調査",
      WAIT,
      "進捗 on the form",
    );
    await save(page);
    await page.locator(".sb-detail").waitFor();
    const [saved] = await progressByNo("ACC-OK-1");
    if (saved === undefined) {
      throw new Error("the record was not saved");
    }
    expect({
      insuredNo: value(saved, "insuredNo"),
      insuredNoLast6: value(saved, "insuredNoLast6"),
      applicationDateMMDD: value(saved, "applicationDateMMDD"),
      birthDateYMD: value(saved, "birthDateYMD"),
      stage: value(saved, "stage"),
    }).toEqual({
      insuredNo: "0123456789",
      insuredNoLast6: "456789",
      applicationDateMMDD: "0105",
      birthDateYMD: "19500102",
      stage: "認定調査",
    });

    const id = String(value(saved, "$id"));
    await page.goto(
      `${kintone().sandbox.url}/k/${appId("progress")}/show#record=${id}&mode=edit`,
    );
    await page.locator('[data-code="stage"] select:disabled').waitFor();
    await type(page, "certificationDate", "2026-02-01");
    await choose(page, "careLevel", "要介護2");
    await waitFor(
      async () =>
        (await page.locator('[data-code="stage"] select').inputValue()) ===
        "認定済",
      WAIT,
      "認定済 on the form",
    );
    await save(page);
    await page.locator(".sb-detail").waitFor();
    await waitFor(
      async () =>
        value((await progressByNo("ACC-OK-1"))[0] ?? {}, "stage") === "認定済",
      WAIT,
      "認定済 in kintone",
    );
  }, 180_000);
});

describe("the registration form on a desktop", () => {
  const thePage = pageAt(PC_SIZE, () => "/k/#/portal");

  it("converts a half-width kana name to 全角カナ without spaces, and refuses kanji", async () => {
    const page = thePage();
    await page.goto(`${kintone().sandbox.url}/k/${appId("registration")}/edit`);
    await type(page, "staffNameKana", "ﾃﾞﾓ ﾀﾛｳ");
    await waitFor(
      async () =>
        (await input(page, "staffNameKana").inputValue()) === "デモタロウ",
      WAIT,
      "the converted name",
    );
    await expect(fieldError(page, "staffNameKana").isVisible()).resolves.toBe(
      false,
    );
    await type(page, "staffNameKana", "山田");
    await fieldError(page, "staffNameKana").waitFor({ state: "visible" });
    await expect(
      fieldError(page, "staffNameKana").textContent(),
    ).resolves.toContain("全角カタカナで入力してください");
  }, 120_000);
});

describe("the consent form on a desktop", () => {
  const thePage = pageAt(PC_SIZE, () => "/k/#/portal");

  it("asks for the 代理人, refuses a provider's staff as one, and a 撤回日 before the 同意日; saves nothing", async () => {
    const page = thePage();
    await page.goto(`${kintone().sandbox.url}/k/${appId("consent")}/edit`);
    await type(page, "insuredNo", "0000999999");
    await type(page, "consentDate", "2026-01-05");
    await page
      .locator('[data-code="consenter"]')
      .getByLabel("代理人", { exact: true })
      .check();
    await save(page);
    await fieldError(page, "proxyName").waitFor({ state: "visible" });
    await expect(fieldError(page, "proxyName").textContent()).resolves.toBe(
      "同意者が代理人のときは代理人氏名を入力してください。",
    );
    await type(page, "proxyName", "デモダイリ");
    await type(page, "proxyRelation", "ケアマネジャー");
    await fieldError(page, "proxyRelation").waitFor({ state: "visible" });
    await expect(
      fieldError(page, "proxyRelation").textContent(),
    ).resolves.toContain("事業所の職員は代理人になれません");
    await type(page, "proxyRelation", "子");
    await fieldError(page, "proxyRelation").waitFor({ state: "hidden" });
    await type(page, "consentWithdrawalDate", "2026-01-01");
    await fieldError(page, "consentWithdrawalDate").waitFor({
      state: "visible",
    });
    await save(page);
    await page.locator(".sb-alert").waitFor({ state: "visible" });
    const { records } = await kintone().client.record.getRecords({
      app: appId("consent"),
      query: 'insuredNo = "0000999999"',
    });
    expect(records).toEqual([]);
  }, 120_000);
});

describe("the progress app's form on a phone", () => {
  const thePage = pageAt(PHONE_SIZE, () => "/k/m/");

  it("shows a bad 被保険者番号 at its field and derives the keys of a good one", async () => {
    const page = thePage();
    await openCreate(page, `/k/m/${appId("progress")}/edit`);
    await type(page, "insuredNo", "1234X");
    await fieldError(page, "insuredNo").waitFor({ state: "visible" });
    await type(page, "insuredNo", "0000123456");
    await fieldError(page, "insuredNo").waitFor({ state: "hidden" });
    await waitFor(
      async () =>
        (await input(page, "insuredNoLast6").inputValue()) === "123456",
      WAIT,
      "the derived 下6桁",
    );
  }, 120_000);
});
