/**
 * Sessions and CSRF. The session cookie (HttpOnly, SameSite=Lax, `__Host-` on https) names a
 * session in the auth store; `request.login` is the logged-in provider, or null when the session
 * is missing, expired, or its registration is no longer usable or has another address now.
 *
 * A form's CSRF token is the session's own token (rotated with the session at login), so a
 * cookie planted from another port or subdomain cannot make a logged-in browser search in its
 * owner's name. Before login, forms carry a random token from a SameSite=Strict cookie
 * (double submit): there is no session to bind it to yet. Posts another site makes are refused
 * on what the browser says (Sec-Fetch-Site, Origin) as well.
 *
 * The session cookie is a browser-session cookie, with the idle limit on the server; a session
 * started with 「この端末を記憶する」 (portal/auth/README.md) has a persistent one instead, kept
 * until the absolute limit, and the longer remembered idle limit on the server.
 */
import { createHash, randomBytes } from "node:crypto";
import cookie from "@fastify/cookie";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { AccessRules } from "../access.ts";
import { sameToken } from "../auth/store.ts";
import { sessionLimitsOf, type PortalConfig } from "../config.ts";
import type { RegistrationRow, ReplicaReader } from "../replica/types.ts";
import type { AuthStoreLike } from "../deps.ts";

export interface Login {
  registration: RegistrationRow;
  sessionId: string;
  /** The token this session's forms carry. */
  csrfToken: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The logged-in provider, or null (set for every request from its session cookie). */
    login: Login | null;
    /** Whether a posted form comes from this portal's own page for this browser. */
    csrfValid: (token: string | undefined) => boolean;
    /** Whether the request carried a session cookie at all. */
    hasSessionCookie: () => boolean;
    /**
     * The id of this browser when it logged in with this address before (a signed cookie set at
     * login), else null: the login-mail limit per address counts it apart, so that strangers
     * asking for someone's mails cannot lock that person's own browser out.
     */
    knownBrowser: (emailKey: string) => string | null;
  }
  interface FastifyReply {
    /** The token the page's forms carry; sets the pre-login cookie when it is missing. */
    csrfToken: () => string;
    /**
     * Logs in: ends the session the browser had, starts a new one and rotates the tokens.
     * `remember`: 「この端末を記憶する」 was checked (ignored when the settings do not offer it).
     */
    startSession: (
      registration: RegistrationRow,
      o?: { remember?: boolean },
    ) => void;
    /** Logs out: ends the session and deletes its cookie (only if the request carried one). */
    endSession: () => void;
  }
}

export interface SessionOptions {
  config: Pick<
    PortalConfig,
    | "secureCookies"
    | "publicUrl"
    | "sessionIdleMinutes"
    | "sessionAbsoluteHours"
    | "sessionRememberIdleHours"
  >;
  auth: AuthStoreLike;
  replica: Pick<ReplicaReader, "registrationById">;
  access: Pick<AccessRules, "usable">;
  /** Signs the remembered-browser cookie (auth/cookieKey.ts). */
  cookieKey: string;
}

/** How long a browser is remembered after its last login. */
export const KNOWN_BROWSER_DAYS = 90;

/** Cookie names: `__Host-` on https (Secure, Path=/, no Domain: no sibling host may set them). */
export const cookieNames = (
  secure: boolean,
): { session: string; csrf: string; known: string } => {
  const prefix = secure ? "__Host-" : "";
  return {
    session: `${prefix}kaigo_sid`,
    csrf: `${prefix}kaigo_csrf`,
    known: `${prefix}kaigo_known`,
  };
};

/** The address a remembered browser logged in with, as a tag: the cookie holds no address. */
const addressTag = (emailKey: string): string =>
  createHash("sha256").update(emailKey).digest("base64url").slice(0, 22);

const ANONYMOUS_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

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

