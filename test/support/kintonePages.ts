/**
 * The local kintone's staff pages in a test's Chromium: logging in through its login form, and
 * one logged-in page for the tests of a describe block.
 */
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
} from "playwright-core";
import { DEMO_CLERK } from "../../scripts/demo.ts";

export interface KintoneUser {
  login: string;
  password: string;
}

interface LogIn {
  /** The local kintone's URL. */
  base: string;
  /** Where to land: a page that asks for a login first. */
  path: string;
  /** The demo's clerk unless told. */
  user?: KintoneUser;
  /** The page's default timeout (ms). */
  timeout: number;
}

/** Opens `path`, which sends the visitor to the login form, logs in and lands on `path`. */
export const logInToKintone = async (
  context: BrowserContext,
  o: LogIn,
): Promise<Page> => {
  const user = o.user ?? DEMO_CLERK;
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeout);
  await page.goto(`${o.base}${o.path}`);
  if (new URL(page.url()).pathname !== "/login") {
    throw new Error(`${o.path} did not ask for a login (at ${page.url()})`);
  }
  await page.getByLabel("ログイン名").fill(user.login);
  await page.getByLabel("パスワード").fill(user.password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(`${o.base}${o.path}`);
  return page;
};

/**
 * A logged-in page for the tests of one describe block: a browser context of `options` (its
 * size), logged in at `path` before them, closed after them. Values known only once the test
 * file's set-up ran are given as getters.
 */
export const useKintonePage = (o: {
  browser: () => Browser;
  base: () => string;
  options: BrowserContextOptions;
  path: () => string;
  timeout: number;
}): (() => Page) => {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    context = await o.browser().newContext(o.options);
    page = await logInToKintone(context, {
      base: o.base(),
      path: o.path(),
      timeout: o.timeout,
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });
  return () => {
    if (!page) {
      throw new Error("no page (useKintonePage's beforeAll did not run)");
    }
    return page;
  };
};
