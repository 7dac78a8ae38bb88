/**
 * What a route handler receives, and how routes are declared. Handlers are synchronous: they
 * read and write through `ctx.store` inside the request's transaction and return the JSON body.
 */
import type { Lang } from "./errors.ts";
import type { Params } from "./params.ts";
import type { Store } from "./store.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** An API token's rights (kintone's token settings). */
export type TokenRight = "view" | "add" | "edit" | "delete" | "manage";

/** A right an API needs, or several of which any one will do. */
export type Needed = TokenRight | readonly TokenRight[];

export interface SandboxUser {
  login: string;
  password: string;
  name: string;
  /** A kintone administrator: every right on every app. */
  admin?: boolean;
  /**
   * The user's display language (kintone's personal setting): messages in it whatever the
   * request's Accept-Language. Absent: as the web browser says (Accept-Language), kintone's
   * default setting.
   */
  language?: "ja" | "en";
  /** The user's primary organization (優先する組織), for PRIMARY_ORGANIZATION() in queries. */
  primaryOrganization?: string;
  /**
   * The codes of the groups (roles) the user belongs to, for ACL entries of type GROUP; every
   * user is in "everyone", and an administrator (`admin`) in "Administrators" as well.
   */
  groups?: readonly string[];
}

export interface TokenDoc {
  token: string;
  app: number;
  rights: Record<TokenRight, boolean>;
  /** A token takes effect when its app is next deployed, as in kintone. */
  active: boolean;
}

export type Auth =
  | {
      kind: "password";
      user: SandboxUser;
      /** Authenticated by a page session (cookie), not by a password header in this request. */
      session?: true;
    }
  | { kind: "token"; tokens: TokenDoc[] };

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface RequestContext {
  method: HttpMethod;
  /** The API path after `/v1/`, e.g. "record.json" or "preview/app/form/fields.json". */
  api: string;
  params: Params;
  files: UploadedFile[];
  guestSpaceId: number | null;
  auth: Auth;
  /** Who acts: the password user, or "Administrator" for API tokens. */
  user: { code: string; name: string };
  lang: Lang;
  store: Store;
  /** The instant of the request (the sandbox's clock). */
  now: Date;
  /** Work to run once the request's transaction has committed (webhooks). */
  afterCommit: (fn: () => void) => void;
  /**
   * Runs another API inside this request (bulkRequest), with the same auth and transaction.
   * `guestSpaceId` is the guest space of the sub-request's own path (default: this request's).
   */
  dispatch: (
    method: HttpMethod,
    api: string,
    params: Params,
    guestSpaceId?: number | null,
  ) => unknown;
}

/** A response that is not JSON (file download). */
export interface RawBody {
  raw: Uint8Array;
  contentType: string;
  filename?: string;
}

export const isRawBody = (v: unknown): v is RawBody =>
  typeof v === "object" &&
  v !== null &&
  (v as RawBody).raw instanceof Uint8Array;

export interface Route {
  method: HttpMethod;
  api: string;
  /**
   * What an API token needs for this API: a right on the app the request names, "any" (any
   * valid token of that app), or null when kintone refuses API tokens here (GAIA_NO01).
   */
  token: Needed | "any" | null;
  /** What a password user needs on the app (checked against the app's ACL); none by default. */
  right?: Needed;
  /**
   * A kintone API Lab API (documented by kintone as under consideration): not in kintone's
   * OpenAPI description, so the contract and its checks leave it out.
   */
  lab?: true;
  /** The app the request is about, for the token and ACL checks; default `params.app`. */
  appOf?: (params: Params) => unknown;
  /**
   * The apps whose space the request's path must match (sandbox/spaces/access.ts), when they
   * are not just `appOf` (deploy names several, a file download its record's app); default
   * `[appOf(params)]`.
   */
  appsOf?: (params: Params, store: Store) => readonly unknown[];
  handler: (ctx: RequestContext) => unknown;
}
