/** The development mailbox (GET /dev/mailbox): registered only when the settings allow it. */
import type { FastifyPluginCallback } from "fastify";

export const mailboxRoutes: FastifyPluginCallback<{ html: () => string }> = (
  app,
  { html },
  done,
) => {
  app.get("/dev/mailbox", (_req, reply) => reply.page(html()));
  done();
};
