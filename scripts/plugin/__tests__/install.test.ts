/**
 * Packing with @kintone/plugin-packer and installing through kintone's plugin REST API, against
 * the local kintone: a small fixture plugin (the real screens are built by `npm run
 * build:plugin`), signed with a development key made on the first pack and reused after.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { dirname, join } from "node:path";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { BUILD_INFO } from "../bundle.ts";
import { installPlugin } from "../install.ts";
import { chooseKey, isStale, packDir, pluginIdOfZip } from "../pack.ts";

const run = promisify(execFile);

let t: TestSandbox;
let dir: string;

useTestSandbox({}, (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "kaigo-plugin-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (path: string, text: string | Uint8Array): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};

/** The plugin's files as build:plugin lays them out, with tiny screens. */
const layOut = (version: string): string => {
  const root = JSON.parse(
    readFileSync(join(process.cwd(), "manifest.json"), "utf8"),
  ) as Record<string, unknown>;
  const plugin = join(dir, "plugin");
  write("plugin/manifest.json", JSON.stringify({ ...root, version }, null, 2));
  write(
    "plugin/plugin/image/icon.png",
    new Uint8Array(readFileSync(join(process.cwd(), "plugin/image/icon.png"))),
  );
  write("plugin/js/desktop.js", "(() => { window.kaigoPlugin = 1; })();\n");
  write("plugin/js/mobile.js", "(() => { window.kaigoPlugin = 2; })();\n");
  write("plugin/js/config.js", "(() => { window.kaigoPlugin = 3; })();\n");
  write(
    "plugin/plugin/html/config.html",
    '<div id="kaigo-plugin-config"></div>\n',
  );
  write("plugin/plugin/css/config.css", ".kaigo-plugin-config {}\n");
  return plugin;
};

describe("the plugin packed and installed in the local kintone", () => {
  it("installs the plugin and adds it to the app; the next run updates it, same id", async () => {
    const { app } = await t.client.app.addApp({
      name: "事業所利用登録（確認）",
    });
    await t.client.app.deployApp({ apps: [{ app }] });
    const zipPath = join(dir, "plugin.zip");

    const key = chooseKey({ root: dir, env: {}, devKey: "dev.ppk" });
    expect(key).toMatchObject({ dev: true, created: true });
    const first = await packDir({ dir: layOut("0.1.0"), zipPath, key });
    const zip = new Uint8Array(readFileSync(zipPath));
    expect(pluginIdOfZip(zip)).toBe(first.id);

    const installed = await installPlugin({
      client: t.client,
      zip,
      app,
      deployWait: { pollMs: 20 },
    });
    expect(installed).toEqual({
      id: first.id,
      version: "0.1.0",
      action: "installed",
      added: true,
    });
    const { plugins } = await t.client.plugin.getPlugins({ ids: [first.id] });
    expect(plugins.map((p) => [p.id, p.version, p.name])).toEqual([
      [first.id, "0.1.0", "要介護認定進捗 事業所利用登録"],
    ]);
    const live = await t.client.app.getPlugins({ app });
    expect(live.plugins.map((p) => p.id)).toEqual([first.id]);

    // The next build reuses the development key: the same plugin, updated in place.
    const again = chooseKey({ root: dir, env: {}, devKey: "dev.ppk" });
    expect(again).toEqual({ ...key, created: false });
    const second = await packDir({ dir: layOut("0.1.1"), zipPath, key: again });
    expect(second.id).toBe(first.id);
    const updated = await installPlugin({
      client: t.client,
      zip: new Uint8Array(readFileSync(zipPath)),
      app,
      deployWait: { pollMs: 20 },
    });
    expect(updated).toEqual({
      id: first.id,
      version: "0.1.1",
      action: "updated",
      added: false,
    });
    const after = await t.client.plugin.getPlugins({ ids: [first.id] });
    expect(after.plugins.map((p) => p.version)).toEqual(["0.1.1"]);
    expect(
      (await t.client.app.getPlugins({ app })).plugins.map((p) => p.id),
    ).toEqual([first.id]);
  });

  it("npm run upload:plugin installs a packed file in the app of the apps file; --help does nothing", async () => {
    const { app } = await t.client.app.addApp({
      name: "事業所利用登録（CLI）",
    });
    await t.client.app.deployApp({ apps: [{ app }] });
    const zipPath = join(dir, "plugin.zip");
    const { id } = await packDir({
      dir: layOut("0.2.0"),
      zipPath,
      key: chooseKey({ root: dir, env: {}, devKey: "dev.ppk" }),
    });
    write(
      "apps.json",
      JSON.stringify({ [t.sandbox.url]: { registration: app } }),
    );
    const cli = (args: string[]) =>
      run(
        process.execPath,
        [join(process.cwd(), "scripts", "plugin", "upload.ts"), ...args],
        {
          cwd: process.cwd(),
          env: {
            ...process.env,
            NO_PROXY: "localhost,127.0.0.1",
            HTTPS_PROXY: "",
            HTTP_PROXY: "",
          },
          timeout: 60_000,
        },
      );
    const help = await cli(["--help", "--base-url", t.sandbox.url]);
    expect(help.stdout).toContain("使い方: npm run upload:plugin");
    expect(
      (await t.client.app.getPlugins({ app, preview: true })).plugins,
    ).toEqual([]);

    const { stdout } = await cli([
      "--skip-build",
      "--zip",
      zipPath,
      "--apps-file",
      join(dir, "apps.json"),
      "--base-url",
      t.sandbox.url,
      "--username",
      "admin",
      "--password",
      "admin",
    ]);
    // Updated after the first test; installed when this test runs alone.
    expect(stdout).toMatch(
      new RegExp(
        `プラグインを(更新|インストール)しました: ${id}（バージョン 0\\.2\\.0）`,
      ),
    );
    expect(stdout).toContain("プラグインをアプリ「事業所利用登録」に追加し");
    expect(
      (await t.client.app.getPlugins({ app })).plugins.map((p) => p.id),
    ).toEqual([id]);
  });

  it("signs with the key given instead of the development key", () => {
    write("given.ppk", readFileSync(join(dir, "dev.ppk")));
    expect(
      chooseKey({ root: dir, env: { KINTONE_PLUGIN_PPK: "given.ppk" } }),
    ).toEqual({ path: join(dir, "given.ppk"), dev: false, created: false });
    expect(() => chooseKey({ root: dir, env: {}, ppk: "missing.ppk" })).toThrow(
      "秘密鍵のファイルがありません: missing.ppk",
    );
  });

  it("tells a zip older than its sources from one that is not", () => {
    const zipPath = join(dir, "plugin.zip");
    write("src.ts", "export {};\n");
    write(`plugin/${BUILD_INFO}`, JSON.stringify({ sources: ["src.ts"] }));
    const o = { root: dir, outDir: "plugin", zipPath };
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "src.ts"), past, past);
    expect(isStale(o)).toBe(false);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, "src.ts"), future, future);
    expect(isStale(o)).toBe(true);
    expect(isStale({ ...o, zipPath: join(dir, "none.zip") })).toBe(true);
    rmSync(join(dir, "src.ts"));
    expect(isStale(o)).toBe(true);
  });
});
