/**
 * App settings APIs (docs/kintone-behaviour.md §7.4–7.9, §7.11, §7.13): form fields, layout,
 * views, general settings, process management, customization, permissions and the settings
 * stored as given. Reads have a live and a preview path; writes go to the preview settings.
 */
import type { Route } from "../core/context.ts";
import { aclRoutes } from "./acl.ts";
import { customizeRoutes } from "./customize.ts";
import { fieldRoutes } from "./fields.ts";
import { generalRoutes } from "./general.ts";
import { layoutRoutes } from "./layout.ts";
import { otherRoutes } from "./other.ts";
import { statusRoutes } from "./status.ts";
import { viewRoutes } from "./views.ts";

export const settingsRoutes: Route[] = [
  ...fieldRoutes,
  ...layoutRoutes,
  ...viewRoutes,
  ...generalRoutes,
  ...statusRoutes,
  ...customizeRoutes,
  ...aclRoutes,
  ...otherRoutes,
];
