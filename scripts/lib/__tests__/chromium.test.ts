/**
 * Which browser the tests use: CHROMIUM_PATH first, then Playwright's, the system's Chromium,
 * Google Chrome; none → null, so `npm test` installs one or says what to install.
 */
import { chromium } from "playwright-core";
import { findChromium } from "../chromium.ts";

const playwright = chromium.executablePath();
const only =
  (...paths: string[]) =>
  (p: string): boolean =>
    paths.includes(p);

describe("findChromium", () => {
  it("takes CHROMIUM_PATH over everything else", () => {
    expect(
      findChromium(
        { CHROMIUM_PATH: "/opt/my/chrome" },
        only("/opt/my/chrome", playwright, "/usr/bin/chromium"),
      ),
    ).toEqual({ path: "/opt/my/chrome", source: "CHROMIUM_PATH" });
  });

  it("refuses a CHROMIUM_PATH that names no file instead of taking another browser", () => {
    expect(() =>
      findChromium({ CHROMIUM_PATH: "/nope" }, only("/usr/bin/chromium")),
    ).toThrow(/CHROMIUM_PATH names no file: \/nope/);
  });

  it("prefers Playwright's browser, then the system's Chromium, then Chrome", () => {
    expect(
      findChromium({}, only(playwright, "/usr/bin/chromium"))?.source,
    ).toBe("Playwright");
    expect(
      findChromium({}, only("/usr/bin/chromium", "/usr/bin/google-chrome")),
    ).toEqual({ path: "/usr/bin/chromium", source: "system Chromium" });
    expect(
      findChromium({ CHROMIUM_PATH: "" }, only("/usr/bin/google-chrome")),
    ).toEqual({
      path: "/usr/bin/google-chrome",
      source: "Google Chrome",
    });
  });

  it("finds nothing on a machine without a browser", () => {
    expect(findChromium({}, () => false)).toBeNull();
  });
});
