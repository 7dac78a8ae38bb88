/**
 * Plugin APIs (docs/kintone-behaviour.md §7.12).
 *
 * Domain level — kintone administrators with a password only, API tokens refused:
 * `POST plugin.json {fileKey}` installs, `PUT plugin.json {id, fileKey}` updates,
 * `DELETE plugin.json {id}` uninstalls, `GET plugins.json`, `GET plugins/required.json`
 * (uninstalled plugins that apps still use), `GET plugin/apps.json?id`.
 * App level — app management right (tokens with "manage" too): `GET (preview/)app/plugins.json`,
 * `POST preview/app/plugins.json {app, ids, revision?}` (at most 20 plugins per app).
 *
 * The uploaded file is read by package.ts. A plugin is a document of kind "plugin" keyed by
 * its id; the uploaded zip is kept as a stored file. Uninstalling leaves a "plugin-removed"
 * document so that apps still naming the plugin can show its name and required.json lists it.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { errors, t, validation, type LocalizedText } from "../core/errors.ts";
import {
  optionalArray,
  optionalInteger,
  optionalRevision,
  optionalString,
  requiredArray,
  requiredId,
  requiredString,
} from "../core/params.ts";
import { kintoneTime } from "../core/clock.ts";
import type { Store } from "../core/store.ts";
import {
  listApps,
  requireApp,
  settingsOf,
  updatePreview,
  type AppDoc,
} from "../apps/model.ts";
import { fileBytes, storeFile } from "../files/files.ts";
import { readPluginPackage, type Localized } from "./package.ts";

const PLUGIN = "plugin";
const REMOVED = "plugin-removed";
const MAX_PER_APP = 20;

export interface PluginDoc {
  id: string;
  version: string;
  name: Localized;
  description: Localized;
  /** The stored copy of the uploaded plugin file. */
  fileKey: string;
  /** Install order (plugins.json lists the newest first). */
  seq: number;
  installedAt: string;
  updatedAt: string;
}

interface RemovedDoc {
  id: string;
  name: Localized;
}

export const getPlugin = (store: Store, id: string): PluginDoc | undefined =>
  store.getDoc<PluginDoc>(PLUGIN, id);

const requireAdmin = (ctx: RequestContext): void => {
  if (ctx.auth.kind !== "password" || !ctx.auth.user.admin) {
    throw errors.noPrivilege();
  }
};

const localize = (names: Localized, lang: string): string =>
  names[lang] ?? names.en ?? Object.values(names)[0] ?? "";

const bad = (key: string, text: LocalizedText) => validation({ [key]: [text] });

const notInstalled = (key: string, id: string) =>
  bad(
    key,
    t(
      `指定したプラグイン（id: ${id}）はインストールされていません。`,
      `The plug-in (id: ${id}) is not installed.`,
    ),
  );

const paging = (ctx: RequestContext, maxLimit: number) => {
  const offset = optionalInteger(ctx.params, "offset", {
    min: 0,
    max: 2_147_483_647,
    fallback: 0,
  });
  const limit = optionalInteger(ctx.params, "limit", {
    min: 1,
    max: maxLimit,
    fallback: 100,
  });
  return <T>(list: T[]): T[] => list.slice(offset, offset + limit);
};

const appName = (app: AppDoc): string =>
  String((app.live ?? app.preview).general.name ?? "");

const usesPlugin = (app: AppDoc, id: string): boolean =>
  app.preview.plugins.includes(id) || (app.live?.plugins.includes(id) ?? false);

// ---- install, update, uninstall ----

/** Reads the uploaded file, keeps a stored copy and returns the plugin's document. */
const loadUpload = (
  ctx: RequestContext,
  fileKey: string,
  previous: PluginDoc | undefined,
): PluginDoc => {
  const bytes = fileBytes(ctx, fileKey);
  const pkg = readPluginPackage(bytes);
  const stored = storeFile(ctx, fileKey);
  const now = kintoneTime(ctx.now);
  return {
    id: pkg.id,
    version: String(pkg.manifest.version),
    name: pkg.manifest.name,
    description: pkg.manifest.description ?? {},
    fileKey: stored.fileKey,
    seq: previous?.seq ?? ctx.store.nextSequence(PLUGIN),
    installedAt: previous?.installedAt ?? now,
    updatedAt: now,
  };
};

const install = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const fileKey = requiredString(ctx.params, "fileKey");
  const doc = loadUpload(ctx, fileKey, undefined);
  if (getPlugin(ctx.store, doc.id)) {
    throw bad(
      "fileKey",
      t(
        `このプラグイン（id: ${doc.id}）はすでにインストールされています。更新するには PUT plugin.json を使ってください。`,
        `The plug-in (id: ${doc.id}) is already installed. Use PUT plugin.json to update it.`,
      ),
    );
  }
  ctx.store.putDoc(PLUGIN, doc.id, doc);
  ctx.store.deleteDoc(REMOVED, doc.id);
  return { id: doc.id, version: doc.version };
};

const update = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const id = requiredString(ctx.params, "id");
  const fileKey = requiredString(ctx.params, "fileKey");
  const previous = getPlugin(ctx.store, id);
  if (!previous) {
    throw notInstalled("id", id);
  }
  const doc = loadUpload(ctx, fileKey, previous);
  if (doc.id !== id) {
    throw bad(
      "fileKey",
      t(
        `アップロードしたファイルは別のプラグイン（id: ${doc.id}）です。`,
        `The uploaded file is another plug-in (id: ${doc.id}), not ${id}.`,
      ),
    );
  }
  ctx.store.deleteFile(previous.fileKey);
  ctx.store.putDoc(PLUGIN, id, doc);
  return { id, version: doc.version };
};

