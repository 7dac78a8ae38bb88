/**
 * What checking one request's fields needs to remember across fields: shared by the field
 * checks (fields.ts) and the lookup and related-records checks (lookups.ts).
 */
import type { RequestContext } from "../core/context.ts";
import type { Problems } from "./settingsKit.ts";

export interface FieldEnv {
  ctx: RequestContext;
  report: Problems;
  /** Every field code of the app as the request leaves it. */
  taken: Set<string>;
  /** Field codes of this app that lookups and related records name, checked at the end. */
  localRefs: Array<{ code: string; key: string }>;
  renames: Array<[string, string]>;
}
