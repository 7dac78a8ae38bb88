/** Logging out (POST /logout): only by a form of this portal's own page for this session. */
import type { FastifyPluginCallback } from "fastify";
import { text, type RouteDeps } from "../deps.ts";
import { clientOf } from "../plugins/audit.ts";

interface LogoutForm {
  Body: { csrf?: string };
}

const logoutBody = {
  type: "object",
  properties: { csrf: text(200) },
} as const;

export const logoutRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  deps,
  done,
) => {
  app.post<LogoutForm>(
    "/logout",
    { schema: { body: logoutBody }, attachValidation: true },
    async (req, reply) => {
      if (!req.csrfValid(req.body.csrf)) {
        return reply.message("expiredForm", 403);
      }
      const who = req.login;
      if (who) {
        await app.audit({
          eventType: "logout",
          email: who.registration.email,
          officeNo: who.registration.officeNo,
          ...clientOf(req),
        });
      }
      reply.endSession();
      deps.log("logout");
      return reply.message("loggedOut", 200);
    },
  );
  done();
};
