/**
 * Who is calling and what they may do (docs/kintone-behaviour.md §2): password users from the
 * sandbox's configuration, API tokens per app with kintone's five rights, and the app ACL for
 * password users who are not administrators.
 */
import { timingSafeEqual } from "node:crypto";
import { KintoneError, errors, t } from "./errors.ts";
import type {
  Auth,
  Needed,
  SandboxUser,
  TokenDoc,
  TokenRight,
} from "./context.ts";
import type { Store } from "./store.ts";

export const TOKEN = "token";

export const listTokens = (store: Store): TokenDoc[] =>
  store.listDocs<TokenDoc>(TOKEN);

/**
 * Reads the auth headers. Password wins over tokens (an invalid token beside a valid password
 * still succeeds); several tokens may be given, comma-separated or as repeated headers. Without
 * either, the user of a page session (`sessionUser`: the session cookie of a request with
 * `X-Requested-With: XMLHttpRequest`, found by the web layer) acts.
 */
export const authenticate = (
  headers: Record<string, string | string[] | undefined>,
  users: readonly SandboxUser[],
  store: Store,
  sessionUser?: SandboxUser,
): Auth => {
  const password = headers["x-cybozu-authorization"];
  if (typeof password === "string" && password !== "") {
    const decoded = Buffer.from(password, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const login = decoded.slice(0, colon);
    const pass = decoded.slice(colon + 1);
    const user = users.find((u) => u.login === login && u.password === pass);
    if (colon < 0 || !user) {
      throw errors.badPassword();
    }
    return { kind: "password", user };
  }
  const tokenHeader = headers["x-cybozu-api-token"];
  if (tokenHeader !== undefined && tokenHeader !== "") {
    const values = (Array.isArray(tokenHeader) ? tokenHeader : [tokenHeader])
      .flatMap((h) => h.split(","))
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const tokens = values.map((v) => store.getDoc<TokenDoc>(TOKEN, v));
    if (tokens.some((tok) => !tok || !tok.active)) {
      throw errors.badToken();
    }
    const active = tokens as TokenDoc[];
    const apps = active.map((tok) => tok.app);
    if (new Set(apps).size !== apps.length) {
      throw errors.duplicateToken();
    }
    return { kind: "token", tokens: active };
  }
  if (sessionUser) {
    return { kind: "password", user: sessionUser, session: true };
  }
  throw errors.noAuth();
};

/**
 * A page session's write must carry the session's request token (`__REQUEST_TOKEN__`, in the
 * JSON body, a multipart field or the query string): kintone requires it for POST, PUT and
 * DELETE from session-authenticated callers and not for GET
 * (https://cybozu.dev/ja/kintone/docs/js-api/api/get-csrf-token/). kintone's documentation
 * does not give the error for a missing or wrong token; the sandbox answers 400 `CB_IL02`
 * 不正なリクエストです。 — kintone's code for an invalid request (docs/kintone-behaviour.md §3),
 * chosen here, not measured.
 */
export const checkRequestToken = (given: unknown, expected: string): void => {
  if (typeof given !== "string" || !safeEqual(given, expected)) {
    throw new KintoneError(
      400,
      "CB_IL02",
      t("不正なリクエストです。", "Illegal request."),
    );
  }
};

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The acting user: the password user, or "Administrator" for API tokens (as kintone records it). */
export const actingUser = (auth: Auth): { code: string; name: string } =>
  auth.kind === "password"
    ? { code: auth.user.login, name: auth.user.name }
    : { code: "Administrator", name: "Administrator" };

const ACL_FIELD: Record<TokenRight, string> = {
  view: "recordViewable",
  add: "recordAddable",
  edit: "recordEditable",
  delete: "recordDeletable",
  manage: "appEditable",
};

interface AclRight {
  entity?: { type?: string; code?: string | null };
  [k: string]: unknown;
}

/**
 * Whether an ACL entity names `user` of an app created by `creator`: the user, a group the user
 * is in ("everyone" holds every user, "Administrators" every administrator), or CREATOR for
 * the app's creator. Organizations are not evaluated (the sandbox has no organization tree).
 */
export const entityNames = (
  entity: unknown,
  user: SandboxUser,
  creator: string,
): boolean => {
  if (typeof entity !== "object" || entity === null) {
    return false;
  }
  const e = entity as { type?: unknown; code?: unknown };
  if (e.type === "GROUP") {
    return (
      e.code === "everyone" ||
      (e.code === "Administrators" && user.admin === true) ||
      (typeof e.code === "string" && (user.groups ?? []).includes(e.code))
    );
  }
  return (
    (e.type === "USER" && e.code === user.login) ||
    (e.type === "CREATOR" && creator === user.login)
  );
};

/**
 * Whether the caller may use `right` (or any one of several) on app `app`. Tokens: a token of
 * that app with the right (a token of another app only → GAIA_IA02, lacking the right → GAIA_NO01). Password users:
 * administrators may do everything; others by the first ACL entry that names them, one of
 * their groups (see `entityNames`), or CREATOR for the app's creator (CB_NO02 when denied).
 */
export const checkRight = (
  auth: Auth,
  app: number,
  right: Needed | "any",
  acl: { rights: readonly unknown[]; creator: string } | undefined,
): void => {
  let anyOf: readonly TokenRight[] = [];
  if (right !== "any") {
    anyOf = typeof right === "string" ? [right] : right;
  }
  if (auth.kind === "token") {
    const tok = auth.tokens.find((x) => x.app === app);
    if (!tok) {
      throw errors.badToken();
    }
    if (right !== "any" && !anyOf.some((r) => tok.rights[r])) {
      throw errors.tokenNoRight();
    }
    return;
  }
  if (auth.user.admin || right === "any" || !acl) {
    return;
  }
  const { user } = auth;
  const entry = (acl.rights as AclRight[]).find((r) =>
    entityNames(r.entity, user, acl.creator),
  );
  if (!entry || !anyOf.some((r) => entry[ACL_FIELD[r]] === true)) {
    throw errors.noPrivilege();
  }
};
