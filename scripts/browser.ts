/**
 * `npm run browser` (run by `npm test` before any test): makes sure the browser tests have a
 * browser. When scripts/lib/chromium.ts finds none, it tries `playwright install chromium`,
 * then, on Debian or Ubuntu as root, `apt-get install chromium fonts-noto-cjk`; when neither
 * works it stops with one line saying what to install. With a browser present it only adds
 * the Japanese fonts on such a machine when they are missing (pages are screenshotted).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  NO_BROWSER_MESSAGE,
  findChromium,
  type FoundBrowser,
} from "./lib/chromium.ts";
import { CliError, hasFlag, runCli, wantsHelp } from "./lib/cli.ts";

const HELP = `使い方: npm run browser [-- --check]

  ブラウザーのテストで使う Chromium を探し、なければ入れます（npm test が最初に実行します）。
  探す順: 環境変数 CHROMIUM_PATH、Playwright が入れたブラウザー、/usr/bin/chromium、Google Chrome。
  ないとき: playwright install chromium を試し、だめなら Debian/Ubuntu で root のとき
  apt-get install chromium fonts-noto-cjk を実行します。どれもできなければ、何を入れるかを
  1行で示して終了コード 1 で終わります。
  --check  何も入れずに、見つかったかどうかだけを示します。

Finds the browser for the browser tests and installs one when none is found.`;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Debian, Ubuntu and their derivatives, where apt-get installs Debian's packages. */
const isDebianLike = (): boolean => {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
};

const canApt = (): boolean =>
  process.platform === "linux" &&
  process.getuid?.() === 0 &&
  isDebianLike() &&
  spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;

const aptInstall = (packages: string[]): boolean => {
  say(`apt-get で ${packages.join("、")} をインストールしています…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (update.status !== 0) {
    return false;
  }
  const install = spawnSync(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
    { stdio: ["ignore", "ignore", "inherit"], env },
  );
  return install.status === 0;
};

const playwrightInstall = (): boolean => {
  say("playwright install chromium を試しています…");
  const cli = join(process.cwd(), "node_modules", "playwright-core", "cli.js");
  if (!existsSync(cli)) {
    return false;
  }
  const r = spawnSync(process.execPath, [cli, "install", "chromium"], {
    stdio: ["ignore", "ignore", "ignore"],
    timeout: 15 * 60 * 1000,
  });
  if (r.status !== 0 || findChromium()?.source !== "Playwright") {
    say("playwright install chromium はこの環境では使えませんでした。");
    return false;
  }
  return true;
};

/** Whether fontconfig knows a Japanese font (Noto CJK); true where that cannot be asked. */
const hasJapaneseFont = (): boolean => {
  const r = spawnSync("fc-list", [":lang=ja"], { encoding: "utf8" });
  return r.status !== 0 || r.stdout.trim() !== "";
};

const report = (found: FoundBrowser): void => {
  say(`ブラウザー: ${found.path}（${found.source}）`);
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    say(HELP);
    return;
  }
  const check = hasFlag(args, "check");
  let found = findChromium();
  if (!found && !check) {
    if (playwrightInstall()) {
      found = findChromium();
    } else if (canApt() && aptInstall(["chromium", "fonts-noto-cjk"])) {
      found = findChromium();
    }
  }
  if (!found) {
    throw new CliError(NO_BROWSER_MESSAGE);
  }
  if (!check && !hasJapaneseFont() && canApt()) {
    // Only screenshots need them; a failure here is reported and does not stop the tests.
    if (!aptInstall(["fonts-noto-cjk"])) {
      say(
        "日本語フォント（fonts-noto-cjk）を入れられませんでした。画面写真の文字が欠けます。",
      );
    }
  }
  report(found);
  await Promise.resolve();
};

runCli(main);
