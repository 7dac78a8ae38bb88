/**
 * The audit trail as the routes use it: `app.audit(event)` records an event durably before the
 * answer goes out (its promise must be awaited: no view without its record), and
 * `app.auditLimited(event, rule)` records refusals by a rate limit, one per address, limit and
 * window; the others are only counted (audit/gate.ts), so nobody can flood 閲覧ログ.
 */
import type { LogLine } from "../logger.ts";
import type { FastifyPluginCallback, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { createAuditGate } from "../audit/gate.ts";
import type { AuditEvent } from "../audit/log.ts";
import type { LimitRule } from "../limits/rules.ts";

export type AuditWrite = (e: AuditEvent) => Promise<string> | string;

declare module "fastify" {
  interface FastifyInstance {
    audit: (e: AuditEvent) => Promise<void>;
    auditLimited: (
      e: Omit<AuditEvent, "eventType"> & { ip: string },
      rule: LimitRule,
    ) => Promise<void>;
  }
}

/** The client's address and browser, as 閲覧ログ records them. */
export const clientOf = (
  req: FastifyRequest,
): { ip: string; userAgent: string } => ({
  ip: req.ip,
  userAgent: String(req.headers["user-agent"] ?? ""),
});

export interface AuditOptions {
  /** Records one event durably; none (nothing recorded) when absent. */
  write?: AuditWrite;
  log: LogLine;
}

const auditPlugin: FastifyPluginCallback<AuditOptions> = (app, o, done) => {
  const write = o.write ?? (() => "");
  const gate = createAuditGate(() => performance.now());
  app.decorate("audit", async (e: AuditEvent) => {
    await write(e);
  });
  app.decorate(
    "auditLimited",
    async (
      e: Omit<AuditEvent, "eventType"> & { ip: string },
      rule: LimitRule,
    ) => {
      const { record, passedOver } = gate.admit(
        `${rule.kind}.${rule.scope}:${e.ip}`,
        rule.windowSeconds * 1000,
      );
      if (record) {
        if (passedOver > 0) {
          o.log(
            `audit: ${passedOver} refusals by the ${rule.kind} limit from one address not recorded one by one`,
          );
        }
        await write({ ...e, eventType: "rateLimited" });
      }
    },
  );
  done();
};

export default fp(auditPlugin, { name: "audit" });
