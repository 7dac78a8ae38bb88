/**
 * Where `npm run cleanup:idle` connects and how: the base URL, the registration app's id, and
 * either the operator scripts' API token of the app (KINTONE_TOKEN_REGISTRATION_SCRIPTS, the
 * name the deploy tool lists) or a login name and password (scripts/lib/cli.ts).
 */
import { appEnvName, tokenEnvName } from "../../schemas/envNames.ts";
import { readAppIds, requireAppId } from "../lib/appsFile.ts";
import {
  CliError,
  flag,
  kintoneAccessFrom,
  type KintoneAccess,
} from "../lib/cli.ts";
import { SCRIPT_RIGHTS } from "../lib/scriptRights.ts";

export const TOKEN_ENV = tokenEnvName("registration", "scripts");
export const APP_ENV = appEnvName("registration");

export const CLEANUP_RIGHTS = SCRIPT_RIGHTS["cleanup:idle"];

export interface CleanupSettings extends KintoneAccess {
  app: string;
}

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
  const access = kintoneAccessFrom(args, CLEANUP_RIGHTS, env);
  const appFlag = flag(args, "app");
  const appEnv = env[APP_ENV];
  let app: string;
  if (appFlag !== undefined) {
    app = checkedAppId(appFlag, "--app");
  } else if (appEnv) {
    app = checkedAppId(appEnv, APP_ENV);
  } else {
    const appsFile = flag(args, "apps-file") ?? defaultAppsFile;
    app = requireAppId(
      readAppIds(appsFile, access.baseUrl),
      "registration",
      appsFile,
    );
  }
  return { ...access, app };
};