const sessionPlugin: FastifyPluginAsync<SessionOptions> = async (app, o) => {
  const { config, auth, replica, access } = o;
  const names = cookieNames(config.secureCookies);
  const limits = sessionLimitsOf(config);
  const cookieOptions = (sameSite: "lax" | "strict") => ({
    path: "/",
    httpOnly: true,
    secure: config.secureCookies,
    sameSite,
  });
  /** This request's pre-login token, once read or made (one cookie per answer). */
  const anonymous = new WeakMap<FastifyRequest, string>();

  const loginOf = (req: FastifyRequest): Login | null => {
    const sid = req.cookies[names.session];
    if (!sid) {
      return null;
    }
    const session = auth.getSession(sid, limits);
    const registration = session
      ? replica.registrationById(session.registrationId)
      : undefined;
    // A registration whose address was changed in kintone ends the sessions of the old one.
    if (
      !session ||
      !access.usable(registration) ||
      registration.emailKey !== session.emailKey
    ) {
      auth.destroySession(sid);
      return null;
    }
    // The store keeps activity in memory and writes it now and then (no disk write per search).
    auth.touchSession(sid);
    return { registration, sessionId: sid, csrfToken: session.csrfToken };
  };

  const anonymousToken = (reply: FastifyReply, fresh = false): string => {
    const req = reply.request;
    const known = anonymous.get(req);
    if (known !== undefined && !fresh) {
      return known;
    }
    const sent = req.cookies[names.csrf];
    if (!fresh && sent !== undefined && ANONYMOUS_TOKEN.test(sent)) {
      anonymous.set(req, sent);
      return sent;
    }
    const token = randomBytes(24).toString("base64url");
    reply.setCookie(names.csrf, token, cookieOptions("strict"));
    anonymous.set(req, token);
    return token;
  };

  // Awaited: its onRequest hook (parsing the cookies) must run before the one below.
  await app.register(cookie, { secret: o.cookieKey });
  app.decorateRequest("login", null);
  app.decorateRequest(
    "csrfValid",
    function csrfValid(this: FastifyRequest, token) {
      if (!sameOrigin(this, config.publicUrl)) {
        return false;
      }
      if (this.login) {
        return sameToken(this.login.csrfToken, token);
      }
      const sent = this.cookies[names.csrf];
      return (
        sent !== undefined &&
        ANONYMOUS_TOKEN.test(sent) &&
        sameToken(sent, token)
      );
    },
  );
  app.decorateRequest(
    "hasSessionCookie",
    function hasSessionCookie(this: FastifyRequest) {
      return this.cookies[names.session] !== undefined;
    },
  );
  app.decorateRequest(
    "knownBrowser",
    function knownBrowser(this: FastifyRequest, emailKey: string) {
      const raw = this.cookies[names.known];
      const signed = raw === undefined ? null : this.unsignCookie(raw);
      if (!signed?.valid || signed.value === null) {
        return null;
      }
      const [tag, id, until] = signed.value.split(".");
      return tag === addressTag(emailKey) &&
        id !== undefined &&
        Number(until) * 1000 > Date.now()
        ? id
        : null;
    },
  );
  app.decorateReply("csrfToken", function csrfToken(this: FastifyReply) {
    return this.request.login?.csrfToken ?? anonymousToken(this);
  });
  app.decorateReply(
    "startSession",
    function startSession(
      this: FastifyReply,
      registration: RegistrationRow,
      choice: { remember?: boolean } = {},
    ) {
      const old = this.request.cookies[names.session];
      if (old) {
        auth.destroySession(old);
      }
      const remembered =
        choice.remember === true && config.sessionRememberIdleHours > 0;
      const session = auth.createSession(
        { registrationId: registration.id, emailKey: registration.emailKey },
        { remembered },
      );
      // Remembered: the cookie outlives the browser's closing, never the session's absolute
      // limit. Otherwise it goes with the browser (the idle limit is the server's).
      this.setCookie(
        names.session,
        session.id,
        remembered
          ? {
              ...cookieOptions("lax"),
              maxAge: config.sessionAbsoluteHours * 3600,
            }
          : cookieOptions("lax"),
      );
      const seconds = KNOWN_BROWSER_DAYS * 86_400;
      const until = Math.floor(Date.now() / 1000) + seconds;
      const id = randomBytes(12).toString("base64url");
      this.setCookie(
        names.known,
        `${addressTag(registration.emailKey)}.${id}.${until}`,
        { ...cookieOptions("strict"), signed: true, maxAge: seconds },
      );
      // The pre-login token is not worth anything once used: a new one for the next login.
      anonymousToken(this, true);
    },
  );
  app.decorateReply("endSession", function endSession(this: FastifyReply) {
    const req = this.request;
    const sid = req.cookies[names.session];
    if (sid !== undefined) {
      auth.destroySession(sid);
      this.clearCookie(names.session, cookieOptions("lax"));
    }
    req.login = null;
  });
  // Callback style, like the hooks below on every request: no promise and no microtask each.
  app.addHook("onRequest", (req, _reply, done) => {
    req.login = loginOf(req);
    done();
  });
};

export default fp(sessionPlugin, { name: "sessions" });

/**
 * preHandler of the routes only a logged-in provider may use: anyone else gets the login-again
 * page (401). The session cookie is deleted only if the request carried one: a cross-site post
 * carries none and ends nothing.
 */
export const requireLogin = (
  req: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void => {
  if (req.login) {
    done();
    return;
  }
  if (req.hasSessionCookie()) {
    reply.endSession();
  }
  // Answered here: the route's handler does not run (done is not called).
  reply.message("loginAgain", 401);
};
