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
