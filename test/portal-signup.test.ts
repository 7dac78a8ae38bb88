/**
 * 利用登録の申請 on the portal, in real Chromium against the demo (local kintone, the real mail
 * catcher), at PC size and on a 390×844 phone: a newcomer registers through the mailed link and
 * sees the receipt; the record is in kintone in 申請中 with every field; a second application for
 * an address with one waiting is refused; an office not in 事業所マスタ (or not allowed) gets the
 * city guide's words; an address whose registration is 利用停止 registers again; 廃止 ends the
 * session at once; everything works with JavaScript off; axe finds nothing on the new pages.
 * UPDATE_SCREENSHOTS=1 rewrites the screenshots in docs/screenshots.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  PC_SIZE,
  PHONE_SIZE,
  screenshot as shot,
  useChromium,
} from "./support/browser.ts";
import { useDemo } from "./support/demo.ts";
import { mailAfter } from "./support/mail.ts";
import { jstDateOf } from "../domain/date.ts";
import { officeNoCheckDigit } from "../domain/officeNo.ts";
import { registrability } from "../domain/codes.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";

let office: { officeNo: string; officeName: string; phone: string };
let notAllowed: string;
const today = jstDateOf(Date.now()) as string;
/** The portal's log lines about logins, in order (logged before the answer leaves). */
const logins: string[] = [];

const desktop = PC_SIZE;
const phone = PHONE_SIZE;

