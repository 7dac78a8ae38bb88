import {
  createHash,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync, type Zippable } from "fflate";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
let client: KintoneRestAPIClient;

useTestSandbox(
  {
    users: [ADMIN_USER, { login: "staff", password: "staff", name: "Staff" }],
  },
  (started) => {
    t = started;
    client = t.client;
  },
);

// ---- building plugin files the way @kintone/plugin-packer does ----

type Manifest = Record<string, unknown>;

const baseManifest = (over: Manifest = {}): Manifest => ({
  manifest_version: 1,
  version: 1,
  type: "APP",
  name: { ja: "テスト用プラグイン", en: "Test plug-in" },
  description: { ja: "試験用です。", en: "For tests." },
  icon: "image/icon.png",
  desktop: { js: ["js/desktop.js"], css: ["css/desktop.css"] },
  config: {
    html: "html/config.html",
    js: ["https://js.cybozu.com/jquery/3.7.1/jquery.min.js", "js/config.js"],
  },
  ...over,
});

const baseFiles = (): Zippable => ({
  "image/icon.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  "js/desktop.js": strToU8("console.log('desktop');"),
  "css/desktop.css": strToU8("body {}"),
  "html/config.html": strToU8("<div></div>"),
  "js/config.js": strToU8("console.log('config');"),
});

const contentsZip = (manifest: Manifest, files: Zippable): Uint8Array =>
  zipSync({ "manifest.json": strToU8(JSON.stringify(manifest)), ...files });

