/**
 * Plugin settings of an app — kintone's API Lab APIs "アプリに追加されているプラグインの設定情報を
 * 取得する / 変更する" (https://cybozu.dev/ja/kintone/docs/api-lab/rest-api/apps/get-app-plugin-config,
 * …/update-app-plugin-config): `GET (preview/)app/plugin/config.json {app, id}` →
 * `{config, revision}`, `PUT preview/app/plugin/config.json {app, id, config}` → `{revision}`.
 * The pages' `kintone.plugin.app.getConfig/setConfig` go through them. Settings are saved in the
 * preview and take effect with the app's next deploy, as a plugin's settings do in kintone.
 * Live reads need the record view right, preview reads and writes app management.
 */
import type { Route } from "../core/context.ts";
import { messages, t } from "../core/errors.ts";
import type { AppSettings } from "../apps/model.ts";
import {
  isObject,
  problems,
  readRoutes,
  texts,
  writeRoute,
  type Problems,
} from "../apps/settingsKit.ts";

const KEY = "pluginConfigs";
/** kintone's limits for one plugin (kintone.plugin.app.setConfig's documentation). */
const MAX_VALUE = 65_535;
const MAX_TOTAL = 256 * 1024;

type Configs = Record<string, Record<string, string>>;

const configsOf = (settings: AppSettings): Configs =>
  (settings.other[KEY] as Configs | undefined) ?? {};

/** A plugin's settings in these app settings ({} when never saved). */
export const pluginConfigOf = (
  settings: AppSettings,
  pluginId: string,
): Record<string, string> => ({ ...configsOf(settings)[pluginId] });

const notAdded = (id: string) =>
  t(
    `指定したプラグイン（id: ${id}）はアプリに追加されていません。`,
    `The plug-in (id: ${id}) has not been added to the app.`,
  );

const pluginIdOf = (
  raw: unknown,
  settings: AppSettings,
  report: Problems,
): string => {
  const id = typeof raw === "string" ? raw : "";
  if (id === "") {
    report.add("id", messages.requiredParam);
  } else if (!settings.plugins.includes(id)) {
    report.add("id", notAdded(id));
  }
  return id;
};

const readConfig = (raw: unknown, report: Problems): Record<string, string> => {
  if (raw === undefined || raw === null) {
    report.add("config", messages.requiredParam);
    return {};
  }
  if (!isObject(raw)) {
    report.add("config", texts.object);
    return {};
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") {
      report.add(`config.${key}`, texts.string);
    } else if (value.length > MAX_VALUE) {
      report.add(
        `config.${key}`,
        t(
          `${MAX_VALUE}文字以下で指定してください。`,
          `Enter ${MAX_VALUE} characters or less.`,
        ),
      );
    } else {
      config[key] = value;
    }
  }
  if (Buffer.byteLength(JSON.stringify(config)) > MAX_TOTAL) {
    report.add(
      "config",
      t(
        "プラグインの設定情報は合計256KB以下にしてください。",
        "The plug-in's settings must be 256 KB or less in total.",
      ),
    );
  }
  return config;
};

const API = "app/plugin/config.json";

export const pluginConfigRoutes: Route[] = [
  ...readRoutes(API, (ctx, { settings }) => {
    const report = problems();
    const id = pluginIdOf(ctx.params.id, settings, report);
    report.check();
    return { config: pluginConfigOf(settings, id) };
  }),
  writeRoute("PUT", API, (ctx, settings) => {
    const report = problems();
    const id = pluginIdOf(ctx.params.id, settings, report);
    const config = readConfig(ctx.params.config, report);
    report.check();
    settings.other[KEY] = { ...configsOf(settings), [id]: config };
  }),
].map((route): Route => ({ ...route, lab: true }));
