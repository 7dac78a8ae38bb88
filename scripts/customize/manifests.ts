/**
 * customize-manifest.json per app, as @kintone/customize-uploader reads it. The committed
 * templates (`customize/<app>/customize-manifest.json`) have no app id — it differs per kintone —
 * and name the bundles under dist/customize/; the real manifests get the id from the apps file
 * and absolute paths to the bundles that were built.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { requireAppId, type AppIds } from "../lib/appsFile.ts";
import { CliError } from "../lib/cli.ts";
import { DEFAULT_OUT_DIR, type CustomizedApp } from "./bundles.ts";

export interface Manifest {
  app: string;
  scope: "ALL" | "ADMIN" | "NONE";
  desktop: { js: string[]; css: string[] };
  mobile: { js: string[]; css: string[] };
}

export const templatePath = (root: string, app: CustomizedApp): string =>
  join(root, "customize", app, "customize-manifest.json");

export const readTemplate = (root: string, app: CustomizedApp): Manifest => {
  const path = templatePath(root, app);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    throw new CliError(
      `${path} を読めません（JSON の形式を確認してください）。`,
    );
  }
};

const isUrl = (s: string): boolean => /^https:\/\//.test(s);

/**
 * A template made real: the app id, and each file of dist/customize/ taken from `outDir`
 * (absolute), other local files from the repository root; URLs as they are.
 */
export const manifestFor = (
  template: Manifest,
  appId: string,
  root: string,
  outDir: string,
): Manifest => {
  const place = (file: string): string => {
    if (isUrl(file)) {
      return file;
    }
    const inDist = relative(DEFAULT_OUT_DIR, file);
    return inDist.startsWith("..") || inDist.startsWith(sep)
      ? resolve(root, file)
      : resolve(root, outDir, inDist);
  };
  const files = (list: { js: string[]; css: string[] }) => ({
    js: list.js.map(place),
    css: list.css.map(place),
  });
  return {
    ...template,
    app: appId,
    desktop: files(template.desktop),
    mobile: files(template.mobile),
  };
};

/** Writes `<outDir>/<app>/customize-manifest.json` for each app; gives their paths. */
export const writeManifests = (o: {
  root: string;
  outDir: string;
  apps: readonly CustomizedApp[];
  ids: AppIds;
  appsFile: string;
}): string[] =>
  o.apps.map((app) => {
    const manifest = manifestFor(
      readTemplate(o.root, app),
      requireAppId(o.ids, app, o.appsFile),
      o.root,
      o.outDir,
    );
    const dir = resolve(o.root, o.outDir, app);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "customize-manifest.json");
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    return path;
  });
