/**
 * The portal's HTTP server (Fastify): login by email link, search, logout, the kintone webhook,
 * health checks and, in development only, the mailbox. Pages are server-rendered HTML that works
 * without JavaScript. Every answer carries no-store caching and no-referrer; nothing personal is
 * logged.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import formbody from "@fastify/formbody";
import fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyError,
  type ConnectionError,
} from "fastify";
import { registrationStatuses } from "../domain/codes.ts";
import { jstDateOf } from "../domain/date.ts";
import { emailKey, parseEmail } from "../domain/email.ts";
import { isIdle } from "../domain/policy.ts";
import type { AuditEvent } from "./audit/log.ts";
import { searchFieldsOf } from "./audit/log.ts";
import type { PortalConfig } from "./config.ts";
import type { RegistrationRow, ReplicaReader } from "./replica/types.ts";
import { runSearch, type SearchInput, type SearchOutcome } from "./search.ts";
import {
  loginPage,
  loginSentPage,
  messagePage,
  searchPage,
  verifyPage,
  type Chrome,
  type SearchView,
} from "./web/pages.ts";
import { accessibilityPage } from "./web/accessibility.ts";
import type { RateLimiter } from "./limits/limiter.ts";
import type { LimitKind, LimitRule } from "./limits/rules.ts";
import { createAuditGate } from "./audit/gate.ts";
import { limitPage } from "./limits/page.ts";
import { safeEqual } from "./auth/store.ts";
import { replicaApps } from "./replica/rows.ts";
import { serverWithLimits } from "./web/connections.ts";
import { parseCookies, serializeCookie } from "./web/cookies.ts";

/** The app id a kintone webhook notification names (`{app: {id}}`), or null. */
const webhookAppId = (body: unknown): string | null => {
  const app =
    typeof body === "object" && body !== null
      ? (body as { app?: unknown }).app
      : undefined;
  const id =
    typeof app === "object" && app !== null
      ? (app as { id?: unknown }).id
      : undefined;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
};

/**
 * The login form's answer leaves no sooner than this after the request came in, whatever the
 * address: what differs between a registered and an unknown address (a link written, a mail
 * started) then does not show in the time of the answer.
 */
export const LOGIN_ANSWER_MS = 150;

const answerNoSoonerThan = (started: number, ms: number): Promise<void> => {
  const wait = started + ms - performance.now();
  return wait > 0
    ? new Promise((resolve) => {
        setTimeout(resolve, wait);
      })
    : Promise.resolve();
};

/**
 * The audit writer, and the one for refusals by a rate limit: of those, one per address, kind
 * and window is recorded, the others counted (createAuditGate).
 */
const auditors = (deps: PortalDeps) => {
  const audit = deps.audit ?? (() => "");
  const gate = createAuditGate(() => performance.now());
  const auditLimited = async (
    event: Omit<AuditEvent, "eventType"> & { ip: string },
    rule: LimitRule,
  ): Promise<void> => {
    const { record, passedOver } = gate.admit(
      `${rule.kind}.${rule.scope}:${event.ip}`,
      rule.windowSeconds * 1000,
    );
    if (record) {
      if (passedOver > 0) {
        deps.log?.(
          `audit: ${passedOver} refusals by the ${rule.kind} limit from one address not recorded one by one`,
        );
      }
      await audit({ ...event, eventType: "rateLimited" });
    }
  };
  return { audit, auditLimited };
};

/**
 * Whether a form post comes from the portal's own pages, as the browser says (Sec-Fetch-Site,
 * Origin); a client that sends neither is judged by the CSRF token alone.
 */
export const sameOrigin = (req: FastifyRequest, publicUrl: string): boolean => {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return false;
  }
  const origin = req.headers.origin;
  // The portal's no-referrer policy makes browsers send `Origin: null` from its own pages;
  // their Sec-Fetch-Site (checked above) still tells a cross-site post.
  if (origin === undefined || origin === "null") {
    return true;
  }
  try {
    const o = new URL(origin);
    return (
      o.origin === new URL(publicUrl).origin || o.host === req.headers.host
    );
  } catch {
    return false;
  }
};

/** A refusal by a rate limit: 429, Retry-After, and the page saying when to continue. */
const answerLimited = (
  reply: FastifyReply,
  c: Chrome,
  kind: LimitKind,
  refusal: { retryAt: Date; retryAfterSeconds: number },
  now: Date,
) =>
  reply
    .code(429)
    .header("Retry-After", String(refusal.retryAfterSeconds))
    .type("text/html; charset=utf-8")
    .send(limitPage(c, { kind, retryAt: refusal.retryAt, now }));

