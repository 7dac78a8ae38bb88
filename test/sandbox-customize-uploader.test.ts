/**
 * The official customization uploader (@kintone/customize-uploader), unchanged, against the
 * local kintone: it uploads the files, updates the preview customization, deploys and polls
 * until SUCCESS; `import` then downloads the live files back.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { useTestSandbox, type TestSandbox } from "./support/sandbox.ts";

const run = promisify(execFile);
const uploader = join(
  process.cwd(),
  "node_modules",
  ".bin",
  "kintone-customize-uploader",
);

let t: TestSandbox;
let dir: string;

useTestSandbox({}, (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "kaigo-uploader-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  run(process.execPath, [uploader, ...args], {
    cwd: dir,
    env: {
      ...process.env,
      KINTONE_BASE_URL: t.sandbox.url,
      KINTONE_USERNAME: "admin",
      KINTONE_PASSWORD: "admin",
      NO_PROXY: "localhost",
      HTTPS_PROXY: "",
      HTTP_PROXY: "",
    },
    timeout: 110_000,
  });

describe("@kintone/customize-uploader against the local kintone", () => {
  it("uploads and deploys a customization, and imports it back unchanged", async () => {
    const { app } = await t.client.app.addApp({ name: "カスタマイズ確認" });
    await t.client.app.deployApp({ apps: [{ app }] });
    writeFileSync(
      join(dir, "desktop.js"),
      "(() => { 'use strict'; window.kaigo = 1; })();\n",
    );
    writeFileSync(join(dir, "desktop.css"), ".kaigo { color: #1f6f8b; }\n");
    writeFileSync(
      join(dir, "mobile.js"),
      "(() => { 'use strict'; window.kaigoMobile = 1; })();\n",
    );
    writeFileSync(
      join(dir, "customize-manifest.json"),
      JSON.stringify({
        app,
        scope: "ALL",
        desktop: {
          js: ["desktop.js", "https://example.com/lib.js"],
          css: ["desktop.css"],
        },
        mobile: { js: ["mobile.js"], css: [] },
      }),
    );

    await cli(["customize-manifest.json"]);

    const live = await t.client.app.getAppCustomize({ app });
    expect(live.scope).toBe("ALL");
    expect(
      live.desktop.js.map((r) => (r.type === "FILE" ? r.file.name : r.url)),
    ).toEqual(["desktop.js", "https://example.com/lib.js"]);
    expect(
      live.desktop.css.map((r) => (r.type === "FILE" ? r.file.name : r.url)),
    ).toEqual(["desktop.css"]);
    const [first] = live.desktop.js;
    if (first?.type !== "FILE") {
      throw new Error("expected a file");
    }
    const bytes = await t.client.file.downloadFile({
      fileKey: first.file.fileKey,
    });
    expect(Buffer.from(bytes).toString("utf8")).toBe(
      readFileSync(join(dir, "desktop.js"), "utf8"),
    );

    await cli(["import", "customize-manifest.json", "--dest-dir", "imported"]);
    expect(
      readFileSync(
        join(dir, "imported", "desktop", "js", "desktop.js"),
        "utf8",
      ),
    ).toBe(readFileSync(join(dir, "desktop.js"), "utf8"));
    expect(
      readFileSync(join(dir, "imported", "mobile", "js", "mobile.js"), "utf8"),
    ).toBe(readFileSync(join(dir, "mobile.js"), "utf8"));
  });
});