interface Key {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const newKey = (): Key =>
  generateKeyPairSync("rsa", { modulusLength: 1024 }) as unknown as Key;

const publicDer = (key: Key): Uint8Array =>
  new Uint8Array(key.publicKey.export({ type: "spki", format: "der" }));

/** The outer zip of plugin-packer: contents.zip, PUBKEY (SPKI DER), SIGNATURE. */
const pack = (contents: Uint8Array, key: Key, signWith = key): Uint8Array =>
  zipSync({
    "contents.zip": contents,
    PUBKEY: publicDer(key),
    SIGNATURE: new Uint8Array(sign("sha256", contents, signWith.privateKey)),
  });

/** kintone's id of a key: SHA-256 of the public key, 32 hex digits mapped to a–p. */
const expectedId = (key: Key): string =>
  [...createHash("sha256").update(publicDer(key)).digest("hex").slice(0, 32)]
    .map((d) => "abcdefghijklmnop"[parseInt(d, 16)])
    .join("");

const upload = async (bytes: Uint8Array, name = "plugin.zip") =>
  (
    await client.file.uploadFile({
      file: { name, data: Buffer.from(bytes) },
    })
  ).fileKey;

const installFile = async (bytes: Uint8Array) =>
  client.plugin.installPlugin({ fileKey: await upload(bytes) });

const installNew = async (over: Manifest = {}) => {
  const key = newKey();
  const result = await installFile(
    pack(contentsZip(baseManifest(over), baseFiles()), key),
  );
  return { ...result, key };
};

const installError = async (bytes: Uint8Array) =>
  installFile(bytes).then(
    () => {
      throw new Error("installed");
    },
    (e: unknown) => e as { code: string; status: number; errors: unknown },
  );

const newApp = async (name = "plugin app") => {
  const { app } = await client.app.addApp({ name });
  return app;
};

// ---- tests ----

describe("installing plugins", () => {
  it("installs a packed plugin under the id derived from its public key", async () => {
    const { id, version, key } = await installNew({ version: "1.2.3" });
    expect(id).toBe(expectedId(key));
    expect(id).toMatch(/^[a-p]{32}$/);
    expect(version).toBe("1.2.3");
    const { plugins } = await client.plugin.getPlugins({ ids: [id] });
    expect(plugins).toEqual([
      {
        id,
        name: "テスト用プラグイン",
        description: "試験用です。",
        isMarketPlugin: false,
        version: "1.2.3",
      },
    ]);
  });

  it("installs the project's own plugin packed from manifest.json", async () => {
    const root = process.cwd();
    const manifest = JSON.parse(
      readFileSync(join(root, "manifest.json"), "utf8"),
    ) as Manifest & { icon: string };
    const screens = ["desktop", "mobile", "config"].map(
      (s) =>
        (manifest[s] ?? {}) as { js?: string[]; css?: string[]; html?: string },
    );
    const paths = [
      manifest.icon,
      ...screens.flatMap((s) => [
        ...(s.js ?? []),
        ...(s.css ?? []),
        ...(s.html ? [s.html] : []),
      ]),
    ].filter((p) => !p.startsWith("https://"));
    // The bundles (js/*.js) are built by npm run build:plugin: a stand-in for each here.
    const files = Object.fromEntries(
      paths.map((p) => [
        p,
        existsSync(join(root, p))
          ? new Uint8Array(readFileSync(join(root, p)))
          : new TextEncoder().encode(
              `/* ${p}: built by npm run build:plugin */`,
            ),
      ]),
    );
    const key = newKey();
    const { id, version } = await installFile(
      pack(contentsZip(manifest, files), key),
    );
    expect(id).toBe(expectedId(key));
    expect(version).toBe(String(manifest.version));
    const { plugins } = await client.plugin.getPlugins({ ids: [id] });
    expect(plugins[0]?.name).toBe((manifest.name as { ja: string }).ja);
  });

  it("accepts a plain zip with manifest.json at its root (sandbox convenience)", async () => {
    const bytes = contentsZip(
      baseManifest({ name: { en: "Plain zip plug-in" } }),
      baseFiles(),
    );
    const first = await installFile(bytes);
    expect(first).toEqual({
      id: expect.stringMatching(/^[a-p]{32}$/),
      version: "1",
    });
    // Same manifest name → same id: installing it again is refused.
    const again = await installError(bytes);
    expect(again).toMatchObject({ code: "CB_VA01", status: 400 });
  });

  it("answers names in English when the caller prefers English", async () => {
    const { id } = await installNew();
    const res = await fetch(`${t.sandbox.url}/k/v1/plugins.json?ids[0]=${id}`, {
      headers: {
        "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
        "Accept-Language": "en-US,en;q=0.9,ja;q=0.5",
      },
    });
    expect(await res.json()).toMatchObject({
      plugins: [{ id, name: "Test plug-in", description: "For tests." }],
    });
  });

  it("refuses to install an installed plugin again", async () => {
    const bytes = pack(contentsZip(baseManifest(), baseFiles()), newKey());
    const { id } = await installFile(bytes);
    const again = await installError(bytes);
    expect(again).toMatchObject({
      code: "CB_VA01",
      status: 400,
      errors: {
        fileKey: {
          messages: [
            `このプラグイン（id: ${id}）はすでにインストールされています。更新するには PUT plugin.json を使ってください。`,
          ],
        },
      },
    });
  });

  it("updates an installed plugin with PUT plugin.json", async () => {
    const key = newKey();
    const { id } = await installFile(
      pack(contentsZip(baseManifest(), baseFiles()), key),
    );
    const v2 = pack(
      contentsZip(baseManifest({ version: 2 }), baseFiles()),
      key,
    );
    const updated = await client.plugin.updatePlugin({
      id,
      fileKey: await upload(v2),
    });
    expect(updated).toEqual({ id, version: "2" });
    const { plugins } = await client.plugin.getPlugins({ ids: [id] });
    expect(plugins[0]?.version).toBe("2");
  });

  it("refuses to update a plugin with another plugin's file", async () => {
    const { id } = await installNew();
    const other = pack(contentsZip(baseManifest(), baseFiles()), newKey());
    await expect(
      client.plugin.updatePlugin({ id, fileKey: await upload(other) }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      status: 400,
      errors: { fileKey: expect.anything() },
    });
  });

  it("refuses to update a plugin that is not installed", async () => {
    const bytes = pack(contentsZip(baseManifest(), baseFiles()), newKey());
    await expect(
      client.plugin.updatePlugin({
        id: "abcdefghijklmnopabcdefghijklmnop",
        fileKey: await upload(bytes),
      }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { id: expect.anything() },
    });
  });

  it("answers GAIA_BL01 for an unknown file key", async () => {
    await expect(
      client.plugin.installPlugin({ fileKey: "no-such-key" }),
    ).rejects.toMatchObject({ code: "GAIA_BL01", status: 404 });
  });
});

describe("checking the plugin file", () => {
  it("refuses a file without manifest.json", async () => {
    const e = await installError(pack(zipSync(baseFiles()), newKey()));
    expect(e).toMatchObject({
      code: "CB_VA01",
      status: 400,
      errors: {
        fileKey: {
          messages: ["プラグインファイルに manifest.json がありません。"],
        },
      },
    });
  });

  it("refuses a manifest naming a file the zip lacks", async () => {
    const files = baseFiles();
    delete files["js/desktop.js"];
    const e = await installError(
      pack(contentsZip(baseManifest(), files), newKey()),
    );
    expect(e).toMatchObject({
      code: "CB_VA01",
      errors: {
        fileKey: {
          messages: [
            "manifest.json に書かれたファイル「js/desktop.js」がプラグインファイルにありません。",
          ],
        },
      },
    });
  });

  it("refuses a manifest.json that is not JSON", async () => {
    const notJson = zipSync({
      "manifest.json": strToU8("{ nope"),
      ...baseFiles(),
    });
    expect(await installError(pack(notJson, newKey()))).toMatchObject({
      code: "CB_VA01",
      errors: {
        fileKey: { messages: ["manifest.json が正しいJSONではありません。"] },
      },
    });
  });

  it("refuses a manifest lacking required keys, naming each", async () => {
    const { type: _type, icon: _icon, ...rest } = baseManifest();
    const e = await installError(
      pack(contentsZip(rest, baseFiles()), newKey()),
    );
    expect(e).toMatchObject({
      code: "CB_VA01",
      errors: {
        fileKey: {
          messages: [
            "manifest.json の「type」がないか、正しくありません。",
            "manifest.json の「icon」がないか、正しくありません。",
          ],
        },
      },
    });
  });

  it("refuses a file that is not a zip", async () => {
    expect(await installError(strToU8("just text"))).toMatchObject({
      code: "CB_VA01",
      errors: {
        fileKey: {
          messages: ["プラグインファイルがZIP形式ではないか、壊れています。"],
        },
      },
    });
  });

  it("refuses a signature made with another key", async () => {
    const contents = contentsZip(baseManifest(), baseFiles());
    const forged = pack(contents, newKey(), newKey());
    expect(await installError(forged)).toMatchObject({
      code: "CB_VA01",
      errors: {
        fileKey: {
          messages: [
            "プラグインファイルの署名（SIGNATURE）が contents.zip と公開鍵（PUBKEY）に一致しません。",
          ],
        },
      },
    });
  });

  it("refuses contents.zip without PUBKEY and SIGNATURE", async () => {
    const contents = contentsZip(baseManifest(), baseFiles());
    expect(
      await installError(zipSync({ "contents.zip": contents })),
    ).toMatchObject({
      code: "CB_VA01",
      errors: { fileKey: expect.anything() },
    });
  });

  it("accepts a SHA-1 signature, as older packers made", async () => {
    const key = newKey();
    const contents = contentsZip(baseManifest(), baseFiles());
    const bytes = zipSync({
      "contents.zip": contents,
      PUBKEY: publicDer(key),
      SIGNATURE: new Uint8Array(sign("sha1", contents, key.privateKey)),
    });
    await expect(installFile(bytes)).resolves.toMatchObject({
      id: expectedId(key),
    });
  });
});

describe("plugins in apps", () => {
  it("adds a plugin to an app's preview settings, live after deploy", async () => {
    const { id } = await installNew();
    const app = await newApp();
    const { revision } = await client.app.addPlugins({ app, ids: [id] });
    expect(revision).toBe("2");
    await expect(
      client.app.getPlugins({ app, preview: true }),
    ).resolves.toEqual({
      plugins: [{ id, name: "テスト用プラグイン", enabled: true }],
      revision: "2",
    });
    await expect(client.app.getPlugins({ app })).rejects.toMatchObject({
      code: "GAIA_AP01",
    });
    await client.app.deployApp({ apps: [{ app }] });
    const live = await client.app.getPlugins({ app });
    expect(live.plugins).toEqual([
      { id, name: "テスト用プラグイン", enabled: true },
    ]);
  });

  it("names an app's plugins in the language asked for with lang", async () => {
    const { id } = await installNew();
    const app = await newApp();
    await client.app.addPlugins({ app, ids: [id] });
    const { plugins } = await client.app.getPlugins({
      app,
      lang: "en",
      preview: true,
    });
    expect(plugins).toEqual([{ id, name: "Test plug-in", enabled: true }]);
  });

  it("lists the apps a plugin is added to", async () => {
    const { id } = await installNew();
    const first = await newApp("一つ目");
    const second = await newApp("二つ目");
    await client.app.addPlugins({ app: second, ids: [id] });
    await client.app.addPlugins({ app: first, ids: [id] });
    const { apps } = await client.plugin.getApps({ id });
    expect(apps).toEqual([
      { id: first, name: "一つ目" },
      { id: second, name: "二つ目" },
    ]);
  });

  it("checks the app revision when adding", async () => {
    const { id } = await installNew();
    const app = await newApp();
    await expect(
      client.app.addPlugins({ app, ids: [id], revision: 7 }),
    ).rejects.toMatchObject({ code: "GAIA_CO03", status: 409 });
  });

  it("refuses to add a plugin that is not installed", async () => {
    const app = await newApp();
    await expect(
      client.app.addPlugins({ app, ids: ["abcdefghijklmnopabcdefghijklmnop"] }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { "ids[0]": expect.anything() },
    });
  });

  it("refuses more than 20 plugins in one app", async () => {
    const app = await newApp();
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      ids.push((await installNew()).id);
    }
    await client.app.addPlugins({ app, ids: ids.slice(0, 20) });
    await expect(
      client.app.addPlugins({ app, ids: ids.slice(20) }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { ids: expect.anything() },
    });
  });

  it("keeps a plugin once when it is added to an app again", async () => {
    const { id } = await installNew();
    const app = await newApp();
    await client.app.addPlugins({ app, ids: [id] });
    await client.app.addPlugins({ app, ids: [id] });
    const { plugins } = await client.app.getPlugins({ app, preview: true });
    expect(plugins.map((p) => p.id)).toEqual([id]);
  });

  it("uninstalls a plugin", async () => {
    const { id } = await installNew();
    await expect(client.plugin.uninstallPlugin({ id })).resolves.toEqual({});
    const { plugins } = await client.plugin.getPlugins({ ids: [id] });
    expect(plugins).toEqual([]);
  });

  it("refuses to uninstall a plugin that is not installed", async () => {
    await expect(
      client.plugin.uninstallPlugin({ id: "abcdefghijklmnopabcdefghijklmnop" }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { id: expect.anything() },
    });
  });

  it("lists uninstalled plugins that apps still use as required", async () => {
    const used = await installNew();
    const unused = await installNew();
    const app = await newApp();
    await client.app.addPlugins({ app, ids: [used.id] });
    await client.plugin.uninstallPlugin({ id: used.id });
    await client.plugin.uninstallPlugin({ id: unused.id });
    const { plugins } = await client.plugin.getRequiredPlugins({});
    expect(plugins).toContainEqual({
      id: used.id,
      name: "テスト用プラグイン",
      isMarketPlugin: false,
    });
    expect(plugins.map((p) => p.id)).not.toContain(unused.id);
  });

  it("lists plugins newest first, with offset and limit", async () => {
    const a = await installNew();
    const b = await installNew();
    const { plugins } = await client.plugin.getPlugins({ limit: 2 });
    expect(plugins.map((p) => p.id)).toEqual([b.id, a.id]);
    const next = await client.plugin.getPlugins({ offset: 1, limit: 1 });
    expect(next.plugins.map((p) => p.id)).toEqual([a.id]);
  });

  it("refuses a plugins.json limit over 100", async () => {
    await expect(
      client.plugin.getPlugins({ limit: 101 }),
    ).rejects.toMatchObject({
      code: "CB_VA01",
      errors: { limit: expect.anything() },
    });
  });
});