/** Whether the replica keeps this app: a webhook naming another app starts no sync. */
const isReplicated = (config: PortalConfig, appId: string): boolean =>
  replicaApps.some((code) => config.kintone.apps[code] === appId);

export interface SessionLike {
  registrationId: string;
  emailKey: string;
  /** When the session's last request was recorded (touchSession). */
  lastSeenAt: Date;
}

/** The login links and sessions the server needs (portal/auth/store.ts). */
export interface AuthStoreLike {
  createLoginLink: (
    a: { registrationId: string; emailKey: string },
    ttlMinutes: number,
  ) => string;
  consumeLoginLink: (
    token: string,
  ) =>
    | { ok: true; registrationId: string; emailKey: string }
    | { ok: false; reason: string };
  createSession: (a: { registrationId: string; emailKey: string }) => {
    id: string;
  };
  getSession: (
    id: string,
    o: { idleMinutes: number; absoluteHours: number },
  ) => SessionLike | null;
  touchSession: (id: string) => void;
  destroySession: (id: string) => void;
}

export interface PortalDeps {
  config: PortalConfig;
  replica: ReplicaReader & { requestSync: (appId?: string) => unknown };
  auth: AuthStoreLike;
  /** Rate limits (portal/limits); none when absent. */
  limiter?: Pick<RateLimiter, "check" | "hit" | "take">;
  /** Sends the login mail; failures are logged, never shown (the page is the same either way). */
  sendLoginMail: (to: string, link: string) => Promise<void>;
  /** Writes 最終ログイン日時 back to the registration in kintone. */
  recordLogin: (registrationId: string, at: Date) => Promise<void>;
  /**
   * Records an audit event durably before the answer is sent (portal/audit; the answer waits for
   * the returned promise). When it fails, the request fails with a page that shows nothing: no
   * view without its record.
   */
  audit?: (e: AuditEvent) => Promise<string> | string;
  /** The dev mailbox page, when enabled. */
  mailboxHtml?: () => string;
  now?: () => Date;
  /** Folder of portal.css; default portal/assets under the working directory. */
  assetsDir?: string;
  /** One line per event, without personal data. */
  log?: (line: string) => void;
}

const SESSION_COOKIE = "kaigo_sid";
const CSRF_COOKIE = "kaigo_csrf";
const ACTIVE = registrationStatuses.active.label;

const CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

const NO_LIMITS: Pick<RateLimiter, "check" | "hit" | "take"> = {
  check: () => ({ ok: true }),
  hit: () => undefined,
  take: () => ({ ok: true }),
};

const CLIENT_ERROR_PAGE = Buffer.from(
  '<!doctype html><html lang="ja"><meta charset="utf-8"><title>もう一度お試しください</title><h1>もう一度お試しください</h1><p>送信された内容を受け付けられませんでした。最初からもう一度操作してください。</p></html>',
);

/** Headers too large, or a request not received whole in time; anything else malformed: 400. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** Malformed HTTP or headers too large (before Fastify has a request): a short Japanese page. */
const answerClientError = (err: ConnectionError, socket: Socket): void => {
  if (err.code === "ECONNRESET" || socket.destroyed) {
    return;
  }
  const status = CLIENT_ERROR_STATUS[err.code ?? ""] ?? 400;
  // rawPacket is the request's raw bytes (a Buffer at run time).
  const head = String(err.rawPacket).startsWith("HEAD ");
  const body = head ? Buffer.alloc(0) : CLIENT_ERROR_PAGE;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${CLIENT_ERROR_PAGE.length}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: ${CSP}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body);
  }
  socket.destroy();
};

type Form = Record<string, string | undefined>;

const outcomeHits = (outcome: SearchOutcome): number => {
  if (outcome.kind === "found") {
    return outcome.total;
  }
  return outcome.kind === "ambiguous" ? outcome.hits : 0;
};

const resultOf = (outcome: SearchOutcome): SearchView["result"] => {
  if (outcome.kind === "invalid") {
    return null;
  }
  return outcome.kind === "found" ? outcome : { kind: outcome.kind };
};

const text = (form: Form, key: string): string =>
  typeof form[key] === "string" ? (form[key] as string) : "";

