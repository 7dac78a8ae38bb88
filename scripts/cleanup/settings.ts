/**
 * Where `npm run cleanup:idle` connects and how: the base URL, the registration app's id, and
 * either the operator scripts' API token of the app (KINTONE_TOKEN_REGISTRATION_SCRIPTS, the
 * name the deploy tool lists) or a login name and password.
 */
import { appEnvName, tokenEnvName } from "../../schemas/envNames.ts";
import { readAppIds, requireAppId } from "../lib/appsFile.ts";
import { CliError, flag } from "../lib/cli.ts";
import type { KintoneAuth } from "../../kintone/client.ts";

export const TOKEN_ENV = tokenEnvName("registration", "scripts");
export const APP_ENV = appEnvName("registration");

export interface CleanupSettings {
  baseUrl: string;
  app: string;
  auth: KintoneAuth;
  /** How it authenticates, for the opening line (never the secret). */
  authLabel: string;
}

const checkedBaseUrl = (baseUrl: string | undefined): string => {
  if (!baseUrl) {
    throw new CliError(
      "kintone の URL がありません: KINTONE_BASE_URL（--base-url）を指定してください。",
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CliError(`KINTONE_BASE_URL が URL ではありません: ${baseUrl}`);
  }
  if (url.protocol !== "https:" && url.hostname !== "localhost") {
    throw new CliError(
      "kintone の URL は https:// で始めてください（ローカルの kintone は http://localhost:ポート）。",
    );
  }
  return baseUrl.replace(/\/+$/, "");
};

const authFrom = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Pick<CleanupSettings, "auth" | "authLabel"> => {
  const userFlag = flag(args, "username") ?? flag(args, "user");
  const passwordFlag = flag(args, "password");
  const token = env[TOKEN_ENV];
  // A login given on the command line wins; then the token; then the login in the environment.
  if (userFlag === undefined && passwordFlag === undefined && token) {
    return {
      auth: { apiToken: token },
      authLabel: `APIトークン（${TOKEN_ENV}）`,
    };
  }
  const username = userFlag ?? env.KINTONE_USERNAME;
  const password = passwordFlag ?? env.KINTONE_PASSWORD;
  if (!username || !password) {
    throw new CliError(
      `kintone への認証情報がありません: 環境変数 ${TOKEN_ENV}（運用スクリプト用 API トークン）か、KINTONE_USERNAME（--username）と KINTONE_PASSWORD（--password）を指定してください。`,
    );
  }
  return { auth: { username, password }, authLabel: `ユーザー ${username}` };
};

const checkedAppId = (id: string, source: string): string => {
  if (!/^[1-9]\d{0,17}$/.test(id)) {
    throw new CliError(
      `${source} には事業所利用登録アプリの ID（数字）を指定してください（指定: ${id}）。`,
    );
  }
  return id;
};

/** The settings from the options and the environment; a one-line error for what is missing. */
export const settingsFrom = (
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  defaultAppsFile = "kintone.apps.json",
): CleanupSettings => {
  const baseUrl = checkedBaseUrl(
    flag(args, "base-url") ?? env.KINTONE_BASE_URL,
  );
  const auth = authFrom(args, env);
  const appFlag = flag(args, "app");
  const appEnv = env[APP_ENV];
  let app: string;
  if (appFlag !== undefined) {
    app = checkedAppId(appFlag, "--app");
  } else if (appEnv) {
    app = checkedAppId(appEnv, APP_ENV);
  } else {
    const appsFile = flag(args, "apps-file") ?? defaultAppsFile;
    app = requireAppId(readAppIds(appsFile, baseUrl), "registration", appsFile);
  }
  return { baseUrl, app, ...auth };
};
