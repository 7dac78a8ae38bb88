/**
 * The portal put together: the replica (full load, then sync and reconcile on timers), the
 * login/session store, the mailer, and the HTTP server. `startPortal` is what `npm start` and
 * `npm run portal` call; tests call it too.
 */
import { lineWriter, type LogLine, type PortalLogger } from "./logger.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createKintoneClient } from "../kintone/client.ts";
import { openAuditLog } from "./audit/log.ts";
import { startAuditShipper } from "./audit/shipper.ts";
import { readOrCreateCookieKey } from "./auth/cookieKey.ts";
import { openAuthStore } from "./auth/store.ts";
import { createRateLimiter } from "./limits/limiter.ts";
import { sessionLimitsOf, type PortalConfig } from "./config.ts";
import type { CaughtMail, MailCatcher } from "./mail/catcher.ts";
import { renderMailboxPage } from "./mail/mailboxPage.ts";
import { createMailer, sendLoginMail } from "./mail/send.ts";
import { startNotifier, type Notifier } from "./notify/index.ts";
import { openReplica, type Replica } from "./replica/replica.ts";
import { signupDeps } from "./signup/index.ts";
import { openSignupStore } from "./signup/store.ts";
import { buildPortal } from "./server.ts";

/**
 * The 事業所名 of an office, read from the replicated 事業所マスタ once per sync rather than on
 * every page (the header shows it).
 */
const officeNames = (
  replica: Pick<Replica, "officeByNo" | "lastSuccessAt">,
): ((officeNo: string) => string | undefined) => {
  let names = new Map<string, string | undefined>();
  let readAt: string | null = null;
  return (officeNo) => {
    const syncedAt = replica.lastSuccessAt();
    if (syncedAt !== readAt) {
      names = new Map();
      readAt = syncedAt;
    }
    if (!names.has(officeNo)) {
      const v = replica.officeByNo(officeNo)?.officeName?.value;
      names.set(officeNo, typeof v === "string" && v !== "" ? v : undefined);
    }
    return names.get(officeNo);
  };
};

export interface RunningPortal {
  url: string;
  replica: Replica;
  /** Ships pending audit events to the 閲覧ログ app now. */
  flushAudit: () => Promise<unknown>;
  /** The approval, return and rejection mails (portal/notify). */
  notifier: Notifier;
  close: () => Promise<void>;
}

/** How often expired sessions and links are deleted. */
const PURGE_INTERVAL_MS = 5 * 60_000;

export interface PortalExtras {
  /** How often expired sessions and links are deleted (tests shorten it). */
  purgeIntervalMs?: number;
  /** The dev mail catcher's messages, for /dev/mailbox (demo and tests only). */
  mailbox?: () => CaughtMail[];
  /** The mails a limit withheld, listed in /dev/mailbox too (the dev mail catcher). */
  withheldMail?: Pick<MailCatcher, "withheld" | "noteWithheld">;
  now?: () => Date;
  /** The portal's lines; by default written through `logger`, or nowhere. */
  log?: LogLine;
  /** The JSON-line logger (`npm run portal`): the lines above and Fastify's request lines. */
  logger?: PortalLogger;
}

/** Closes what was started, newest first, once; a close that fails does not stop the others. */
const closeAll = async (opened: Array<() => unknown>): Promise<void> => {
  for (const close of opened.splice(0).reverse()) {
    try {
      await close();
    } catch {
      // Best effort: the start's own error is the one that matters.
    }
  }
};

export const startPortal = async (
  given: PortalConfig,
  extras: PortalExtras = {},
): Promise<RunningPortal> => {
  // What has been started: closed again when a later step fails, so a portal that cannot start
  // (its port taken, kintone unreachable) leaves no timer, socket or file behind.
  const opened: Array<() => unknown> = [];
  try {
    return await start(given, extras, opened);
  } catch (e) {
    await closeAll(opened);
    throw e;
  }
};

