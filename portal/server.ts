/**
 * The portal's HTTP server (Fastify), wired from its plugins and routes: security headers and
 * the client-error page (plugins/security.ts), sessions and CSRF (plugins/session.ts), pages and
 * error pages (plugins/pages.ts), the audit trail (plugins/audit.ts), and one route module per
 * feature (routes/). Pages are server-rendered HTML that works without JavaScript; nothing
 * personal is logged.
 */
import { randomBytes } from "node:crypto";
import formbody from "@fastify/formbody";
import fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from "fastify";
import { accessRules } from "./access.ts";
import type { PortalDeps, RouteDeps } from "./deps.ts";
import { lineWriter, RequestLines } from "./logger.ts";
import anonymousLimit from "./plugins/anonymousLimit.ts";
import auditPlugin from "./plugins/audit.ts";
import pagesPlugin, { chromeMaker, messageHtml } from "./plugins/pages.ts";
import securityHeaders, {
  answerClientError,
  securityHeadersFor,
} from "./plugins/security.ts";
import proxyCheck from "./plugins/proxyCheck.ts";
import sessionPlugin from "./plugins/session.ts";
import { healthRoutes } from "./routes/health.ts";
import { loginRoutes } from "./routes/login.ts";
import { logoutRoutes } from "./routes/logout.ts";
import { mailboxRoutes } from "./routes/mailbox.ts";
import { searchRoutes } from "./routes/search.ts";
import { signupRoutes } from "./routes/signup.ts";
import { staticRoutes } from "./routes/static.ts";
import { webhookRoutes } from "./routes/webhook.ts";
import { serverWithLimits } from "./web/connections.ts";

export type { AuthStoreLike, PortalDeps, SessionLike } from "./deps.ts";

const NO_LIMITS: RouteDeps["limiter"] = {
  check: () => ({ ok: true }),
  hit: () => undefined,
  take: () => ({ ok: true }),
};

export const buildPortal = async (
  deps: PortalDeps,
): Promise<FastifyInstance> => {
  const { config, replica } = deps;
  const now = deps.now ?? (() => new Date());
  const log = lineWriter(deps);
  const routeDeps: RouteDeps = {
    ...deps,
    limiter: deps.limiter ?? NO_LIMITS,
    now,
    log,
    access: accessRules(
      config,
      replica,
      now,
      deps.isCancelled ?? (() => false),
    ),
  };
  const plainChrome = chromeMaker({ config, replica, now });
  // Typed as Fastify's logger: the app's type stays the one its plugins are written for.
  const requestLogger: FastifyBaseLogger | undefined = deps.logger;
  const app = fastify({
    // The request lines (incoming, completed) go to the portal's logger, which logs a request
    // by its route pattern only (portal/logger.ts); tests and the demo run without it.
    ...(requestLogger
      ? { loggerInstance: requestLogger, logController: new RequestLines() }
      : { logger: false }),
    serverFactory: serverWithLimits(config),
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    // Bad escapes in the path, over-long params: the Japanese error page, not Fastify's JSON.
    // Fastify answers these before routing, with a reply that has no decorators and a request no
    // hook has seen: the page is made without them (no session, no form).
    frameworkErrors: (error, _req, reply) => {
      log(`error: ${error.code}`);
      // Its generic types do not infer here; it is a plain FastifyReply.
      return (reply as unknown as FastifyReply)
        .code(400)
        .headers({
          ...securityHeadersFor(config.secureCookies),
          "Cache-Control": "no-store",
        })
        .type("text/html; charset=utf-8")
        .send(messageHtml(plainChrome(null, ""), "badUrl"));
    },
    clientErrorHandler: answerClientError,
  });
  await app.register(formbody);
  await app.register(securityHeaders, { https: config.secureCookies });
  // Started by `npm run portal` without PORTAL_TRUST_PROXY: a proxy header means a wrong setting.
  await app.register(proxyCheck, { config, log });
  await app.register(sessionPlugin, {
    config,
    auth: deps.auth,
    replica,
    access: routeDeps.access,
    cookieKey: deps.cookieKey ?? randomBytes(32).toString("base64url"),
  });
  await app.register(pagesPlugin, {
    config,
    replica,
    now,
    log,
    ...(deps.officeNameOf ? { officeNameOf: deps.officeNameOf } : {}),
  });
  await app.register(auditPlugin, {
    log,
    ...(deps.audit ? { write: deps.audit } : {}),
  });
  await app.register(anonymousLimit, { limiter: routeDeps.limiter });
  await app.register(staticRoutes, routeDeps);
  await app.register(healthRoutes, routeDeps);
  await app.register(loginRoutes, routeDeps);
  await app.register(searchRoutes, routeDeps);
  await app.register(signupRoutes, routeDeps);
  await app.register(logoutRoutes, routeDeps);
  await app.register(webhookRoutes, routeDeps);
  if (config.devMailbox && deps.mailboxHtml) {
    await app.register(mailboxRoutes, { html: deps.mailboxHtml });
  }
  return app;
};
