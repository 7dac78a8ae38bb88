import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { createKintoneServer, listen } from "../../../core/http.ts";
import { Store } from "../../../core/store.ts";
import { startSandbox } from "../../../index.ts";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../../test/support/sandbox.ts";

const clientDir = mkdtempSync(join(tmpdir(), "sandbox-client-"));
writeFileSync(
  join(clientDir, "index.ts"),
  `import { greet } from "./greet.ts";
const w = window as unknown as { kintone: Record<string, unknown> };
w.kintone = { __sandboxStart: (): void => console.log(greet("kintone")) };
`,
);
writeFileSync(
  join(clientDir, "greet.ts"),
  'export const greet = (who: string): string => "こんにちは " + who;\n',
);
writeFileSync(join(clientDir, "sandbox.css"), '@import "./base.css";\n');
writeFileSync(join(clientDir, "base.css"), ".sandbox-page { color: red; }\n");

let t: TestSandbox;
let url: string;
let client: KintoneRestAPIClient;

useTestSandbox(
  {
    clientDir,
    users: [
      ADMIN_USER,
      { login: "clerk", password: "clerk-pass", name: "認定係 職員" },
    ],
  },
  (started) => {
    t = started;
    url = t.sandbox.url;
    client = t.client;
  },
);

afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

// ---- helpers ----

const login = (
  username: string,
  password: string,
  redirect?: string,
): Promise<Response> =>
  fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({
      username,
      password,
      ...(redirect === undefined ? {} : { redirect }),
    }),
    redirect: "manual",
  });

