/**
 * kintone's webhook (POST /hooks/kintone/:secret): a record of a replicated app changed, so that
 * app is synced now rather than at the next timer (the replica spaces such syncs out). The secret
 * in the URL is compared in constant time; a wrong one is answered as an unknown page would be.
 */
import type { FastifyPluginCallback } from "fastify";
import { safeEqual } from "../auth/store.ts";
import { text, type RouteDeps } from "../deps.ts";
import { replicaApps } from "../replica/rows.ts";

interface Hook {
  Params: { secret: string };
  Body: { app?: { id?: string | number } } | null | undefined;
}

const hookSchema = {
  params: {
    type: "object",
    properties: { secret: text(200) },
    required: ["secret"],
  },
  // Any body passes: a notification without one (or not an object) is answered by the secret
  // check, not refused before it; an object's app.id is described.
  body: {
    anyOf: [
      {
        type: "object",
        properties: {
          app: {
            type: "object",
            // A number is read as its text (Fastify's validator coerces types).
            properties: { id: text(20) },
          },
        },
      },
      { not: { type: "object" } },
    ],
  },
} as const;

export const webhookRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { config, replica },
  done,
) => {
  /** Whether the replica keeps this app: a notification naming another app starts no sync. */
  const isReplicated = (appId: string): boolean =>
    replicaApps.some((code) => config.kintone.apps[code] === appId);

  app.post<Hook>(
    "/hooks/kintone/:secret",
    // kintone calls it; the replica spaces its syncs out whatever the number of calls.
    { schema: hookSchema, config: { anonymousLimit: false } },
    (req, reply) => {
      if (!safeEqual(config.webhookSecret, req.params.secret)) {
        return reply.code(404).send({ ok: false });
      }
      const id = req.body?.app?.id;
      if (id !== undefined && isReplicated(String(id))) {
        replica.requestSync(String(id));
      }
      return reply.send({ ok: true });
    },
  );
  done();
};