describe("who may manage plugins", () => {
  it("refuses API tokens on plugin management", async () => {
    const app = await newApp();
    await client.app.deployApp({ apps: [{ app }] });
    const token = t.sandbox.mintToken(Number(app), { manage: true }, true);
    const byToken = t.clientWith({ apiToken: token });
    await expect(byToken.plugin.getPlugins({})).rejects.toMatchObject({
      code: "GAIA_NO01",
      status: 403,
    });
    await expect(
      byToken.plugin.installPlugin({ fileKey: "x" }),
    ).rejects.toMatchObject({ code: "GAIA_NO01" });
  });

  it("lets a token with the app management right read and add an app's plugins", async () => {
    const { id } = await installNew();
    const app = await newApp();
    await client.app.deployApp({ apps: [{ app }] });
    const token = t.sandbox.mintToken(Number(app), { manage: true }, true);
    const byToken = t.clientWith({ apiToken: token });
    await byToken.app.addPlugins({ app, ids: [id] });
    const { plugins } = await byToken.app.getPlugins({ app, preview: true });
    expect(plugins.map((p) => p.id)).toEqual([id]);
    const viewOnly = t.clientWith({
      apiToken: t.sandbox.mintToken(Number(app), { view: true }, true),
    });
    await expect(viewOnly.app.getPlugins({ app })).rejects.toMatchObject({
      code: "GAIA_NO01",
    });
  });

  it("refuses users who are not kintone administrators", async () => {
    const staff = t.clientWith({ username: "staff", password: "staff" });
    await expect(staff.plugin.getPlugins({})).rejects.toMatchObject({
      code: "CB_NO02",
      status: 403,
    });
    const bytes = pack(contentsZip(baseManifest(), baseFiles()), newKey());
    const { fileKey } = await staff.file.uploadFile({
      file: { name: "p.zip", data: Buffer.from(bytes) },
    });
    await expect(staff.plugin.installPlugin({ fileKey })).rejects.toMatchObject(
      {
        code: "CB_NO02",
      },
    );
  });
});
