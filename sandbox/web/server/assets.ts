/**
 * Which CSS and JavaScript a page loads: the app's deployed customization
 * (`app/customize.json`, sandbox/apps/customize.ts) and the manifests of the plugins added to
 * the app (sandbox/plugins/), desktop or mobile files as the page is. kintone's order: plugins
 * first, then the app's own files, each list in its saved order.
 */
import type { AppDoc, AppSettings } from "../../apps/model.ts";
import { listApps } from "../../apps/model.ts";
import type { Store } from "../../core/store.ts";
import { pluginConfigOf } from "../../plugins/config.ts";
import { pluginFileUrl, type OpenedPlugin } from "./pluginFiles.ts";

export interface PageAssets {
  css: string[];
  /** Each plugin's scripts, loaded after `kintone.$PLUGIN_ID` is set to its id. */
  plugins: Array<{ id: string; js: string[] }>;
  /** The app's customization scripts. */
  js: string[];
  /** The plugin settings page's config.html. */
  configHtml?: string;
  /** The settings of the page's plugins (kintone.plugin.app.getConfig), by plugin id. */
  pluginConfigs: Record<string, Record<string, string>>;
}

interface CustomizeItem {
  type?: string;
  url?: string;
  file?: { fileKey?: string };
}

/** A customization FILE item is served from `/k/static/file/<fileKey>`; a URL item as it is. */
const itemUrl = (item: CustomizeItem): string | undefined => {
  if (item.type === "URL" && typeof item.url === "string") {
    return item.url;
  }
  const key = item.file?.fileKey;
  return item.type === "FILE" && typeof key === "string"
    ? `/k/static/file/${encodeURIComponent(key)}`
    : undefined;
};

const items = (settings: AppSettings, mobile: boolean, kind: "js" | "css") => {
  const platform = settings.customize[mobile ? "mobile" : "desktop"] as
    Partial<Record<"js" | "css", CustomizeItem[]>> | undefined;
  return (platform?.[kind] ?? [])
    .map(itemUrl)
    .filter((u): u is string => u !== undefined);
};

/**
 * The files of an app's page. The customization's scope applies as in kintone: ALL, only the
 * app's administrators (ADMIN), or nobody (NONE); plugins are not affected by it.
 */
export const appPageAssets = (
  app: AppDoc,
  mobile: boolean,
  isAppAdmin: boolean,
  plugin: (id: string) => OpenedPlugin | undefined,
): PageAssets => {
  const settings = app.live ?? app.preview;
  const scope = settings.customize.scope;
  const customized = scope === "ALL" || (scope === "ADMIN" && isAppAdmin);
  const screen = mobile ? "mobile" : "desktop";
  const plugins = settings.plugins
    .map(plugin)
    .filter((p): p is OpenedPlugin => p !== undefined);
  return {
    css: [
      ...plugins.flatMap((p) =>
        (p.manifest[screen]?.css ?? []).map((f) => pluginFileUrl(p.id, f)),
      ),
      ...(customized ? items(settings, mobile, "css") : []),
    ],
    plugins: plugins.map((p) => ({
      id: p.id,
      js: (p.manifest[screen]?.js ?? []).map((f) => pluginFileUrl(p.id, f)),
    })),
    js: customized ? items(settings, mobile, "js") : [],
    pluginConfigs: Object.fromEntries(
      plugins.map((p) => [p.id, pluginConfigOf(settings, p.id)]),
    ),
  };
};

/**
 * The plugin settings page: the plugin's config.html, config CSS and config JS, and its saved
 * settings (the preview's: what the page last saved, deployed or not).
 */
export const pluginConfigAssets = (
  p: OpenedPlugin,
  preview: AppSettings,
): PageAssets => {
  const config = p.manifest.config ?? {};
  const html = config.html
    ? p.files.get(config.html.replace(/^\.?\//, ""))
    : undefined;
  return {
    css: (config.css ?? []).map((f) => pluginFileUrl(p.id, f)),
    plugins: [
      { id: p.id, js: (config.js ?? []).map((f) => pluginFileUrl(p.id, f)) },
    ],
    js: [],
    configHtml: html ? new TextDecoder().decode(html) : "",
    pluginConfigs: { [p.id]: pluginConfigOf(preview, p.id) },
  };
};

/** Whether a stored file is a file of some app's customization (live or preview). */
export const isCustomizationFile = (store: Store, fileKey: string): boolean =>
  listApps(store).some((app) =>
    [app.preview, app.live].some(
      (settings) =>
        settings !== null &&
        [false, true].some((mobile) =>
          (["js", "css"] as const).some((kind) =>
            items(settings, mobile, kind).includes(
              `/k/static/file/${encodeURIComponent(fileKey)}`,
            ),
          ),
        ),
    ),
  );
