/** Record APIs (record, records, cursor, bulkRequest, status, assignees, comments). */
import type { Route } from "../core/context.ts";

export const recordRoutes: Route[] = [];
