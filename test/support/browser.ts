/**
 * The browser for browser tests (found by scripts/lib/chromium.ts), started the way a closed
 * machine needs: headless, no sandbox (tests may run as root), none of the background
 * networking that a closed network refuses.
 */
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import {
  CHROMIUM_ARGS,
  NO_BROWSER_MESSAGE,
  findChromium,
} from "../../scripts/lib/chromium.ts";

export { PC_SIZE, PHONE_SIZE } from "../../scripts/lib/chromium.ts";

export const launchChromium = (): Promise<Browser> => {
  const found = findChromium();
  if (!found) {
    return Promise.reject(new Error(NO_BROWSER_MESSAGE));
  }
  return chromium.launch({
    executablePath: found.path,
    args: [...CHROMIUM_ARGS],
  });
};

/**
 * One Chromium for a test file: started before its tests (after the set-ups declared before
 * this call), closed after them. The getter gives it to the tests.
 */
export const useChromium = (): (() => Browser) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) {
      throw new Error("Chromium is not started (useChromium's beforeAll)");
    }
    return browser;
  };
};

/**
 * A full-page screenshot into docs/screenshots/<name>.png, only when UPDATE_SCREENSHOTS=1 (the
 * README's pictures are rewritten on purpose, never by an ordinary test run).
 */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    await page.screenshot({
      path: join(process.cwd(), "docs", "screenshots", `${name}.png`),
      fullPage: true,
    });
  }
};
