/**
 * The plugin in the demo (`npm start`): built and packed when dist/plugin.zip is missing or
 * older than the files its last build read, then installed (or updated) in the local kintone
 * and added to the 事業所利用登録 app.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { registration } from "../../schemas/apps/registration.ts";
import { DEFAULT_OUT_DIR, DEFAULT_ZIP } from "./bundle.ts";
import { installPlugin, type InstalledPlugin } from "./install.ts";
import { buildAndPack, chooseKey, isStale } from "./pack.ts";

export const deployDemoPlugin = async (o: {
  client: KintoneRestAPIClient;
  /** The 事業所利用登録 app's id. */
  app: string;
  root?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<InstalledPlugin> => {
  const root = resolve(o.root ?? process.cwd());
  const log = o.log ?? (() => undefined);
  const env = o.env ?? process.env;
  const key = chooseKey({ root, env });
  if (isStale({ root, key: key.path })) {
    log("プラグインをビルドしています…");
    const { packed } = await buildAndPack({
      root,
      outDir: DEFAULT_OUT_DIR,
      zipPath: DEFAULT_ZIP,
      ppk: key.path,
    });
    log(`プラグインをビルドしました（プラグイン ID: ${packed.id}）。`);
  }
  return installPlugin({
    client: o.client,
    zip: new Uint8Array(readFileSync(resolve(root, DEFAULT_ZIP))),
    app: o.app,
    appName: registration.name,
    deployWait: { pollMs: 100 },
    log,
  });
};
