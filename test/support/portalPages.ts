/**
 * A care manager's steps on the portal in Chromium: log in through the mailed link, search by
 * the last 6 digits.
 */
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo.ts";
import { mailAfter } from "./mail.ts";

/** Asks for the login mail on the portal; returns the mail's subject and the link it carries. */
export const requestLoginLink = async (
  page: Page,
  demo: Demo,
  email: string,
): Promise<{ link: string; subject: string }> => {
  const before = demo.catcher.messages().length;
  await page.goto(demo.portal.url);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByRole("button", { name: "ログイン用メールを送信" }).click();
  await page
    .getByRole("heading", { name: "ログイン用メールを送信しました" })
    .waitFor();
  const mail = await mailAfter(demo.catcher, before, email);
  const link = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(
    mail.text,
  )?.[0];
  if (!link) {
    throw new Error("no login link in the mail");
  }
  return { link, subject: mail.subject };
};

/** Asks for the login mail, opens its link and presses 「ログインする」; ends on 検索. */
export const logInOnPortal = async (
  page: Page,
  demo: Demo,
  email: string,
): Promise<void> => {
  const { link } = await requestLoginLink(page, demo, email);
  await page.goto(link);
  await page.getByRole("button", { name: "ログインする" }).click();
  await page.getByRole("heading", { name: "対象者の検索" }).waitFor();
};

/** Searches by 被保険者番号 (method ①) and waits for the answer's page. */
export const searchOnPortal = async (
  page: Page,
  value: string,
): Promise<void> => {
  await page.getByLabel("被保険者番号（下6桁）").fill(value);
  await page
    .getByRole("group", { name: "方法① 被保険者番号(6桁)で検索" })
    .getByRole("button", { name: "検索" })
    .click();
  await page.getByRole("heading", { name: "検索結果" }).waitFor();
};
