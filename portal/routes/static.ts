/** The stylesheet and the accessibility statement: the same for everyone. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyPluginCallback } from "fastify";
import type { RouteDeps } from "../deps.ts";
import { accessibilityPage } from "../web/accessibility.ts";

export const staticRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  deps,
  done,
) => {
  const css = readFileSync(
    join(
      deps.assetsDir ?? join(process.cwd(), "portal", "assets"),
      "portal.css",
    ),
  );
  app.get("/assets/portal.css", (_req, reply) =>
    reply
      .header("Cache-Control", "public, max-age=3600")
      .type("text/css; charset=utf-8")
      .send(css),
  );
  app.get("/accessibility", (_req, reply) =>
    reply.page(accessibilityPage(reply.chrome())),
  );
  done();
};
