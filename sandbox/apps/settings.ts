/** App settings APIs (fields, layout, views, general settings, process management, customize, ACLs). */
import type { Route } from "../core/context.ts";

export const settingsRoutes: Route[] = [];
