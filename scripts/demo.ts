/**
 * The demo environment in one call: the local kintone, the five apps deployed (with the portal's
 * API tokens minted), demo data when the progress app is empty, a mail catcher, the portal, and
 * the local kintone's webhooks pointed at the portal. `npm start` runs it; browser tests too. The
 * portal's rate-limit counts are cleared at every start, so a restart frees an evaluator.
 */
import { join } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { createKintoneClient } from "../kintone/client.ts";
import { jstDateOf, type IsoDate } from "../domain/date.ts";
import { startPortal, type RunningPortal } from "../portal/app.ts";
import type { PortalConfig } from "../portal/config.ts";
import { configFromEnv } from "../portal/env.ts";
import { clearLimitCounts } from "../portal/limits/limiter.ts";
import { startMailCatcher, type MailCatcher } from "../portal/mail/catcher.ts";
import {
  defaultUsers,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from "../sandbox/index.ts";
import { tokenEnvName } from "../schemas/envNames.ts";
import { appCodes, type AppCode } from "../schemas/types.ts";
import { deployCustomizations } from "./customize/upload.ts";
import { deployApps } from "./deploy/deployApps.ts";
import { deployDemoPlugin } from "./plugin/demo.ts";
import { readEnvFile } from "./deploy/tokens.ts";
import type { AppIds } from "./lib/appsFile.ts";
import { DEFAULT_SEED } from "./seed/generate.ts";
import { seed } from "./seed/write.ts";

export interface DemoOptions {
  /** Folder for everything (sandbox data, app ids, tokens, portal data). */
  dataDir: string;
  /** Keep the local kintone in memory (tests). */
  memory?: boolean;
  kintonePort?: number;
  portalPort?: number;
  /** The demo data's "today" (default: today in Japan). */
  today?: IsoDate;
  /** Portal settings over the environment's (tests shorten intervals, page size…). */
  portal?: Partial<PortalConfig>;
  /** The portal's clock (tests move it). */
  now?: () => Date;
  /** How often the portal deletes expired sessions (tests shorten it). */
  purgeIntervalMs?: number;
  env?: Record<string, string | undefined>;
  /**
   * Build the customizations (customize/) and deploy them to the apps with
   * @kintone/customize-uploader, into `<dataDir>/customize` (npm start does; tests that need
   * them build once per file).
   */
  customize?: boolean;
  /**
   * Build the kintone plugin when dist/plugin.zip is missing or older than its sources, install
   * it in the local kintone and add it to the 事業所利用登録 app (npm start does; off for tests).
   */
  plugin?: boolean;
  log?: (line: string) => void;
  onKintoneResponse?: SandboxOptions["onResponse"];
}

export interface Demo {
  sandbox: Sandbox;
  /** An administrator's client of the local kintone. */
  client: KintoneRestAPIClient;
  ids: AppIds;
  catcher: MailCatcher;
  portal: RunningPortal;
  config: PortalConfig;
  close: () => Promise<void>;
}

export const DEMO_WEBHOOK_SECRET = "demo-webhook-secret-not-for-production";
const ADMIN = { username: "admin", password: "admin" };

/** A 認定係 clerk for the local kintone's staff pages: not an administrator. */
export const DEMO_CLERK = {
  login: "clerk",
  password: "clerk",
  name: "認定係 職員（デモ）",
};

/** The clerk as the apps' staff: the schemas' permissions give 認定係 their rights. */
const DEMO_STAFF = { type: "USER", code: DEMO_CLERK.login } as const;

/** The portal's API tokens out of a tokens file's variables (KINTONE_TOKEN_<APP>_PORTAL). */
export const portalTokens = (
  env: Record<string, string>,
): Partial<Record<AppCode, string>> =>
  Object.fromEntries(
    appCodes.map((code) => [code, env[tokenEnvName(code, "portal")]]),
  );

/** Points the local kintone's webhooks (sandbox-only API) at `url`, once per app and URL. */
const connectWebhooks = async (
  sandbox: Sandbox,
  apps: Array<string | undefined>,
  url: string,
): Promise<void> => {
  const headers = {
    "X-Cybozu-Authorization": Buffer.from(
      `${ADMIN.username}:${ADMIN.password}`,
    ).toString("base64"),
    "Content-Type": "application/json",
  };
  for (const app of apps.filter((a): a is string => Boolean(a))) {
    const res = await fetch(
      `${sandbox.url}/k/v1/sandbox/webhook.json?app=${app}`,
      { headers },
    );
    const list = (await res.json()) as { webhooks?: Array<{ url: string }> };
    if (!(list.webhooks ?? []).some((w) => w.url === url)) {
      await fetch(`${sandbox.url}/k/v1/sandbox/webhook.json`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          app,
          url,
          events: [
            "ADD_RECORD",
            "UPDATE_RECORD",
            "DELETE_RECORD",
            "UPDATE_STATUS",
          ],
        }),
      });
    }
  }
};

