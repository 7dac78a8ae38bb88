/**
 * Where the browser for the browser tests, the screenshots and the accessibility checks is.
 * One place decides, for the tests (test/support/browser.ts) and for `npm test`'s preparation
 * (scripts/browser.ts, which installs one when none is found).
 *
 * Looked for, in order: CHROMIUM_PATH; a browser Playwright installed (`playwright install
 * chromium`); the system's Chromium; Google Chrome.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export interface FoundBrowser {
  path: string;
  /** Where it was found, for messages. */
  source: string;
}

const SYSTEM_CHROMIUM = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

const CHROME = [
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

/** The path of Playwright's own Chromium for this playwright-core, whether or not installed. */
const playwrightChromium = (): string | null => {
  try {
    return chromium.executablePath();
  } catch {
    return null;
  }
};

/** The one-line message when no browser can be had (Japanese, then English). */
export const NO_BROWSER_MESSAGE =
  "ブラウザーのテストに Chromium が必要です。Chromium か Google Chrome をインストールするか、" +
  "環境変数 CHROMIUM_PATH にその実行ファイルを指定してください。 / " +
  "The browser tests need Chromium: install Chromium or Google Chrome " +
  "(Debian/Ubuntu: apt-get install chromium fonts-noto-cjk), or set CHROMIUM_PATH to its executable.";

/**
 * The browser to use, or null when there is none. A CHROMIUM_PATH that names no file is an
 * error (the operator asked for that one), not a reason to look elsewhere.
 */
export const findChromium = (
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): FoundBrowser | null => {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== "") {
    if (!exists(given)) {
      throw new Error(
        `CHROMIUM_PATH のファイルがありません / CHROMIUM_PATH names no file: ${given}`,
      );
    }
    return { path: given, source: "CHROMIUM_PATH" };
  }
  const playwright = playwrightChromium();
  if (playwright && exists(playwright)) {
    return { path: playwright, source: "Playwright" };
  }
  const system = SYSTEM_CHROMIUM.find((p) => exists(p));
  if (system) {
    return { path: system, source: "system Chromium" };
  }
  const chrome = CHROME.find((p) => exists(p));
  return chrome ? { path: chrome, source: "Google Chrome" } : null;
};

/** Flags Chromium needs here: headless, as root, and quiet on a closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The two sizes pages are tried at: a 1366×768 PC, and a 390×844 phone (touch). */
export const PC_SIZE = { viewport: { width: 1366, height: 768 } } as const;
export const PHONE_SIZE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
} as const;
