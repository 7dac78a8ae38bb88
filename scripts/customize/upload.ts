/**
 * Deploys the customizations with the official @kintone/customize-uploader, unchanged: one run
 * of its command per app's manifest (it uploads the files, sets the app's JavaScript and CSS,
 * deploys the app and waits until kintone says SUCCESS).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AppIds } from "../lib/appsFile.ts";
import { CliError, type Connection } from "../lib/cli.ts";
import {
  buildBundles,
  customizedApps,
  DEFAULT_OUT_DIR,
  oversized,
  sizeTable,
  type BundleSize,
  type CustomizedApp,
} from "./bundles.ts";
import { writeManifests } from "./manifests.ts";

const run = promisify(execFile);

const uploaderBin = (root: string): string =>
  join(root, "node_modules", "@kintone", "customize-uploader", "bin", "cli.js");

const isLocal = (baseUrl: string): boolean =>
  ["localhost", "127.0.0.1", "[::1]"].includes(new URL(baseUrl).hostname);

/** The uploader's environment: the connection as its variables; no proxy for a local kintone. */
export const uploaderEnv = (
  c: Connection,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv => ({
  ...env,
  KINTONE_BASE_URL: c.baseUrl,
  KINTONE_USERNAME: c.username,
  KINTONE_PASSWORD: c.password,
  ...(isLocal(c.baseUrl)
    ? { HTTPS_PROXY: "", HTTP_PROXY: "", https_proxy: "", http_proxy: "" }
    : {}),
});

/** Runs the uploader on one manifest; its failure becomes one Japanese line. */
export const uploadManifest = async (
  root: string,
  manifest: string,
  connection: Connection,
): Promise<string> => {
  try {
    const { stdout } = await run(
      process.execPath,
      [uploaderBin(root), "--lang", "ja", manifest],
      { cwd: root, env: uploaderEnv(connection), timeout: 300_000 },
    );
    return stdout;
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    const said = `${out.stderr ?? ""}\n${out.stdout ?? ""}`
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "")
      .slice(-3)
      .join(" / ");
    throw new CliError(
      `カスタマイズの反映に失敗しました（${manifest}）: ${said || "uploader が終了コード 0 以外で終わりました"}`,
    );
  }
};

export interface DeployCustomizeOptions {
  root?: string;
  connection: Connection;
  ids: AppIds;
  appsFile: string;
  /** Where the bundles are built (and the manifests written); default dist/customize. */
  outDir?: string;
  apps?: readonly CustomizedApp[];
  /** Use the bundles already in outDir instead of building them. */
  skipBuild?: boolean;
  log?: (line: string) => void;
}

/**
 * Builds the bundles (refusing any over the size bar), writes each app's manifest with its id
 * and runs the uploader for it; gives the sizes built (none with skipBuild).
 */
export const deployCustomizations = async (
  o: DeployCustomizeOptions,
): Promise<BundleSize[]> => {
  const root = o.root ?? process.cwd();
  const outDir = o.outDir ?? DEFAULT_OUT_DIR;
  const log = o.log ?? (() => undefined);
  const apps = o.apps ?? customizedApps;
  let sizes: BundleSize[] = [];
  if (!o.skipBuild) {
    sizes = await buildBundles({ root, outDir });
    log(sizeTable(sizes));
    const over = oversized(sizes);
    if (over.length > 0) {
      throw new CliError(
        `gzip 後に 20 KB を超えるファイルがあるため反映しません: ${over.map((s) => `${s.app}/${s.device}`).join("、")}`,
      );
    }
  }
  const manifests = writeManifests({
    root,
    outDir,
    apps,
    ids: o.ids,
    appsFile: o.appsFile,
  });
  for (const [i, manifest] of manifests.entries()) {
    await uploadManifest(root, manifest, o.connection);
    log(
      `カスタマイズを反映しました: ${apps[i]}（アプリ ${o.ids[apps[i] as CustomizedApp]}）`,
    );
  }
  return sizes;
};