const uninstall = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const id = requiredString(ctx.params, "id");
  const doc = getPlugin(ctx.store, id);
  if (!doc) {
    throw notInstalled("id", id);
  }
  ctx.store.deleteFile(doc.fileKey);
  ctx.store.deleteDoc(PLUGIN, id);
  ctx.store.putDoc(REMOVED, id, { id, name: doc.name } satisfies RemovedDoc);
  return {};
};

// ---- domain-level reads ----

const listPlugins = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const ids = (optionalArray(ctx.params, "ids") ?? []).filter(
    (x) => x !== undefined && x !== null && x !== "",
  );
  if (ids.length > 100) {
    throw bad(
      "ids",
      t("100件以下で指定してください。", "must be less than or equal to 100"),
    );
  }
  const page = paging(ctx, 100);
  const wanted = new Set(ids.map(String));
  const plugins = ctx.store
    .listDocs<PluginDoc>(PLUGIN)
    .filter((p) => wanted.size === 0 || wanted.has(p.id))
    .sort((a, b) => b.seq - a.seq);
  return {
    plugins: page(plugins).map((p) => ({
      id: p.id,
      name: localize(p.name, ctx.lang),
      description: localize(p.description, ctx.lang),
      isMarketPlugin: false,
      version: p.version,
    })),
  };
};

const requiredPlugins = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const page = paging(ctx, 100);
  const apps = listApps(ctx.store);
  const removed = ctx.store
    .listDocs<RemovedDoc>(REMOVED)
    .filter((r) => !getPlugin(ctx.store, r.id))
    .filter((r) => apps.some((a) => usesPlugin(a, r.id)));
  return {
    plugins: page(removed).map((r) => ({
      id: r.id,
      name: localize(r.name, ctx.lang),
      isMarketPlugin: false,
    })),
  };
};

const pluginApps = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const id = requiredString(ctx.params, "id");
  const page = paging(ctx, 500);
  const apps = listApps(ctx.store)
    .filter((a) => usesPlugin(a, id))
    .sort((a, b) => a.id - b.id);
  return {
    apps: page(apps).map((a) => ({ id: String(a.id), name: appName(a) })),
  };
};

// ---- app level ----

const LANGS = new Set(["ja", "en", "zh", "es"]);

const appPlugins = (ctx: RequestContext): unknown => {
  const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
  const settings = settingsOf(app, ctx.api);
  const asked = optionalString(ctx.params, "lang")?.toLowerCase();
  if (asked !== undefined && !LANGS.has(asked)) {
    throw bad(
      "lang",
      t(
        "列挙値のいずれかを指定してください。",
        "must be one of the enum value",
      ),
    );
  }
  const lang = asked ?? ctx.lang;
  return {
    plugins: settings.plugins.map((id) => {
      const names =
        getPlugin(ctx.store, id)?.name ??
        ctx.store.getDoc<RemovedDoc>(REMOVED, id)?.name ??
        {};
      return { id, name: localize(names, lang), enabled: true };
    }),
    revision: String(app.revision),
  };
};

const pluginIdsParam = (ctx: RequestContext): string[] => {
  const raw = requiredArray(ctx.params, "ids");
  if (raw.length === 0) {
    throw bad(
      "ids",
      t("1件以上指定してください。", "must have at least 1 item"),
    );
  }
  return raw.map((v, i) => {
    const id = typeof v === "string" ? v : "";
    if (id === "") {
      throw bad(`ids[${i}]`, t("必須です。", "Required field."));
    }
    if (!getPlugin(ctx.store, id)) {
      throw notInstalled(`ids[${i}]`, id);
    }
    return id;
  });
};

const addAppPlugins = (ctx: RequestContext): unknown => {
  const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
  const ids = pluginIdsParam(ctx);
  const revision = optionalRevision(ctx.params);
  const next = [...new Set([...app.preview.plugins, ...ids])];
  if (next.length > MAX_PER_APP) {
    throw bad(
      "ids",
      t(
        `1つのアプリに追加できるプラグインは${MAX_PER_APP}個までです。`,
        `An app can have at most ${MAX_PER_APP} plug-ins.`,
      ),
    );
  }
  return updatePreview(ctx, app, revision, (s) => {
    s.plugins = next;
  });
};

export const pluginRoutes: Route[] = [
  { method: "POST", api: "plugin.json", token: null, handler: install },
  { method: "PUT", api: "plugin.json", token: null, handler: update },
  { method: "DELETE", api: "plugin.json", token: null, handler: uninstall },
  { method: "GET", api: "plugins.json", token: null, handler: listPlugins },
  {
    method: "GET",
    api: "plugins/required.json",
    token: null,
    handler: requiredPlugins,
  },
  { method: "GET", api: "plugin/apps.json", token: null, handler: pluginApps },
  {
    method: "GET",
    api: "app/plugins.json",
    token: "manage",
    right: "manage",
    handler: appPlugins,
  },
  {
    method: "GET",
    api: "preview/app/plugins.json",
    token: "manage",
    right: "manage",
    handler: appPlugins,
  },
  {
    method: "POST",
    api: "preview/app/plugins.json",
    token: "manage",
    right: "manage",
    handler: addAppPlugins,
  },
];