export interface DemoKintone {
  sandbox: Sandbox;
  client: KintoneRestAPIClient;
  ids: AppIds;
  /** The portal's API tokens, per app. */
  tokens: Partial<Record<AppCode, string>>;
  /** The registration form's add-only token (KINTONE_TOKEN_REGISTRATION_SIGNUP). */
  signupToken?: string;
}

/**
 * The local kintone with the five apps deployed, the portal's tokens minted and the demo data
 * loaded when the progress app is empty: everything of the demo but the portal.
 */
export const startDemoKintone = async (
  o: Pick<
    DemoOptions,
    | "dataDir"
    | "memory"
    | "kintonePort"
    | "today"
    | "log"
    | "onKintoneResponse"
    | "customize"
    | "plugin"
  >,
): Promise<DemoKintone> => {
  const log = o.log ?? (() => undefined);
  const sandbox = await startSandbox({
    port: o.kintonePort ?? 8090,
    dataDir: o.memory ? null : join(o.dataDir, "sandbox"),
    users: [...defaultUsers(), { ...DEMO_CLERK }],
    ...(o.onKintoneResponse ? { onResponse: o.onKintoneResponse } : {}),
  });
  const client = createKintoneClient(sandbox.url, ADMIN);
  const tokensFile = join(o.dataDir, "tokens.env");
  try {
    const { ids } = await deployApps({
      client,
      baseUrl: sandbox.url,
      appsFile: join(o.dataDir, "kintone.apps.json"),
      mintTokens: { file: tokensFile, credentials: ADMIN },
      staff: DEMO_STAFF,
    });
    const existing = await client.record.getRecords({
      app: ids.progress as string,
      query: "limit 1",
      totalCount: true,
    });
    if (existing.totalCount === "0") {
      await seed({
        client,
        appIds: ids as Parameters<typeof seed>[0]["appIds"],
        today: o.today ?? (jstDateOf(Date.now()) as IsoDate),
        seed: DEFAULT_SEED,
        log,
      });
    }
    if (o.customize) {
      await deployCustomizations({
        connection: { baseUrl: sandbox.url, ...ADMIN },
        ids,
        appsFile: join(o.dataDir, "kintone.apps.json"),
        outDir: join(o.dataDir, "customize"),
        log,
      });
    }
    if (o.plugin && ids.registration) {
      await deployDemoPlugin({ client, app: ids.registration, log });
    }
    const minted = readEnvFile(tokensFile);
    const signupToken = minted[tokenEnvName("registration", "signup")];
    return {
      sandbox,
      client,
      ids,
      tokens: portalTokens(minted),
      ...(signupToken ? { signupToken } : {}),
    };
  } catch (e) {
    // A half-started demo must not keep the process alive (a test runner would not exit).
    await sandbox.close();
    throw e;
  }
};

export const startDemo = async (o: DemoOptions): Promise<Demo> => {
  const kintone = await startDemoKintone(o);
  const { sandbox } = kintone;
  let catcher: MailCatcher | undefined;
  try {
    catcher = await startMailCatcher({ port: 0 });
    return await startDemoPortal(o, kintone, catcher);
  } catch (e) {
    // A half-started demo must not keep the process alive (a test runner would not exit).
    await catcher?.close();
    await sandbox.close();
    throw e;
  }
};

const startDemoPortal = async (
  o: DemoOptions,
  { sandbox, client, ids, tokens, signupToken }: DemoKintone,
  catcher: MailCatcher,
): Promise<Demo> => {
  const log = o.log ?? (() => undefined);
  const config = configFromEnv(o.env ?? process.env, {
    port: o.portalPort ?? 3000,
    dataDir: join(o.dataDir, "portal"),
    kintone: {
      baseUrl: sandbox.url,
      apps: ids as Record<AppCode, string>,
      tokens,
      ...(signupToken ? { signupToken } : {}),
    },
    smtp: {
      url: catcher.smtpUrl,
      from: "デモ市介護保険課 <no-reply@example.jp>",
    },
    webhookSecret: DEMO_WEBHOOK_SECRET,
    // A change made in the demo's kintone shows on the portal within a few seconds.
    webhookMinIntervalSeconds: 2,
    devMailbox: true,
  });
  const merged: PortalConfig = { ...config, ...o.portal };
  // The demo starts with no counts: an evaluator who reached a limit is free after a restart
  // (a real portal keeps them across restarts; portal/limits/README.md).
  clearLimitCounts(join(merged.dataDir, "limits.sqlite"));
  const portal = await startPortal(merged, {
    mailbox: () => catcher.messages(),
    withheldMail: catcher,
    ...(o.now ? { now: o.now } : {}),
    ...(o.purgeIntervalMs ? { purgeIntervalMs: o.purgeIntervalMs } : {}),
    log,
  });
  try {
    await connectWebhooks(
      sandbox,
      [ids.progress, ids.registration],
      `${portal.url}/hooks/kintone/${merged.webhookSecret}`,
    );
  } catch (e) {
    await portal.close();
    throw e;
  }
  return {
    sandbox,
    client,
    ids,
    catcher,
    portal,
    config: merged,
    close: async () => {
      await portal.close();
      await catcher.close();
      await sandbox.close();
    },
  };
};
