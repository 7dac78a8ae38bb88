/**
 * The files inside installed plugins, for the pages: the manifest (which JS/CSS a page loads)
 * and each packed file, served at `/k/static/plugin/<pluginId>/<path>`. The stored plugin file
 * was checked at install (sandbox/plugins/package.ts); here it is only opened, once per stored
 * copy (an update stores a new copy, so the cache never serves an old version).
 */
import { unzipSync } from "fflate";
import type { Store } from "../../core/store.ts";
import type { PluginManifest } from "../../plugins/package.ts";
import { getPlugin } from "../../plugins/plugins.ts";

export interface OpenedPlugin {
  id: string;
  manifest: PluginManifest;
  files: Map<string, Uint8Array>;
}

const normalize = (p: string): string =>
  p.replace(/\\/g, "/").replace(/^(\.\/|\/)+/, "");

const entries = (zip: Uint8Array): Map<string, Uint8Array> =>
  new Map(
    Object.entries(unzipSync(zip))
      .filter(([name]) => !name.endsWith("/"))
      .map(([name, data]) => [normalize(name), data]),
  );

const open = (id: string, bytes: Uint8Array): OpenedPlugin => {
  const outer = entries(bytes);
  const contents = outer.get("contents.zip");
  const files = contents ? entries(contents) : outer;
  const manifest = JSON.parse(
    new TextDecoder().decode(files.get("manifest.json")).replace(/^\uFEFF/, ""),
  ) as PluginManifest;
  return { id, manifest, files };
};

export const createPluginFiles = (
  store: Store,
): ((id: string) => OpenedPlugin | undefined) => {
  const cache = new Map<string, OpenedPlugin>();
  return (id) => {
    const doc = getPlugin(store, id);
    if (!doc) {
      return undefined;
    }
    const cached = cache.get(doc.fileKey);
    if (cached) {
      return cached;
    }
    const bytes = store.fileData(doc.fileKey);
    if (!bytes) {
      return undefined;
    }
    const opened = open(id, bytes);
    cache.set(doc.fileKey, opened);
    return opened;
  };
};

/** Where a page loads a file the manifest names: https URLs as they are, else from the plugin. */
export const pluginFileUrl = (pluginId: string, entry: string): string =>
  /^https?:\/\//i.test(entry)
    ? entry
    : `/k/static/plugin/${pluginId}/${normalize(entry)
        .split("/")
        .map(encodeURIComponent)
        .join("/")}`;
