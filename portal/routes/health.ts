/** Health checks for a load balancer or monitor: alive (/healthz) and has data (/readyz). */
import type { FastifyPluginCallback } from "fastify";
import type { RouteDeps } from "../deps.ts";

export const healthRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { replica },
  done,
) => {
  app.get("/healthz", (_req, reply) => reply.type("text/plain").send("ok"));
  app.get("/readyz", (_req, reply) => {
    const ready = replica.lastSuccessAt() !== null;
    return reply
      .code(ready ? 200 : 503)
      .type("text/plain")
      .send(ready ? "ready" : "syncing");
  });
  done();
};
