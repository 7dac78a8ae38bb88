/**
 * Debian's Chromium for browser tests, started the way this machine needs as root: headless,
 * no sandbox, and none of the background networking that the closed network refuses.
 */
import { chromium, type Browser } from "playwright-core";

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
