/**
 * The browser for browser tests (found by scripts/lib/chromium.ts), started the way a closed
 * machine needs: headless, no sandbox (tests may run as root), none of the background
 * networking that a closed network refuses.
 */
import { chromium, type Browser } from "playwright-core";
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
