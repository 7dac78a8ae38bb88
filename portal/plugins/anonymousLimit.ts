/**
 * Every form posted without a login counts against a limit per IP address (before its body is
 * read), whatever the route: pages that have no limit of their own (a logout without a session, a
 * search after the session expired, a page that does not exist) cannot be used to make the
 * portal work without end. Refusals are recorded once per address and window (app.auditLimited).
 * A route opts out with `config: { anonymousLimit: false }` (kintone's webhook, which kintone
 * calls and the replica spaces out).
 */
import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";
import type { RouteDeps } from "../deps.ts";
import { clientOf } from "./audit.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** False: posts to this route are not counted by the anonymous-post limit. */
    anonymousLimit?: boolean;
  }
}

const anonymousLimit: FastifyPluginCallback<Pick<RouteDeps, "limiter">> = (
  app,
  { limiter },
  done,
) => {
  // Callback style: most requests pass without a promise; a refusal answers without calling next.
  app.addHook("onRequest", (req, reply, next) => {
    if (
      req.method !== "POST" ||
      req.login !== null ||
      req.routeOptions.config.anonymousLimit === false
    ) {
      next();
      return;
    }
    const limited = limiter.take("anonymousPost", { ip: req.ip });
    if (limited.ok) {
      next();
      return;
    }
    app
      .auditLimited(clientOf(req), limited.rule)
      .then(() => reply.limited("anonymousPost", limited), next);
  });
  done();
};

export default fp(anonymousLimit, {
  name: "anonymous-limit",
  dependencies: ["sessions", "pages", "audit"],
});
