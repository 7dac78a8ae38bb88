/**
 * Installs or updates the packed plugin through kintone's plugin REST API, with the official
 * @kintone/rest-api-client: upload the file (`POST /k/v1/file.json`), `POST /k/v1/plugin.json`
 * when kintone does not have the plugin yet or `PUT /k/v1/plugin.json` with its id to update
 * it; then adds it to the 事業所利用登録 app (`POST /k/v1/preview/app/plugins.json`) and deploys
 * the app's settings. The plugin APIs need a kintone administrator signed in with a password.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { deployApp, kintoneErrorOf, type DeployWait } from "../deploy/apply.ts";
import { CliError } from "../lib/cli.ts";
import { pluginIdOfZip } from "./pack.ts";

export interface InstallPluginOptions {
  /** A client signed in as a kintone administrator (password). */
  client: KintoneRestAPIClient;
  /** The packed plugin file (dist/plugin.zip). */
  zip: Uint8Array;
  /** The app to add the plugin to (the 事業所利用登録 app), if any. */
  app?: string;
  /** The app's name, for messages. */
  appName?: string;
  deployWait?: DeployWait;
  log?: (line: string) => void;
}

export interface InstalledPlugin {
  id: string;
  version: string;
  /** What happened to the plugin in kintone. */
  action: "installed" | "updated";
  /** Whether it was added to the app now (false: the app had it already, or no app). */
  added: boolean;
}

const pluginStep = async <T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> => {
  try {
    return await call();
  } catch (e) {
    const k = kintoneErrorOf(e);
    if (!k) {
      throw e;
    }
    const hint =
      k.code === "CB_NO02" || k.code === "GAIA_NO01"
        ? "プラグインの操作には kintone システム管理者のユーザー（パスワード認証）が必要です。"
        : "";
    throw new CliError(
      `プラグインの${what}で kintone がエラーを返しました（${k.code}）。${k.message}${hint}`,
    );
  }
};

/** Whether kintone has the plugin installed. */
export const isInstalled = async (
  client: KintoneRestAPIClient,
  id: string,
): Promise<boolean> => {
  const { plugins } = await pluginStep("確認", () =>
    client.plugin.getPlugins({ ids: [id] }),
  );
  return plugins.some((p) => p.id === id);
};

/** Adds the plugin to the app (preview) and deploys, unless the app has it already. */
const addToApp = async (
  o: InstallPluginOptions & { app: string },
  id: string,
): Promise<boolean> => {
  const appName = o.appName ?? `ID ${o.app}`;
  const { plugins } = await pluginStep("アプリへの追加の確認", () =>
    o.client.app.getPlugins({ app: o.app, preview: true }),
  );
  if (plugins.some((p) => p.id === id)) {
    return false;
  }
  const { revision } = await pluginStep("アプリへの追加", () =>
    o.client.app.addPlugins({ app: o.app, ids: [id] }),
  );
  await deployApp(o.client, o.app, appName, revision, o.deployWait);
  return true;
};

/** Installs the plugin (or updates it when kintone has it) and adds it to the app. */
export const installPlugin = async (
  o: InstallPluginOptions,
): Promise<InstalledPlugin> => {
  const log = o.log ?? (() => undefined);
  const id = pluginIdOfZip(o.zip);
  const installed = await isInstalled(o.client, id);
  const { fileKey } = await pluginStep("ファイルのアップロード", () =>
    o.client.file.uploadFile({
      file: { name: "plugin.zip", data: Buffer.from(o.zip) },
    }),
  );
  const done = installed
    ? await pluginStep("更新", () =>
        o.client.plugin.updatePlugin({ id, fileKey }),
      )
    : await pluginStep("インストール", () =>
        o.client.plugin.installPlugin({ fileKey }),
      );
  if (done.id !== id) {
    throw new CliError(
      `kintone が別のプラグイン ID を返しました（期待: ${id}、結果: ${done.id}）。`,
    );
  }
  log(
    `プラグインを${installed ? "更新" : "インストール"}しました: ${id}（バージョン ${done.version}）`,
  );
  let added = false;
  if (o.app !== undefined) {
    added = await addToApp({ ...o, app: o.app }, id);
    log(
      added
        ? `プラグインをアプリ「${o.appName ?? o.app}」に追加し、運用環境に反映しました。`
        : `アプリ「${o.appName ?? o.app}」にはプラグインが追加済みです。`,
    );
  }
  return {
    id,
    version: done.version,
    action: installed ? "updated" : "installed",
    added,
  };
};
