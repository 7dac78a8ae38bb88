/** Plugin APIs (install from zip, list, add to apps). */
import type { Route } from "../core/context.ts";

export const pluginRoutes: Route[] = [];
