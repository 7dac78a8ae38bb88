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
  app.addHook("onRequest", async (req, reply) => {
    if (
      req.method !== "POST" ||
      req.login !== null ||
      req.routeOptions.config.anonymousLimit === false
    ) {
      return undefined;
    }
    const limited = limiter.take("anonymousPost", { ip: req.ip });
    if (limited.ok) {
      return undefined;
    }
    await app.auditLimited(clientOf(req), limited.rule);
    return reply.limited("anonymousPost", limited);
  });
  done();
};

export default fp(anonymousLimit, {
  name: "anonymous-limit",
  dependencies: ["sessions", "pages", "audit"],
});
