/**
 * `npm run build:customize` and `npm run upload:customize` as child processes: --help prints
 * and does nothing else, mistakes are one Japanese line, and the upload (with bundles already
 * built, --skip-build) deploys each app's files through the official uploader.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import {
  runScript,
  type RunResult,
} from "../../../test/support/sandboxProcess.ts";
import { deployForTest } from "../../seed/__tests__/deployForTest.ts";
import { customizedApps, devices } from "../bundles.ts";

let t: TestSandbox;
let dir: string;
let appsFile: string;

useTestSandbox({}, async (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "customize-cli-"));
  appsFile = join(dir, "apps.json");
  await deployForTest(t.client, t.sandbox.url, appsFile);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run build:customize", () => {
  it("--help explains and builds nothing", async () => {
    const out = join(dir, "help-build");
    const r = await runScript("scripts/customize.ts", [
      "--help",
      "--out-dir",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("使い方: npm run build:customize");
    expect(r.stdout).toContain("20 KB");
    expect(existsSync(out)).toBe(false);
  });

  it("refuses an unknown option in one line", async () => {
    const r = await runScript("scripts/customize.ts", ["--fast"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "エラー: 不明なオプションです: --fast（npm run build:customize -- --help で使い方を表示します）",
    );
  });
});

describe("npm run upload:customize", () => {
  it("--help explains and uploads nothing", async () => {
    const r = await runScript("scripts/uploadCustomize.ts", ["--help"], {
      KINTONE_BASE_URL: t.sandbox.url,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("使い方: npm run upload:customize");
    expect(r.stdout).toContain("KINTONE_BASE_URL");
  });

  it("says what is missing: the connection, or a known app", async () => {
    const none = await runScript("scripts/uploadCustomize.ts", []);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("kintone への接続情報が足りません");
    const bad = await runScript("scripts/uploadCustomize.ts", [
      "--app",
      "accessLog",
    ]);
    expect(bad.stderr.trim()).toBe(
      "エラー: --app には progress・registration・consent・offices のどれかを指定してください（指定: accessLog）。",
    );
  });

  it("refuses an app the apps file lacks, telling to deploy first", async () => {
    const r = await runScript(
      "scripts/uploadCustomize.ts",
      [
        "--skip-build",
        "--apps-file",
        join(dir, "none.json"),
        "--out-dir",
        join(dir, "x"),
      ],
      {
        KINTONE_BASE_URL: t.sandbox.url,
        KINTONE_USERNAME: "admin",
        KINTONE_PASSWORD: "admin",
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("先に npm run deploy を実行してください");
  });

  it("deploys each app's desktop and mobile files with the uploader", async () => {
    const out = join(dir, "dist");
    for (const app of customizedApps) {
      mkdirSync(join(out, app), { recursive: true });
      for (const device of devices) {
        writeFileSync(
          join(out, app, `${device}.js`),
          `window.kaigo = "${app}/${device}";\n`,
        );
      }
    }
    const r = await runScript(
      "scripts/uploadCustomize.ts",
      ["--skip-build", "--apps-file", appsFile, "--out-dir", out],
      {
        KINTONE_BASE_URL: t.sandbox.url,
        KINTONE_USERNAME: "admin",
        KINTONE_PASSWORD: "admin",
        NO_PROXY: "localhost",
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ids = JSON.parse(readFileSync(appsFile, "utf8")) as Record<
      string,
      Record<string, string>
    >;
    for (const app of customizedApps) {
      const id = ids[t.sandbox.url]?.[app] as string;
      expect(r.stdout).toContain(
        `カスタマイズを反映しました: ${app}（アプリ ${id}）`,
      );
      const live = await t.client.app.getAppCustomize({ app: id });
      expect(live.scope).toBe("ALL");
      expect(
        [...live.desktop.js, ...live.mobile.js].map((f) =>
          f.type === "FILE" ? f.file.name : f.url,
        ),
      ).toEqual(["desktop.js", "mobile.js"]);
    }
  });
});
