/** The routes of the feature modules besides apps, tokens and files (spaces included). */
import type { Route } from "./core/context.ts";
import { settingsRoutes } from "./apps/settings.ts";
import { pluginConfigRoutes } from "./plugins/config.ts";
import { pluginRoutes } from "./plugins/plugins.ts";
import { recordRoutes } from "./records/routes.ts";
import { spaceRoutes } from "./spaces/routes.ts";
import { webhookRoutes } from "./webhooks/webhooks.ts";

export const routes: Route[] = [
  ...settingsRoutes,
  ...recordRoutes,
  ...pluginRoutes,
  ...pluginConfigRoutes,
  ...webhookRoutes,
  ...spaceRoutes,
];
