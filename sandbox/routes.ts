/** The routes of the feature modules besides apps and tokens; each module adds its own here. */
import type { Route } from "./core/context.ts";

export const routes: Route[] = [];
