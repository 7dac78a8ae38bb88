/**
 * API tokens. kintone has no REST API to create them; the sandbox offers a sandbox-only one,
 * `POST /k/v1/sandbox/token.json {app, rights}` (administrators only), documented in README.
 * A token takes effect at the app's next deploy, as in kintone.
 */
import { randomInt } from "node:crypto";
import type {
  RequestContext,
  Route,
  TokenDoc,
  TokenRight,
} from "../core/context.ts";
import { errors, t, validation } from "../core/errors.ts";
import { listTokens, TOKEN } from "../core/auth.ts";
import { requiredId } from "../core/params.ts";
import type { Store } from "../core/store.ts";
import { requireApp } from "./model.ts";

const RIGHTS: readonly TokenRight[] = [
  "view",
  "add",
  "edit",
  "delete",
  "manage",
];

export const activateTokens = (store: Store, app: number): void => {
  for (const tok of listTokens(store)) {
    if (tok.app === app && !tok.active) {
      store.putDoc(TOKEN, tok.token, { ...tok, active: true });
    }
  }
};

const TOKEN_CHARS =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A new token as kintone makes them: 40 letters and digits (a base64url slice could begin with
 * "-", which command-line tools such as cli-kintone then read as an option).
 */
const newToken = (): string =>
  Array.from({ length: 40 }, () => TOKEN_CHARS[randomInt(62)]).join("");

/** Creates a token directly (for tests and the demo); `active` skips waiting for a deploy. */
export const mintToken = (
  store: Store,
  app: number,
  rights: Partial<Record<TokenRight, boolean>>,
  active = false,
): string => {
  const token = newToken();
  const doc: TokenDoc = {
    token,
    app,
    rights: Object.fromEntries(
      RIGHTS.map((r) => [r, rights[r] === true]),
    ) as TokenDoc["rights"],
    active,
  };
  store.transaction(() => store.putDoc(TOKEN, token, doc));
  return token;
};

const mintRoute = (ctx: RequestContext): unknown => {
  if (ctx.auth.kind !== "password" || !ctx.auth.user.admin) {
    throw errors.noPrivilege();
  }
  const app = requiredId(ctx.params, "app");
  requireApp(ctx.store, app, "preview");
  const raw = ctx.params.rights;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw validation({
      rights: [t("権限を指定してください。", "Specify the rights.")],
    });
  }
  const rights = Object.fromEntries(
    RIGHTS.map((r) => [
      r,
      (raw as Record<string, unknown>)[r] === true ||
        (raw as Record<string, unknown>)[r] === "true",
    ]),
  ) as Record<TokenRight, boolean>;
  const token = newToken();
  ctx.store.putDoc(TOKEN, token, {
    token,
    app,
    rights,
    active: false,
  } satisfies TokenDoc);
  return { token };
};

export const tokenRoutes: Route[] = [
  {
    method: "POST",
    api: "sandbox/token.json",
    token: null,
    handler: mintRoute,
  },
];