/**
 * Who may use the portal: an active registration not idle (usable); to log in or search, also
 * registrations synced recently enough to know that it still is (fresh): a registration
 * suspended in kintone must not keep access because kintone cannot be reached.
 */
const accessRules = (
  config: PortalConfig,
  replica: Pick<ReplicaReader, "lastSuccessAt">,
  now: () => Date,
) => {
  const usable = (reg: RegistrationRow | undefined): reg is RegistrationRow =>
    reg !== undefined &&
    reg.status === ACTIVE &&
    !isIdle(
      {
        lastLoginAt: reg.lastLoginAt,
        approvedAt: reg.approvedAt,
        createdAt: reg.createdAt,
      },
      now().getTime(),
      config.idleDays,
    );

  const fresh = (): boolean => {
    const at = replica.lastSuccessAt();
    return (
      at !== null &&
      now().getTime() - Date.parse(at) <= config.staleMinutes * 60_000
    );
  };
  const mayLogIn = (reg: RegistrationRow | undefined): reg is RegistrationRow =>
    usable(reg) && fresh();
  return { usable, fresh, mayLogIn };
};

export const buildPortal = async (
  deps: PortalDeps,
): Promise<FastifyInstance> => {
  const { config, replica, auth, limiter = NO_LIMITS } = deps;
  const { audit, auditLimited } = auditors(deps);
  const net = (req: FastifyRequest) => ({
    ip: req.ip,
    userAgent: String(req.headers["user-agent"] ?? ""),
  });
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const css = readFileSync(
    join(
      deps.assetsDir ?? join(process.cwd(), "portal", "assets"),
      "portal.css",
    ),
  );
  const app = fastify({
    logger: false,
    serverFactory: serverWithLimits(config),
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    // Bad escapes in the path, over-long params: the Japanese error page, not Fastify's JSON.
    frameworkErrors: (error, req, reply) => {
      log(`error: ${error.code}`);
      return html(
        reply,
        messagePage(
          chrome(req, reply, false),
          "もう一度お試しください",
          "URLが正しくありません。URLをお確かめのうえ、もう一度操作してください。",
        ),
        400,
      );
    },
    clientErrorHandler: answerClientError,
  });
  await app.register(formbody);

  /** Cookies of the request, and cookies to set on the reply (several Set-Cookie headers). */
  const cookiesOf = (req: FastifyRequest): Record<string, string> => {
    const r = req as FastifyRequest & {
      parsedCookies?: Record<string, string>;
    };
    r.parsedCookies ??= parseCookies(req.headers.cookie);
    return r.parsedCookies;
  };
  const setCookie = (
    reply: FastifyReply,
    name: string,
    value: string,
    sameSite: "Lax" | "Strict",
    maxAge?: number,
  ): void => {
    const existing = reply.getHeader("Set-Cookie");
    const list = [existing]
      .flat()
      .filter((x) => x !== undefined)
      .map(String);
    list.push(
      serializeCookie(name, value, {
        secure: config.secureCookies,
        sameSite,
        ...(maxAge === undefined ? {} : { maxAge }),
      }),
    );
    reply.header("Set-Cookie", list);
  };

  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Content-Security-Policy", CSP);
    if (!reply.getHeader("Cache-Control")) {
      reply.header("Cache-Control", "no-store");
    }
    if (config.secureCookies) {
      reply.header("Strict-Transport-Security", "max-age=31536000");
    }
    return payload;
  });

  /** The CSRF token of this browser (double-submit cookie), created when missing. */
  const csrfOf = (req: FastifyRequest, reply: FastifyReply): string => {
    const existing = cookiesOf(req)[CSRF_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{20,}$/.test(existing)) {
      return existing;
    }
    const fresh = randomBytes(24).toString("base64url");
    setCookie(reply, CSRF_COOKIE, fresh, "Strict");
    cookiesOf(req)[CSRF_COOKIE] = fresh;
    return fresh;
  };

  const csrfOk = (req: FastifyRequest, form: Form): boolean => {
    const c = cookiesOf(req)[CSRF_COOKIE];
    return (
      sameOrigin(req, config.publicUrl) &&
      typeof c === "string" &&
      c.length >= 20 &&
      text(form, "csrf") === c
    );
  };

  const chrome = (
    req: FastifyRequest,
    reply: FastifyReply,
    loggedIn: boolean,
  ): Chrome => {
    const lastSyncAt = replica.lastSuccessAt();
    const staleAfterMs = Math.max(3 * config.syncIntervalSeconds, 120) * 1000;
    return {
      cityName: config.cityName,
      lastSyncAt,
      stale:
        lastSyncAt === null ||
        now().getTime() - Date.parse(lastSyncAt) > staleAfterMs,
      loggedIn,
      csrf: csrfOf(req, reply),
    };
  };

  const { usable, fresh, mayLogIn } = accessRules(config, replica, now);

  /** The logged-in provider, or null (and the session ended) when it is no longer allowed. */
  const current = (
    req: FastifyRequest,
  ): { registration: RegistrationRow } | null => {
    const sid = cookiesOf(req)[SESSION_COOKIE];
    if (!sid) {
      return null;
    }
    const session = auth.getSession(sid, {
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours,
    });
    const registration = session
      ? replica.registrationById(session.registrationId)
      : undefined;
    // A registration whose address was changed in kintone ends the sessions of the old one.
    if (
      !session ||
      !usable(registration) ||
      registration.emailKey !== session.emailKey
    ) {
      auth.destroySession(sid);
      return null;
    }
    // The store keeps activity in memory and writes it now and then (no disk write per search).
    auth.touchSession(sid);
    return { registration };
  };

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type("text/html; charset=utf-8").send(body);

  const badForm = (req: FastifyRequest, reply: FastifyReply) =>
    html(
      reply,
      messagePage(
        chrome(req, reply, false),
        "もう一度お試しください",
        "画面の有効期限が切れました。お手数ですが、最初からもう一度操作してください。",
      ),
      403,
    );

  app.get("/assets/portal.css", (_req, reply) =>
    reply
      .header("Cache-Control", "public, max-age=3600")
      .type("text/css; charset=utf-8")
      .send(css),
  );

  app.get("/healthz", (_req, reply) => reply.type("text/plain").send("ok"));
  app.get("/readyz", (_req, reply) => {
    const ready = replica.lastSuccessAt() !== null;
    return reply
      .code(ready ? 200 : 503)
      .type("text/plain")
      .send(ready ? "ready" : "syncing");
  });

  app.get("/", (req, reply) =>
    current(req)
      ? reply.redirect("/search", 303)
      : html(
          reply,
          loginPage(chrome(req, reply, false), { email: "", problems: [] }),
        ),
  );

  app.post("/login", async (req, reply) => {
    const started = performance.now();
    const form = (req.body ?? {}) as Form;
    if (!csrfOk(req, form)) {
      return badForm(req, reply);
    }
    const parsed = parseEmail(text(form, "email"));
    if (!parsed.ok) {
      return html(
        reply,
        loginPage(chrome(req, reply, false), {
          email: text(form, "email"),
          problems: parsed.problems,
        }),
        400,
      );
    }
    const address = emailKey(parsed.value);
    const registration = replica.registrationByEmail(address);
    const who = {
      email: parsed.value,
      ...(registration ? { officeNo: registration.officeNo } : {}),
      ...net(req),
    };
    // Counted whether the address is registered or not; refused attempts are not counted.
    const limited = limiter.take("loginMail", { ip: req.ip, address });
    if (!limited.ok && limited.rule.scope === "ip") {
      await auditLimited(who, limited.rule);
      // Safe to show: it depends on this IP's requests only, never on the address.
      return answerLimited(
        reply,
        chrome(req, reply, false),
        "loginMail",
        limited,
        now(),
      );
    }
    // One audit write whether the address may log in or not, so that the time of the answer
    // does not tell which (a refusal is recorded as such, in place of the request).
    await audit({
      eventType: mayLogIn(registration) ? "loginRequested" : "loginRefused",
      ...who,
    });
    if (!limited.ok) {
      await auditLimited(who, limited.rule);
      log("login: mail not sent (limit per address)");
    } else if (mayLogIn(registration)) {
      const token = auth.createLoginLink(
        { registrationId: registration.id, emailKey: registration.emailKey },
        config.linkTtlMinutes,
      );
      const link = `${config.publicUrl.replace(/\/+$/, "")}/login/verify?token=${encodeURIComponent(token)}`;
      deps
        .sendLoginMail(registration.email, link)
        .catch(() => log("login mail: sending failed"));
      log("login: link sent");
    } else {
      log("login: refused (no usable registration)");
    }
    await answerNoSoonerThan(started, LOGIN_ANSWER_MS);
    return html(
      reply,
      loginSentPage(chrome(req, reply, false), config.linkTtlMinutes),
    );
  });

  app.get("/login/verify", (req, reply) => {
    const token = text(req.query as Form, "token");
    return html(reply, verifyPage(chrome(req, reply, false), token));
  });

  app.post("/login/verify", async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    if (!csrfOk(req, form)) {
      return badForm(req, reply);
    }
    // Guessing links is limited per address, and its refusals recorded once per window.
    const limited = limiter.take("loginLink", { ip: req.ip });
    if (!limited.ok) {
      await auditLimited(net(req), limited.rule);
      return answerLimited(
        reply,
        chrome(req, reply, false),
        "loginLink",
        limited,
        now(),
      );
    }
    const consumed = auth.consumeLoginLink(text(form, "token"));
    const registration = consumed.ok
      ? replica.registrationById(consumed.registrationId)
      : undefined;
    // A link mailed to an address the registration no longer has does not log in.
    if (
      !consumed.ok ||
      !mayLogIn(registration) ||
      registration.emailKey !== consumed.emailKey
    ) {
      await audit({
        eventType: "loginRefused",
        ...(registration
          ? { email: registration.email, officeNo: registration.officeNo }
          : {}),
        ...net(req),
      });
      log(
        `login: link refused (${consumed.ok ? "registration not usable" : consumed.reason})`,
      );
      return html(
        reply,
        messagePage(
          chrome(req, reply, false),
          "このURLではログインできません",
          "ログイン用URLの有効期限が切れたか、すでに使われています。お手数ですが、もう一度ログイン用メールを送信してください。",
        ),
        400,
      );
    }
    const old = cookiesOf(req)[SESSION_COOKIE];
    if (old) {
      auth.destroySession(old);
    }
    const session = auth.createSession({
      registrationId: registration.id,
      emailKey: registration.emailKey,
    });
    await audit({
      eventType: "loginSucceeded",
      email: registration.email,
      officeNo: registration.officeNo,
      ...net(req),
    });
    setCookie(reply, SESSION_COOKIE, session.id, "Lax");
    deps
      .recordLogin(registration.id, now())
      .catch(() => log("login: last-login write-back failed"));
    log("login: succeeded");
    return reply.redirect("/search", 303);
  });

  const auditSearch = async (
    req: FastifyRequest,
    r: RegistrationRow,
    outcome: SearchOutcome,
  ): Promise<void> => {
    if (outcome.kind === "invalid") {
      return;
    }
    const base = {
      email: r.email,
      officeNo: r.officeNo,
      ...searchFieldsOf(outcome.query),
      ...net(req),
    };
    if (outcome.kind === "none" && outcome.withheld > 0) {
      await audit({ eventType: "denied", ...base, hitCount: outcome.withheld });
      return;
    }
    await audit({
      eventType: "search",
      ...base,
      hitCount: outcomeHits(outcome),
      shownRecords:
        outcome.kind === "found"
          ? outcome.records.map((rec) => String(rec.applicationNo?.value ?? ""))
          : [],
    });
  };

  const renderSearch = (
    req: FastifyRequest,
    reply: FastifyReply,
    view: SearchView,
    status = 200,
  ) => html(reply, searchPage(chrome(req, reply, true), view), status);

  const emptyView = (): SearchView => ({
    method: "insuredNo",
    values: { insuredNoLast6: "", applicationDate: "", birthDate: "" },
    problems: [],
    windowMonths: config.windowMonths,
    contactText: config.contactText,
    result: null,
  });

  const loginAgain = (req: FastifyRequest, reply: FastifyReply) => {
    // Only a request that carried a session may end it: a cross-site post carries none.
    if (cookiesOf(req)[SESSION_COOKIE] !== undefined) {
      setCookie(reply, SESSION_COOKIE, "", "Lax", 0);
    }
    return html(
      reply,
      messagePage(
        chrome(req, reply, false),
        "ログインしてください",
        "ログインの有効期限が切れたか、利用できない状態です。もう一度ログインしてください。",
      ),
      401,
    );
  };

  app.get("/search", (req, reply) =>
    current(req)
      ? renderSearch(req, reply, emptyView())
      : loginAgain(req, reply),
  );

  app.post("/search", async (req, reply) => {
    const who = current(req);
    if (!who) {
      return loginAgain(req, reply);
    }
    const form = (req.body ?? {}) as Form;
    if (!csrfOk(req, form)) {
      return badForm(req, reply);
    }
    if (!fresh()) {
      log("search: refused (registrations not synced recently)");
      return html(
        reply.header("Retry-After", "60"),
        messagePage(
          chrome(req, reply, true),
          "ただいま検索できません",
          "最新の利用登録の情報を確認できないため、検索を止めています。しばらくしてから、もう一度お試しください。",
        ),
        503,
      );
    }
    const keys = { account: who.registration.id, ip: req.ip };
    const limited = limiter.check("search", keys);
    if (!limited.ok) {
      await audit({
        eventType: "rateLimited",
        email: who.registration.email,
        officeNo: who.registration.officeNo,
        ...net(req),
      });
      return answerLimited(
        reply,
        chrome(req, reply, true),
        "search",
        limited,
        now(),
      );
    }
    const input: SearchInput = {
      method: text(form, "method") === "dates" ? "dates" : "insuredNo",
      insuredNoLast6: text(form, "insuredNoLast6"),
      applicationDate: text(form, "applicationDate"),
      birthDate: text(form, "birthDate"),
      page: Number(text(form, "page")) || 1,
    };
    const outcome = runSearch(replica, input, {
      today: jstDateOf(now().getTime()) as string,
      windowMonths: config.windowMonths,
      pageSize: config.pageSize,
      consentMode: config.consentMode,
      officeNo: who.registration.officeNo,
    });
    if (outcome.kind !== "invalid") {
      limiter.hit("search", keys);
    }
    log(`search: ${input.method} → ${outcome.kind}`);
    await auditSearch(req, who.registration, outcome);
    const view: SearchView = {
      ...emptyView(),
      method: input.method,
      values: {
        insuredNoLast6: input.insuredNoLast6,
        applicationDate: input.applicationDate,
        birthDate: input.birthDate,
      },
      problems: outcome.kind === "invalid" ? outcome.problems : [],
      result: resultOf(outcome),
    };
    return renderSearch(
      req,
      reply,
      view,
      outcome.kind === "invalid" ? 400 : 200,
    );
  });

  app.post("/logout", async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    if (!csrfOk(req, form)) {
      return badForm(req, reply);
    }
    const who = current(req);
    if (who) {
      await audit({
        eventType: "logout",
        email: who.registration.email,
        officeNo: who.registration.officeNo,
        ...net(req),
      });
    }
    const sid = cookiesOf(req)[SESSION_COOKIE];
    if (sid) {
      auth.destroySession(sid);
    }
    setCookie(reply, SESSION_COOKIE, "", "Lax", 0);
    log("logout");
    return html(
      reply,
      messagePage(
        chrome(req, reply, false),
        "ログアウトしました",
        "ご利用ありがとうございました。",
        true,
      ),
    );
  });

  app.post("/hooks/kintone/:secret", (req, reply) => {
    const { secret } = req.params as { secret: string };
    if (!safeEqual(config.webhookSecret, secret)) {
      return reply.code(404).send({ ok: false });
    }
    // Only the app the notification names is synced, and only if the portal replicates it.
    const appId = webhookAppId(req.body);
    if (appId !== null && isReplicated(config, appId)) {
      replica.requestSync(appId);
    }
    return reply.send({ ok: true });
  });

  app.get("/accessibility", (req, reply) =>
    html(reply, accessibilityPage(chrome(req, reply, current(req) !== null))),
  );

  if (config.devMailbox && deps.mailboxHtml) {
    const mailbox = deps.mailboxHtml;
    app.get("/dev/mailbox", (_req, reply) => html(reply, mailbox()));
  }

  app.setNotFoundHandler((req, reply) =>
    html(
      reply,
      messagePage(
        chrome(req, reply, false),
        "ページが見つかりません",
        "URLをお確かめください。",
      ),
      404,
    ),
  );

  app.setErrorHandler((error: FastifyError, req, reply) => {
    log(`error: ${error.name}`);
    const status =
      error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return html(
      reply,
      messagePage(
        chrome(req, reply, false),
        status < 500 ? "もう一度お試しください" : "ただいま表示できません",
        status < 500
          ? "送信された内容を受け付けられませんでした。最初からもう一度操作してください。"
          : "しばらくしてから、もう一度お試しください。",
      ),
      status,
    );
  });

  return app;
};
