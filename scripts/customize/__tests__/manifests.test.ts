import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customizedApps } from "../bundles.ts";
import { manifestFor, readTemplate, writeManifests } from "../manifests.ts";
import { uploaderEnv } from "../upload.ts";

const root = process.cwd();

describe("customize-manifest.json", () => {
  it.each(customizedApps)(
    "%s has a template with no app id, naming its two bundles in dist/customize",
    (app) => {
      expect(readTemplate(root, app)).toEqual({
        app: "",
        scope: "ALL",
        desktop: { js: [`dist/customize/${app}/desktop.js`], css: [] },
        mobile: { js: [`dist/customize/${app}/mobile.js`], css: [] },
      });
    },
  );

  it("gets the app id and absolute paths to the bundles that were built; URLs stay", () => {
    const m = manifestFor(
      {
        app: "",
        scope: "ALL",
        desktop: {
          js: [
            "https://example.com/lib.js",
            "dist/customize/progress/desktop.js",
          ],
          css: ["customize/extra.css"],
        },
        mobile: { js: ["dist/customize/progress/mobile.js"], css: [] },
      },
      "12",
      "/repo",
      "/tmp/out",
    );
    expect(m).toEqual({
      app: "12",
      scope: "ALL",
      desktop: {
        js: ["https://example.com/lib.js", "/tmp/out/progress/desktop.js"],
        css: ["/repo/customize/extra.css"],
      },
      mobile: { js: ["/tmp/out/progress/mobile.js"], css: [] },
    });
    expect(
      manifestFor(readTemplate(root, "consent"), "7", "/repo", "dist/customize")
        .desktop.js,
    ).toEqual(["/repo/dist/customize/consent/desktop.js"]);
  });

  it("are written per app with the ids of the apps file, or refused without one", () => {
    const out = mkdtempSync(join(tmpdir(), "kaigo-manifests-"));
    try {
      const [path] = writeManifests({
        root,
        outDir: out,
        apps: ["offices"],
        ids: { offices: "5" },
        appsFile: "kintone.apps.json",
      });
      expect(path).toBe(join(out, "offices", "customize-manifest.json"));
      expect(JSON.parse(readFileSync(path as string, "utf8"))).toMatchObject({
        app: "5",
        mobile: { js: [join(out, "offices", "mobile.js")] },
      });
      expect(() =>
        writeManifests({
          root,
          outDir: out,
          apps: ["consent"],
          ids: {},
          appsFile: "kintone.apps.json",
        }),
      ).toThrow("アプリ「consent」の ID が kintone.apps.json にありません");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("uploaderEnv", () => {
  const c = { baseUrl: "", username: "admin", password: "pw" };
  it("gives the connection as the uploader's variables, without a proxy for the local kintone", () => {
    const env = uploaderEnv(
      { ...c, baseUrl: "http://localhost:8090" },
      { HTTPS_PROXY: "http://proxy:3128", PATH: "/bin" },
    );
    expect(env).toMatchObject({
      KINTONE_BASE_URL: "http://localhost:8090",
      KINTONE_USERNAME: "admin",
      KINTONE_PASSWORD: "pw",
      HTTPS_PROXY: "",
      PATH: "/bin",
    });
  });

  it("keeps the proxy for a city's kintone", () => {
    expect(
      uploaderEnv(
        { ...c, baseUrl: "https://city.cybozu.com" },
        { HTTPS_PROXY: "http://proxy:3128" },
      ).HTTPS_PROXY,
    ).toBe("http://proxy:3128");
  });
});
