/**
 * The build of `npm run build:plugin` on a small fixture repository (the project's manifest and
 * icon, tiny screens): webpack with swc-loader, the named files copied, the sizes, the sources
 * recorded for the staleness check, and the packed zip.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildPluginFiles, type PluginManifest } from "../bundle.ts";
import { chooseKey, isStale, packDir, pluginIdOfZip } from "../pack.ts";

let root: string;
const project = process.cwd();

const write = (path: string, text: string | Buffer): void => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

const manifest = (): PluginManifest =>
  JSON.parse(
    readFileSync(join(project, "manifest.json"), "utf8"),
  ) as PluginManifest;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "kaigo-plugin-build-"));
  write("manifest.json", JSON.stringify(manifest()));
  write(
    "plugin/image/icon.png",
    readFileSync(join(project, "plugin/image/icon.png")),
  );
  write("plugin/html/config.html", '<div id="kaigo-plugin-config"></div>\n');
  write("plugin/css/config.css", ".kaigo-plugin-config {}\n");
  write(
    "plugin/src/shared.ts",
    'export const greeting: string = "審査";\nexport const unused = 1;\n',
  );
  write(
    "plugin/src/desktop.ts",
    'import { greeting } from "./shared.ts";\n(globalThis as { kaigo?: string }).kaigo = greeting;\n',
  );
  write(
    "plugin/src/mobile.ts",
    '(globalThis as { kaigo?: string }).kaigo = "mobile";\n',
  );
  write(
    "plugin/src/config.tsx",
    "const n: number = 3;\n(globalThis as { kaigo?: number }).kaigo = n;\n",
  );
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("buildPluginFiles", () => {
  it("bundles the screens, copies what the manifest names, and packs a zip that is fresh until a source changes", async () => {
    const built = await buildPluginFiles({ root });
    const out = join(root, "dist", "plugin");
    expect(built.dir).toBe(out);
    for (const f of [
      "manifest.json",
      "js/desktop.js",
      "js/mobile.js",
      "js/config.js",
      "plugin/image/icon.png",
      "plugin/html/config.html",
      "plugin/css/config.css",
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    const desktop = readFileSync(join(out, "js/desktop.js"), "utf8");
    expect(desktop).toContain("審査");
    expect(desktop).not.toContain(": string");
    expect(built.sizes.map((s) => s.file)).toEqual([
      "js/desktop.js",
      "js/mobile.js",
      "js/config.js",
    ]);
    for (const s of built.sizes) {
      expect(s.gzipBytes).toBeGreaterThan(0);
      expect(s.bytes).toBe(readFileSync(join(out, s.file)).length);
    }
    expect(built.sources).toEqual(
      expect.arrayContaining([
        "manifest.json",
        "plugin/html/config.html",
        "plugin/src/desktop.ts",
        "plugin/src/shared.ts",
        "plugin/src/config.tsx",
      ]),
    );

    const key = chooseKey({ root, env: {} });
    expect(key.path).toBe(join(root, ".data", "plugin-dev.ppk"));
    const zipPath = join(root, "dist", "plugin.zip");
    const packed = await packDir({ dir: out, zipPath, key });
    expect(pluginIdOfZip(readFileSync(zipPath))).toBe(packed.id);
    expect(packed.id).toMatch(/^[a-p]{32}$/);
    expect(isStale({ root, key: key.path })).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "plugin/src/shared.ts"), later, later);
    expect(isStale({ root, key: key.path })).toBe(true);
  });

  it("refuses a manifest that does not name a built file, before building", async () => {
    const m = manifest();
    write(
      "manifest.json",
      JSON.stringify({ ...m, mobile: { js: [], css: [] } }),
    );
    await expect(buildPluginFiles({ root })).rejects.toThrow(
      "manifest.json にビルドしたファイルが書かれていません: js/mobile.js",
    );
  });

  it("names the files the manifest names that are missing", async () => {
    rmSync(join(root, "plugin/css/config.css"));
    await expect(buildPluginFiles({ root })).rejects.toThrow(
      "manifest.json に書かれたファイルがリポジトリにありません: plugin/css/config.css",
    );
    rmSync(join(root, "plugin/src/config.tsx"));
    await expect(buildPluginFiles({ root })).rejects.toThrow(
      "プラグインのソースファイルがありません: plugin/src/config.tsx",
    );
  });

  it("says what webpack could not build", async () => {
    write("plugin/src/mobile.ts", 'import "./nowhere.ts";\n');
    await expect(buildPluginFiles({ root })).rejects.toThrow(
      "プラグインのビルドに失敗しました",
    );
  });
});
