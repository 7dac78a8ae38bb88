/**
 * kintone.apps.json: the ids of the five apps in each kintone the project is deployed to,
 * keyed by base URL, so lookups and scripts find "the offices app" of this environment.
 *   { "https://city.cybozu.com": { "offices": "12", "registration": "13", … } }
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { AppCode } from "../../schemas/types.ts";
import { CliError } from "./cli.ts";

export type AppIds = Partial<Record<AppCode, string>>;
type AppsFile = Record<string, AppIds>;

export const DEFAULT_APPS_FILE = "kintone.apps.json";

const read = (path: string): AppsFile => {
  if (!existsSync(path)) {
    return {};
  }
  try {
    return JSON.parse(readFileSync(path, "utf8")) as AppsFile;
  } catch {
    throw new CliError(
      `${path} を読めません（JSON の形式を確認してください）。`,
    );
  }
};

export const readAppIds = (path: string, baseUrl: string): AppIds =>
  read(path)[baseUrl] ?? {};

export const writeAppIds = (
  path: string,
  baseUrl: string,
  ids: AppIds,
): void => {
  const all = read(path);
  all[baseUrl] = ids;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(all, null, 2)}\n`);
};

/** The id of one app, or a clear error telling to deploy first. */
export const requireAppId = (
  ids: AppIds,
  code: AppCode,
  path: string,
): string => {
  const id = ids[code];
  if (!id) {
    throw new CliError(
      `アプリ「${code}」の ID が ${path} にありません。先に npm run deploy を実行してください。`,
    );
  }
  return id;
};