const start = async (
  given: PortalConfig,
  extras: PortalExtras,
  opened: Array<() => unknown>,
): Promise<RunningPortal> => {
  // A copy the server reads at request time: with port 0, the public URL is known after listen.
  const config: PortalConfig = { ...given };
  const log = lineWriter(extras);
  mkdirSync(config.dataDir, { recursive: true });
  const { apps, tokens, baseUrl } = config.kintone;
  const replica = openReplica({
    file: join(config.dataDir, "replica.sqlite"),
    baseUrl,
    tokens,
    apps: {
      progress: apps.progress,
      registration: apps.registration,
      offices: apps.offices,
      consent: apps.consent,
    },
    requestIntervalMs: config.webhookMinIntervalSeconds * 1000,
    ...(extras.now ? { now: extras.now } : {}),
    log,
  });
  opened.push(() => replica.close());
  await replica.start({
    syncIntervalSeconds: config.syncIntervalSeconds,
    reconcileIntervalSeconds: config.reconcileIntervalSeconds,
  });
  const auth = openAuthStore(join(config.dataDir, "auth.sqlite"), {
    ...(extras.now ? { now: extras.now } : {}),
    sessionLimits: sessionLimitsOf(config),
  });
  // Expired sessions and used or expired links are deleted every few minutes, not only when
  // their owner comes back.
  const purge = setInterval(() => {
    auth.purgeExpired();
  }, extras.purgeIntervalMs ?? PURGE_INTERVAL_MS);
  purge.unref();
  opened.push(
    () => auth.close(),
    () => clearInterval(purge),
  );
  const auditLog = openAuditLog(join(config.dataDir, "audit.sqlite"), {
    ...(extras.now ? { now: extras.now } : {}),
    maxPending: config.auditMaxPending,
    logLine: log,
  });
  const shipper = startAuditShipper({
    log: auditLog,
    client: createKintoneClient(baseUrl, { apiToken: tokens.accessLog ?? "" }),
    app: apps.accessLog,
    intervalMs: config.auditShipIntervalSeconds * 1000,
    dailyRequestBudget: config.auditShipRequestsPerDay,
    ...(extras.now ? { now: extras.now } : {}),
    logLine: log,
  });
  opened.push(
    () => auditLog.close(),
    // What is still pending is shipped once more before the shipper stops.
    async () => {
      await shipper.flush().catch(() => undefined);
      await shipper.stop();
    },
  );
  const limiter = createRateLimiter({
    rules: config.limits,
    file: join(config.dataDir, "limits.sqlite"),
    ...(extras.now ? { now: extras.now } : {}),
  });
  opened.push(() => limiter.close());
  const mailer = createMailer({
    smtpUrl: config.smtp.url,
    from: config.smtp.from,
  });
  opened.push(() => mailer.close());
  const registrations = createKintoneClient(baseUrl, {
    apiToken: tokens.registration ?? "",
  });
  const signupStore = openSignupStore(join(config.dataDir, "signup.sqlite"), {
    ...(extras.now ? { now: extras.now } : {}),
  });
  opened.push(() => signupStore.close());
  const signup = signupDeps({
    config,
    store: signupStore,
    replica,
    mailer,
    endSessionsOf: (id) => auth.destroySessionsOf(id),
  });
  const mailbox = extras.mailbox;
  const withheld = extras.withheldMail;
  const app = await buildPortal({
    config,
    cookieKey: readOrCreateCookieKey(join(config.dataDir, "cookie.key")),
    replica,
    auth,
    limiter,
    audit: (e) => auditLog.append(e),
    isCancelled: (id) => signupStore.isCancelled(id),
    officeNameOf: officeNames(replica),
    ...(signup ? { signup } : {}),
    sendLoginMail: async (to, link) => {
      await sendLoginMail(mailer, {
        to,
        link,
        cityName: config.cityName,
        ttlMinutes: config.linkTtlMinutes,
      });
    },
    recordLogin: async (id, at) => {
      await registrations.record.updateRecord({
        app: apps.registration,
        id,
        record: { lastLoginAt: { value: `${at.toISOString().slice(0, 19)}Z` } },
      });
      await replica.requestSync(apps.registration);
    },
    ...(mailbox
      ? {
          mailboxHtml: () =>
            renderMailboxPage(mailbox(), {
              withheld: withheld?.withheld() ?? [],
              stylesheetHref: "/assets/portal.css",
            }),
        }
      : {}),
    ...(withheld && config.devMailbox
      ? { noteWithheldMail: (m) => withheld.noteWithheld(m) }
      : {}),
    ...(extras.now ? { now: extras.now } : {}),
    ...(extras.logger ? { logger: extras.logger } : {}),
    log,
  });
  opened.push(() => app.close());
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port =
    typeof address === "object" && address ? address.port : config.port;
  if (given.port === 0 && /:0\/?$/.test(given.publicUrl)) {
    Object.assign(config, { publicUrl: `http://localhost:${port}` });
  }
  // Started once the public URL is known: the mails name it.
  const notifier = await startNotifier({
    config,
    replica,
    registrations,
    ...(extras.now ? { now: extras.now } : {}),
    log,
  });
  opened.push(() => notifier.close());
  return {
    url: `http://localhost:${port}`,
    replica,
    flushAudit: () => shipper.flush(),
    notifier,
    // Everything started, closed newest first (the server before what it uses).
    close: () => closeAll(opened),
  };
};