const toFullWidth = (s: string): string =>
  s.replace(/[0-9A-Z]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const { demo } = useDemo({
  today,
  env: { PORTAL_LIMIT_SIGNUP_MAILS_PER_ADDRESS_HOUR: "100" },
  log: (line) => {
    if (line.startsWith("login:")) {
      logins.push(line);
    }
  },
  portal: { syncIntervalSeconds: 3600, reconcileIntervalSeconds: 3600 },
});
const browser = useChromium();

beforeAll(async () => {
  const offices = await demo().client.record.getAllRecords({
    app: demo().ids.offices as string,
  });
  const allowed = offices.find(
    (r) => r.registrable?.value === registrability.yes.label,
  );
  office = {
    officeNo: String(allowed?.officeNo?.value),
    officeName: String(allowed?.officeName?.value),
    phone: String(allowed?.phone?.value),
  };
  notAllowed = String(
    offices.find((r) => r.registrable?.value === registrability.no.label)
      ?.officeNo?.value,
  );
});

/** Asks for the registration mail on the portal and returns the link it carries. */
const requestSignupLink = async (
  page: Page,
  email: string,
  from: "login" | "search" = "login",
): Promise<string> => {
  const before = demo().catcher.messages().length;
  await page.goto(demo().portal.url);
  const name =
    from === "login" ? "はじめての方（利用登録）" : "登録内容の変更・廃止";
  await page.getByRole("link", { name }).click();
  await page.getByRole("heading", { name: "利用登録の申請" }).waitFor();
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByRole("button", { name: "申請用メールを送信" }).click();
  await page
    .getByRole("heading", { name: "申請用メールを送信しました" })
    .waitFor();
  const mail = await mailAfter(demo().catcher, before, email);
  expect(mail.subject).toBe(
    "【デモ市要介護認定進捗確認システム】利用登録の申請用メール",
  );
  const link = /https?:\/\/\S+\/register\/form\?token=[A-Za-z0-9_%-]+/.exec(
    mail.text,
  )?.[0];
  if (!link) {
    throw new Error("no link in the mail");
  }
  return link;
};

interface Application {
  requestType?: "新規" | "変更" | "廃止";
  officeNo: string;
  officePhone: string;
  staffNameKana: string;
  pledge?: boolean;
}

const fillForm = async (page: Page, a: Application): Promise<void> => {
  await page.getByRole("radio", { name: a.requestType ?? "新規" }).check();
  await page.getByLabel("事業所番号（必須）").fill(a.officeNo);
  await page
    .getByLabel("事業所または施設の電話番号（必須）")
    .fill(a.officePhone);
  await page.getByLabel("担当者氏名（全角カナ・必須）").fill(a.staffNameKana);
  if (a.pledge !== false) {
    await page.getByRole("checkbox").check();
  }
  await page.getByRole("button", { name: "入力内容を確認する" }).click();
};

/** Submits from the confirmation page; returns the 受付番号 shown. */
const submit = async (page: Page): Promise<string> => {
  await page.getByRole("heading", { name: "入力内容の確認" }).waitFor();
  await page.getByRole("button", { name: "申請する" }).click();
  await page.getByRole("heading", { name: "申請を受け付けました" }).waitFor();
  const shown = await page.getByRole("status").textContent();
  const receiptNo = /受付番号：(\d+)/.exec(shown ?? "")?.[1];
  if (!receiptNo) {
    throw new Error(`no 受付番号 on the page: ${shown}`);
  }
  return receiptNo;
};

const withContext = async <T>(
  options: Parameters<Browser["newContext"]>[0],
  use: (context: BrowserContext) => Promise<T>,
): Promise<T> => {
  const context = await browser().newContext(options);
  try {
    return await use(context);
  } finally {
    await context.close();
  }
};

test("a newcomer registers through the mailed link, sees the receipt, and the record is in kintone in 申請中", async () => {
  const email = "signup-pc@example.jp";
  await withContext(desktop, async (context) => {
    const page = await context.newPage();
    const link = await requestSignupLink(page, email);
    await page.goto(link);
    await page
      .getByRole("heading", { name: "要介護認定 進捗確認システム利用登録" })
      .waitFor();
    // The address the link was mailed to, shown and not editable; the six 遵守事項 in full.
    await expect(page.locator("dl.fixed").textContent()).resolves.toContain(
      email,
    );
    await expect(page.locator(".pledge li").count()).resolves.toBe(6);
    await shot(page, "signup-form-pc");
    await fillForm(page, {
      officeNo: toFullWidth(office.officeNo),
      officePhone: office.phone,
      staffNameKana: "かいご　ﾀﾛｳ",
    });
    const confirm = await page.locator("dl.fixed").textContent();
    expect(confirm).toContain(office.officeName);
    expect(confirm).toContain("カイゴタロウ");
    expect(confirm).toContain(office.officeNo);
    await shot(page, "signup-confirm-pc");
    const before = demo().catcher.messages().length;
    const receiptNo = await submit(page);
    await shot(page, "signup-done-pc");
    const receipt = await mailAfter(demo().catcher, before, email);
    expect(receipt.text).toContain(`受付番号：${receiptNo}`);

    const { record } = await demo().client.record.getRecord({
      app: demo().ids.registration as string,
      id: receiptNo,
    });
    expect({
      status: record.ステータス?.value,
      applicationDate: record.applicationDate?.value,
      requestType: record.registrationRequestType?.value,
      officeNo: record.officeNo?.value,
      officeName: record.officeName?.value,
      officePhone: record.officePhone?.value,
      email: record.email?.value,
      staffNameKana: record.staffNameKana?.value,
      pledged: (record.pledge?.value as string[]).length,
    }).toEqual({
      status: "申請中",
      applicationDate: today,
      requestType: "新規",
      officeNo: office.officeNo,
      officeName: office.officeName,
      officePhone: office.phone,
      email,
      staffNameKana: "カイゴタロウ",
      pledged: 1,
    });

    // The link was used up by the submission.
    await page.goto(link);
    await page.getByRole("heading", { name: "このURLは使えません" }).waitFor();

    // A second 新規 for the same address is refused: one is waiting for review.
    const again = await requestSignupLink(page, email);
    await page.goto(again);
    await fillForm(page, {
      officeNo: office.officeNo,
      officePhone: office.phone,
      staffNameKana: "カイゴタロウ",
    });
    await expect(
      page.locator("#registrationRequestType-error").textContent(),
    ).resolves.toContain("審査中です");
  });
}, 180_000);

test("on a phone: the form's problems sit by their fields, an office not in 事業所マスタ or not allowed gets the guide's words, and a 利用停止 address registers again", async () => {
  const email = "demo-suspended@example.jp";
  await withContext(phone, async (context) => {
    const page = await context.newPage();
    const link = await requestSignupLink(page, email);
    await page.goto(link);
    await fillForm(page, {
      officeNo: "12345",
      officePhone: "",
      staffNameKana: "Kaigo",
      pledge: false,
    });
    await page.getByRole("alert").first().waitFor();
    for (const field of [
      "officeNo",
      "officePhone",
      "staffNameKana",
      "pledge",
    ]) {
      await expect(page.locator(`#${field}-error`).count()).resolves.toBe(1);
    }
    await shot(page, "signup-form-errors-phone");
    // A well-formed number (its check digit right) that no office has.
    const first9 = `${office.officeNo.slice(0, 2)}9999999`;
    const unknown = `${first9}${officeNoCheckDigit(first9)}`;
    for (const officeNo of [unknown, notAllowed]) {
      await fillForm(page, {
        officeNo,
        officePhone: office.phone,
        staffNameKana: "デモハナコ",
      });
      await expect(page.locator("#officeNo-error").textContent()).resolves.toBe(
        "指定事業所情報が検索できません",
      );
    }
    await fillForm(page, {
      officeNo: office.officeNo,
      officePhone: office.phone,
      staffNameKana: "デモハナコ",
    });
    await shot(page, "signup-confirm-phone");
    const receiptNo = await submit(page);
    const { record } = await demo().client.record.getRecord({
      app: demo().ids.registration as string,
      id: receiptNo,
    });
    expect(record.ステータス?.value).toBe("申請中");
    expect(record.email?.value).toBe(email);
  });
}, 180_000);

test("with JavaScript off the whole application works, and 修正する goes back to the form with the values", async () => {
  const email = "signup-nojs@example.jp";
  await withContext(
    { ...desktop, javaScriptEnabled: false },
    async (context) => {
      const page = await context.newPage();
      const link = await requestSignupLink(page, email);
      await page.goto(link);
      await fillForm(page, {
        officeNo: office.officeNo,
        officePhone: office.phone,
        staffNameKana: "ノージェーエス",
      });
      await page.getByRole("button", { name: "修正する" }).click();
      await expect(
        page.getByLabel("担当者氏名（全角カナ・必須）").inputValue(),
      ).resolves.toBe("ノージェーエス");
      await page.getByRole("checkbox").check();
      await page.getByRole("button", { name: "入力内容を確認する" }).click();
      await expect(submit(page)).resolves.toMatch(/^\d+$/);
    },
  );
}, 180_000);

test.each([
  ["PC", desktop],
  ["phone", phone],
] as const)(
  "axe finds no violation on the registration pages (%s)",
  async (size, options) => {
    await withContext(options, async (context) => {
      const page = await context.newPage();
      const link = await requestSignupLink(
        page,
        `signup-axe-${size}@example.jp`,
      );
      const check = async (what: string): Promise<void> => {
        const result = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        expect([what, result.violations.map((v) => v.id)]).toEqual([what, []]);
      };
      await check("sent");
      await page.goto(`${demo().portal.url}/register`);
      await check("start");
      await page.goto(link);
      await check("form");
      await fillForm(page, {
        officeNo: "1",
        officePhone: "",
        staffNameKana: "",
        pledge: false,
      });
      await check("form with problems");
      await fillForm(page, {
        officeNo: office.officeNo,
        officePhone: office.phone,
        staffNameKana: "アクセシビリティ",
      });
      await check("confirm");
      await submit(page);
      await check("done");
      await page.goto(link);
      await page
        .getByRole("heading", { name: "このURLは使えません" })
        .waitFor();
      await check("link used up");
    });
  },
  240_000,
);

test("廃止 ends the registration's portal access at once: the session ends and no login mail is sent", async () => {
  await withContext(desktop, async (context) => {
    const page = await context.newPage();
    // Logged in as the demo's provider.
    const before = demo().catcher.messages().length;
    await page.goto(demo().portal.url);
    await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
    await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
    const mail = await mailAfter(demo().catcher, before, DEMO_EMAIL);
    const login = /https?:\/\/\S+\/login\/verify\?token=\S+/.exec(
      mail.text,
    )?.[0];
    await page.goto(String(login));
    await page.getByRole("button", { name: "ログインする" }).click();
    await page.getByRole("heading", { name: "対象者の検索" }).waitFor();

    // The same person applies for 廃止 in another tab.
    const other = await context.newPage();
    const link = await requestSignupLink(other, DEMO_EMAIL, "search");
    await other.goto(link);
    await fillForm(other, {
      requestType: "廃止",
      officeNo: office.officeNo,
      officePhone: office.phone,
      staffNameKana: "デモタロウ",
    });
    await submit(other);

    // The first tab's session is over.
    await page.goto(`${demo().portal.url}/search`);
    await page.getByRole("heading", { name: "ログインしてください" }).waitFor();
    // The record stays for the staff, in 利用中 until they process the 廃止.
    const [active] = (
      await demo().client.record.getRecords({
        app: demo().ids.registration as string,
        query: `email = "${DEMO_EMAIL}" and ステータス in ("利用中")`,
      })
    ).records;
    expect(active).toBeDefined();
    // Asking for a login mail now sends none.
    logins.length = 0;
    await page.goto(demo().portal.url);
    await page.getByLabel("メールアドレス").fill(DEMO_EMAIL);
    await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
    await page
      .getByRole("heading", { name: "ログイン用メールを送信しました" })
      .waitFor();
    expect(logins).toEqual(["login: refused (no usable registration)"]);
  });
}, 180_000);