/** Logs in and returns the `name=value` of the session cookie. */
const sessionOf = async (
  username = "clerk",
  password = "clerk-pass",
): Promise<string> => {
  const res = await login(username, password);
  expect(res.status).toBe(303);
  return (res.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
};

const get = (path: string, cookie?: string): Promise<Response> =>
  fetch(`${url}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });

interface PageJson {
  page: string;
  mobile: boolean;
  appId: string | null;
  recordId: string | null;
  viewId: string | null;
  query: string | null;
  pluginId: string | null;
  user: { id: string; code: string; name: string };
  requestToken: string;
  pluginConfigs: Record<string, Record<string, string>>;
}

const pageJson = (html: string): PageJson =>
  JSON.parse(
    /window\.__SANDBOX_PAGE__ = (.*);<\/script>/.exec(html)?.[1] ?? "null",
  ) as PageJson;

/** A REST call as kintone's pages make it. */
const rest = (
  method: string,
  api: string,
  cookie: string,
  body?: Record<string, unknown>,
  xhr = true,
): Promise<Response> =>
  fetch(`${url}/k/v1/${api}`, {
    method,
    headers: {
      cookie,
      ...(xhr ? { "X-Requested-With": "XMLHttpRequest" } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const deployedApp = async (name: string): Promise<string> => {
  const { app } = await client.app.addApp({ name });
  await client.app.addFormFields({
    app,
    properties: {
      title: { type: "SINGLE_LINE_TEXT", code: "title", label: "件名" },
    },
  });
  await client.app.deployApp({ apps: [{ app }] });
  return app;
};

const plainPlugin = (): Uint8Array =>
  zipSync({
    "manifest.json": strToU8(
      JSON.stringify({
        manifest_version: 1,
        version: 1,
        type: "APP",
        name: { ja: "画面テスト用", en: "Page test plug-in" },
        icon: "image/icon.png",
        desktop: {
          js: ["https://cdn.example.com/lib.js", "js/desktop.js"],
          css: ["css/desktop.css"],
        },
        mobile: { js: ["js/mobile.js"] },
        config: {
          html: "html/config.html",
          js: ["js/config.js"],
          css: ["css/config.css"],
        },
      }),
    ),
    "image/icon.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    "js/desktop.js": strToU8("console.log('plugin desktop');"),
    "js/mobile.js": strToU8("console.log('plugin mobile');"),
    "css/desktop.css": strToU8(".plugin {}"),
    "html/config.html": strToU8('<form id="settings">設定</form>'),
    "js/config.js": strToU8("console.log('config');"),
    "css/config.css": strToU8(".config {}"),
  });

const upload = async (name: string, data: string | Uint8Array) =>
  (
    await client.file.uploadFile({
      file: { name, data: typeof data === "string" ? data : Buffer.from(data) },
    })
  ).fileKey;

let installed: Promise<string> | undefined;

/** The test plugin, installed by the first test that needs it. */
const installPluginOnce = (): Promise<string> => {
  installed ??= upload("plugin.zip", plainPlugin())
    .then((fileKey) => client.plugin.installPlugin({ fileKey }))
    .then((r) => r.id);
  return installed;
};

/** An app with a plugin and a customization (desktop JS: URL + file, CSS file; mobile JS). */
const customizedApp = async () => {
  const app = await deployedApp("画面のアプリ");
  const pluginId = await installPluginOnce();
  await client.app.addPlugins({ app, ids: [pluginId] });
  await client.app.updateAppCustomize({
    app,
    scope: "ALL",
    desktop: {
      js: [
        { type: "URL", url: "https://cdn.example.com/app.js" },
        {
          type: "FILE",
          file: { fileKey: await upload("desktop.js", "console.log(1);") },
        },
      ],
      css: [
        {
          type: "FILE",
          file: { fileKey: await upload("desktop.css", ".app {}") },
        },
      ],
    },
    mobile: {
      js: [
        {
          type: "FILE",
          file: { fileKey: await upload("mobile.js", "console.log(2);") },
        },
      ],
    },
  });
  await client.app.deployApp({ apps: [{ app }] });
  const custom = await client.app.getAppCustomize({ app });
  const keyOf = (item: (typeof custom.desktop.js)[number] | undefined) =>
    item?.type === "FILE" ? item.file.fileKey : "";
  return {
    app,
    pluginId,
    desktopJs: keyOf(custom.desktop.js[1]),
    desktopCss: keyOf(custom.desktop.css[0]),
    mobileJs: keyOf(custom.mobile.js[0]),
  };
};

/** The script sources and inline scripts of a shell, in order. */
const scripts = (html: string): string[] =>
  [...html.matchAll(/<script(?: src="([^"]*)")?>([^<]*)<\/script>/g)].map(
    (m) =>
      m[1] ?? (m[2] as string).replace(/^window\.__SANDBOX_PAGE__.*/, "PAGE"),
  );

const stylesheets = (html: string): string[] =>
  [...html.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map(
    (m) => m[1] as string,
  );

// ---- tests ----

describe("login and sessions", () => {
  it("shows a Japanese login form, and sends / to the portal", async () => {
    const form = await get("/login?redirect=%2Fk%2F1%2F");
    expect(form.status).toBe(200);
    expect(form.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await form.text();
    expect(html).toContain("ログイン名");
    expect(html).toContain("パスワード");
    expect(html).toContain('name="redirect" value="/k/1/"');
    const root = await get("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/k/#/portal");
  });

  it("login sets an HttpOnly, SameSite=Lax session cookie and follows only a local ?redirect=", async () => {
    const res = await login("clerk", "clerk-pass", "/k/3/show#record=5");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/k/3/show#record=5");
    const cookie = res.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/^sandbox_kintone_sid=[\w-]{43}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    for (const outside of ["//evil.example", "https://evil.example/", "k/1/"]) {
      const r = await login("admin", "admin", outside);
      expect(r.headers.get("location")).toBe("/k/#/portal");
    }
    const wrong = await login("clerk", "nope", "/k/3/");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const html = await wrong.text();
    expect(html).toContain("ログイン名またはパスワードが正しくありません。");
    expect(html).toContain('value="/k/3/"');
  });

  it("sends a page without a session to /login, and answers an unknown page with a Japanese 404", async () => {
    const res = await get("/k/12/?view=5");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `/login?redirect=${encodeURIComponent("/k/12/?view=5")}`,
    );
    const cookie = await sessionOf();
    const missing = await get("/k/nothing-here", cookie);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("ページが見つかりません");
    const anonymous = await get("/no/such/page");
    expect(anonymous.status).toBe(404);
    expect((await get("/favicon.ico")).status).toBe(204);
    const portal = await get("/k/", cookie);
    expect(portal.status).toBe(200);
    expect(pageJson(await portal.text())).toMatchObject({
      page: "portal",
      mobile: false,
      appId: null,
      user: { code: "clerk", name: "認定係 職員" },
    });
  });

  it("lets the REST API act as the session's user with the cookie and X-Requested-With", async () => {
    const app = await deployedApp("セッションのアプリ");
    const cookie = await sessionOf();
    const token = pageJson(
      await (await get("/k/", cookie)).text(),
    ).requestToken;
    const read = await rest("GET", `app.json?id=${app}`, cookie);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ appId: app });
    const added = await rest("POST", "record.json", cookie, {
      app,
      record: { title: { value: "窓口で受付" } },
      __REQUEST_TOKEN__: token,
    });
    expect(added.status).toBe(200);
    const { id } = (await added.json()) as { id: string };
    const { record } = await client.record.getRecord({ app, id });
    expect(record.作成者?.value).toMatchObject({ code: "clerk" });
    const withoutHeader = await rest(
      "GET",
      `app.json?id=${app}`,
      cookie,
      undefined,
      false,
    );
    expect(withoutHeader.status).toBe(401);
    expect(await withoutHeader.json()).toMatchObject({ code: "CB_AU01" });
  });

  it("refuses a session's write without its request token, or with a wrong one (CB_IL02)", async () => {
    const app = await deployedApp("トークンのアプリ");
    const cookie = await sessionOf();
    const token = pageJson(
      await (await get("/k/", cookie)).text(),
    ).requestToken;
    const record = { title: { value: "x" } };
    for (const given of [undefined, "wrong", token.toUpperCase()]) {
      const res = await rest("POST", "record.json", cookie, {
        app,
        record,
        ...(given === undefined ? {} : { __REQUEST_TOKEN__: given }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: "CB_IL02",
        message: "不正なリクエストです。",
      });
    }
    const other = await sessionOf("admin", "admin");
    const otherToken = pageJson(
      await (await get("/k/", other)).text(),
    ).requestToken;
    const crossed = await rest("POST", "record.json", cookie, {
      app,
      record,
      __REQUEST_TOKEN__: otherToken,
    });
    expect(crossed.status).toBe(400);
    const form = new FormData();
    form.append("__REQUEST_TOKEN__", token);
    form.append("file", new Blob(["添付"]), "memo.txt");
    const uploaded = await fetch(`${url}/k/v1/file.json`, {
      method: "POST",
      headers: { cookie, "X-Requested-With": "XMLHttpRequest" },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toHaveProperty("fileKey");
  });

  it("logout ends the session for pages and the REST API", async () => {
    const cookie = await sessionOf();
    expect((await rest("GET", "apps.json", cookie)).status).toBe(200);
    const out = await fetch(`${url}/logout`, {
      method: "POST",
      headers: { cookie },
      redirect: "manual",
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.getSetCookie()[0]).toContain("Max-Age=0");
    const after = await rest("GET", "apps.json", cookie);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: "CB_AU01" });
    expect((await get("/k/", cookie)).status).toBe(302);
  });

  it("keeps password and API-token auth as they were", async () => {
    const app = await deployedApp("パスワードのアプリ");
    const token = t.sandbox.mintToken(
      Number(app),
      { view: true, add: true },
      true,
    );
    const byToken = t.clientWith({ apiToken: token });
    await expect(
      byToken.record.addRecord({ app, record: { title: { value: "t" } } }),
    ).resolves.toHaveProperty("id");
    await expect(
      client.record.addRecord({ app, record: { title: { value: "p" } } }),
    ).resolves.toHaveProperty("id");
  });
});

describe("page shells", () => {
  it("loads the pages' CSS, the page JSON, the client, plugins with their ids, the app's files, then starts", async () => {
    const c = await customizedApp();
    const cookie = await sessionOf();
    const res = await get(`/k/${c.app}/show`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    const plugin = `/k/static/plugin/${c.pluginId}`;
    expect(stylesheets(html)).toEqual([
      "/k/static/sandbox.css",
      `${plugin}/css/desktop.css`,
      `/k/static/file/${c.desktopCss}`,
    ]);
    expect(scripts(html)).toEqual([
      "PAGE",
      "/k/static/kintone.js",
      `kintone.$PLUGIN_ID = "${c.pluginId}";`,
      "https://cdn.example.com/lib.js",
      `${plugin}/js/desktop.js`,
      "https://cdn.example.com/app.js",
      `/k/static/file/${c.desktopJs}`,
      "kintone.__sandboxStart()",
    ]);
    expect(pageJson(html)).toMatchObject({
      page: "show",
      mobile: false,
      appId: c.app,
      recordId: null,
    });
    const mobile = await (
      await get(`/k/m/${c.app}/edit?record=7`, cookie)
    ).text();
    expect(stylesheets(mobile)).toEqual(["/k/static/sandbox.css"]);
    expect(scripts(mobile)).toEqual([
      "PAGE",
      "/k/static/kintone.js",
      `kintone.$PLUGIN_ID = "${c.pluginId}";`,
      `${plugin}/js/mobile.js`,
      `/k/static/file/${c.mobileJs}`,
      "kintone.__sandboxStart()",
    ]);
    expect(pageJson(mobile)).toMatchObject({
      page: "edit",
      mobile: true,
      recordId: "7",
    });
  });

  it("describes the page in __SANDBOX_PAGE__ and escapes < inside the script", async () => {
    const app = await deployedApp("一覧のアプリ");
    const cookie = await sessionOf();
    const query = '件名 like "</script><script>alert(1)</script>"';
    const html = await (
      await get(`/k/${app}/?view=20&query=${encodeURIComponent(query)}`, cookie)
    ).text();
    expect(html).not.toContain("</script><script>alert(1)");
    expect(html).toContain("\\u003c/script>");
    expect(pageJson(html)).toEqual({
      page: "index",
      mobile: false,
      appId: app,
      recordId: null,
      viewId: "20",
      query,
      pluginId: null,
      user: {
        id: "2",
        code: "clerk",
        name: "認定係 職員",
        email: "",
        url: "",
        employeeNumber: "",
        phone: "",
        mobilePhone: "",
        extensionNumber: "",
        timezone: "Asia/Tokyo",
        isGuest: false,
        language: "ja",
      },
      requestToken: expect.stringMatching(/^[\da-f-]{36}$/),
      pluginConfigs: {},
    });
    const create = pageJson(await (await get(`/k/${app}/edit`, cookie)).text());
    expect(create).toMatchObject({ page: "edit", recordId: null });
  });

  it("serves customization and plugin files to a session only, with their types", async () => {
    const c = await customizedApp();
    const cookie = await sessionOf();
    const js = await get(`/k/static/file/${c.desktopJs}`, cookie);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    expect(await js.text()).toBe("console.log(1);");
    const css = await get(
      `/k/static/plugin/${c.pluginId}/css/desktop.css`,
      cookie,
    );
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toBe(".plugin {}");
    expect((await get(`/k/static/file/${c.desktopJs}`)).status).toBe(401);
    expect(
      (await get(`/k/static/plugin/${c.pluginId}/js/desktop.js`)).status,
    ).toBe(401);
    expect(
      (await get(`/k/static/plugin/${c.pluginId}/nothing.js`, cookie)).status,
    ).toBe(404);
    const attachment = await upload("private.txt", "not a customization");
    expect((await get(`/k/static/file/${attachment}`, cookie)).status).toBe(
      404,
    );
  });

  it("embeds the plugin's config.html before its config files on the plugin settings page", async () => {
    const c = await customizedApp();
    const admin = await sessionOf("admin", "admin");
    const path = `/k/admin/app/${c.app}/plugin/config?pluginId=${c.pluginId}`;
    const res = await get(path, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      '<div id="sandbox-plugin-config"><form id="settings">設定</form></div>',
    );
    expect(html.indexOf("sandbox-plugin-config")).toBeLessThan(
      html.indexOf("window.__SANDBOX_PAGE__"),
    );
    const plugin = `/k/static/plugin/${c.pluginId}`;
    expect(stylesheets(html)).toEqual([
      "/k/static/sandbox.css",
      `${plugin}/css/config.css`,
    ]);
    expect(scripts(html)).toEqual([
      "PAGE",
      "/k/static/kintone.js",
      `kintone.$PLUGIN_ID = "${c.pluginId}";`,
      `${plugin}/js/config.js`,
      "kintone.__sandboxStart()",
    ]);
    expect(pageJson(html)).toMatchObject({
      page: "pluginConfig",
      pluginId: c.pluginId,
      appId: c.app,
      pluginConfigs: { [c.pluginId]: {} },
    });
    const saved = await fetch(`${url}/k/v1/preview/app/plugin/config.json`, {
      method: "PUT",
      headers: {
        "X-Cybozu-Authorization": btoa("admin:admin"),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        app: c.app,
        id: c.pluginId,
        config: { field: "件名" },
      }),
    });
    expect(saved.status).toBe(200);
    const again = pageJson(await (await get(path, admin)).text());
    expect(again.pluginConfigs).toEqual({ [c.pluginId]: { field: "件名" } });
    const live = pageJson(await (await get(`/k/${c.app}/`, admin)).text());
    expect(live.pluginConfigs).toEqual({ [c.pluginId]: {} });
    await client.app.deployApp({ apps: [{ app: c.app }] });
    const deployed = pageJson(await (await get(`/k/${c.app}/`, admin)).text());
    expect(deployed.pluginConfigs).toEqual({ [c.pluginId]: { field: "件名" } });
    const clerk = await sessionOf();
    expect((await get(path, clerk)).status).toBe(403);
    const unknown = await get(
      `/k/admin/app/${c.app}/plugin/config?pluginId=${"a".repeat(32)}`,
      admin,
    );
    expect(unknown.status).toBe(404);
  });

  it("answers 403 without the view right (the create page: the add right) and 404 for an app that is missing or not deployed", async () => {
    const app = await deployedApp("管理者だけのアプリ");
    await client.app.updateAppAcl({
      app,
      rights: [
        {
          entity: { type: "CREATOR" },
          appEditable: true,
          recordViewable: true,
          recordAddable: true,
          recordEditable: true,
          recordDeletable: true,
          recordImportable: true,
          recordExportable: true,
        },
        {
          entity: { type: "GROUP", code: "everyone" },
          recordViewable: false,
          recordAddable: true,
        },
      ],
    });
    await client.app.deployApp({ apps: [{ app }] });
    const cookie = await sessionOf();
    const denied = await get(`/k/${app}/`, cookie);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain("権限がありません");
    expect((await get(`/k/${app}/show`, cookie)).status).toBe(403);
    expect((await get(`/k/${app}/edit`, cookie)).status).toBe(200);
    expect((await get(`/k/m/${app}/edit?record=1`, cookie)).status).toBe(403);
    expect(
      (await get(`/k/${app}/`, await sessionOf("admin", "admin"))).status,
    ).toBe(200);
    expect((await get("/k/99999/", cookie)).status).toBe(404);
    const { app: draft } = await client.app.addApp({ name: "未反映" });
    expect((await get(`/k/${draft}/`, cookie)).status).toBe(404);
  });
});

describe("the client bundle", () => {
  it("serves the client bundled for browsers and the pages' CSS with its imports", async () => {
    const js = await get("/k/static/kintone.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    const code = await js.text();
    expect(code).toMatch(/^\(\(\) => \{/);
    expect(code).toContain("こんにちは");
    expect(code).not.toContain("import ");
    expect(code).not.toContain(": string");
    const css = await get("/k/static/sandbox.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain(".sandbox-page");
  });

  it("answers a client that does not build with esbuild's messages, and the REST API still works", async () => {
    const broken = mkdtempSync(join(tmpdir(), "sandbox-client-broken-"));
    writeFileSync(join(broken, "index.ts"), 'import "./missing.ts";\n');
    const lines: string[] = [];
    const sandbox = await startSandbox({
      port: 0,
      dataDir: null,
      clientDir: broken,
      log: (line) => lines.push(line),
    });
    try {
      const res = await fetch(`${sandbox.url}/k/static/kintone.js`);
      expect(res.status).toBe(500);
      expect(await res.text()).toContain("missing.ts");
      expect(lines.join("\n")).toContain("could not be built");
      const css = await fetch(`${sandbox.url}/k/static/sandbox.css`);
      expect(css.status).toBe(200);
      const apps = await fetch(`${sandbox.url}/k/v1/apps.json`, {
        headers: { "X-Cybozu-Authorization": btoa("admin:admin") },
      });
      expect(apps.status).toBe(200);
    } finally {
      await sandbox.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe("the REST API's page-session hook", () => {
  it("takes __REQUEST_TOKEN__ out of the parameters before the route sees them", async () => {
    const store = new Store(":memory:");
    const user = { login: "clerk", password: "x", name: "職員" };
    const server = createKintoneServer({
      routes: [
        {
          method: "POST",
          api: "echo.json",
          token: null,
          handler: (ctx) => ({ keys: Object.keys(ctx.params), user: ctx.user }),
        },
      ],
      store,
      users: [user],
      now: () => new Date(),
      web: {
        handle: () => Promise.resolve(),
        sessionOf: () => ({ user, requestToken: "tok" }),
      },
    });
    const base = await listen(server, 0);
    try {
      const res = await fetch(`${base}/k/v1/echo.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ app: 1, __REQUEST_TOKEN__: "tok" }),
      });
      expect(await res.json()).toEqual({
        keys: ["app"],
        user: { code: "clerk", name: "職員" },
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      store.close();
    }
  });
});
