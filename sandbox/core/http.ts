/**
 * The HTTP face of the local kintone: `/k/v1/…` and `/k/guest/<space>/v1/…` paths, qs-style
 * query strings, JSON bodies on any method, `X-HTTP-Method-Override` on POST, multipart uploads,
 * kintone's auth headers, `X-ConcurrencyLimit-*` headers, CORS for browser callers, and the
 * error envelope `{code, id, message, errors}` (docs/kintone-behaviour.md §1, §2).
 */
import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import busboy from "busboy";
import {
  actingUser,
  authenticate,
  checkRequestToken,
  checkRight,
} from "./auth.ts";
import type {
  Auth,
  HttpMethod,
  RequestContext,
  Route,
  SandboxUser,
  UploadedFile,
} from "./context.ts";
import { isRawBody } from "./context.ts";
import {
  errorEnvelope,
  errors,
  isKintoneErrorLike,
  type Lang,
} from "./errors.ts";
import { parseQueryString, requiredId, type Params } from "./params.ts";
import type { Store } from "./store.ts";
import { getApp } from "../apps/model.ts";
import { checkAppAccess } from "../spaces/access.ts";

const METHODS = new Set(["GET", "POST", "PUT", "DELETE"]);
const PATH = /^\/k\/(?:guest\/(\d+)\/)?v1\/(.+)$/;
const MAX_BODY = 100 * 1024 * 1024;

/**
 * The staff pages (sandbox/web/server/): they answer every path that is not the REST API, and
 * name the page session of a REST request made from a page.
 */
export interface WebLayer {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /**
   * The session of a request with the session cookie and `X-Requested-With: XMLHttpRequest`, as
   * kintone's pages call the REST API; undefined otherwise (no cookie, unknown or ended session).
   */
  sessionOf: (
    headers: IncomingMessage["headers"],
  ) => { user: SandboxUser; requestToken: string } | undefined;
}

export interface HttpOptions {
  routes: readonly Route[];
  store: Store;
  users: readonly SandboxUser[];
  now: () => Date;
  /** The tenant's default language of messages (no user setting, no preference sent). */
  language?: Lang;
  /** Pages, login and page sessions; without it, every other path is an unknown API. */
  web?: WebLayer;
  /** Logs one line per request that failed unexpectedly; never request bodies. */
  log?: (line: string) => void;
  /**
   * Called with every JSON response (tests validate them against the OpenAPI description). An
   * observer that throws is logged and otherwise ignored: it never changes the answer.
   */
  onResponse?: (
    method: string,
    path: string,
    status: number,
    body: unknown,
  ) => void;
}

const requestId = (): string => randomBytes(15).toString("base64url");

/**
 * Accept-Language → the language of messages: Japanese or English, whichever the header prefers;
 * otherwise (no header, "*", other languages) the tenant's default — Japanese unless the sandbox
 * is started with another (`language`), as a city's kintone is (§1.5).
 */
export const languageOf = (
  header: string | undefined,
  tenant: Lang = "ja",
): Lang => {
  const prefs = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.find((r) => r.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((p) => p.tag !== "" && p.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = prefs.find(
    (p) => p.tag.startsWith("ja") || p.tag.startsWith("en"),
  );
  if (!first) {
    return tenant;
  }
  return first.tag.startsWith("en") ? "en" : "ja";
};

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const readMultipart = (
  req: IncomingMessage,
): Promise<{ fields: Params; files: UploadedFile[] }> =>
  new Promise((resolve, reject) => {
    const fields: Params = {};
    const files: UploadedFile[] = [];
    const bb = busboy({
      headers: req.headers,
      limits: { fileSize: MAX_BODY },
      // Multipart file names arrive as raw UTF-8 (form-data, browsers), not latin1.
      defParamCharset: "utf8",
    });
    bb.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () =>
        files.push({
          field,
          filename: info.filename ?? "file",
          contentType: info.mimeType || "application/octet-stream",
          data: new Uint8Array(Buffer.concat(chunks)),
        }),
      );
    });
    bb.on("field", (name, value) => {
      fields[name] = value;
    });
    bb.on("close", () => resolve({ fields, files }));
    bb.on("error", reject);
    req.pipe(bb);
  });

/** Query string, then a JSON body (on any method) or multipart fields and files over it. */
const readParams = async (
  req: IncomingMessage,
  url: URL,
): Promise<{ params: Params; files: UploadedFile[] }> => {
  const query = parseQueryString(url.search);
  if ((req.headers["content-type"] ?? "").startsWith("multipart/form-data")) {
    const parsed = await readMultipart(req);
    return { params: { ...query, ...parsed.fields }, files: parsed.files };
  }
  const body = await readBody(req);
  if (body.length === 0) {
    return { params: query, files: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw errors.invalidJson();
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw errors.invalidJson();
  }
  return { params: { ...query, ...(json as Params) }, files: [] };
};

const CORS_HEADERS = {
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "X-Cybozu-Authorization, X-Cybozu-API-Token, X-HTTP-Method-Override, X-Requested-With, Content-Type, Authorization",
  "Access-Control-Expose-Headers":
    "X-ConcurrencyLimit-Limit, X-ConcurrencyLimit-Running",
  "Access-Control-Max-Age": "600",
};

export const createKintoneServer = (options: HttpOptions): Server => {
  const table = new Map(options.routes.map((r) => [`${r.method} ${r.api}`, r]));
  let running = 0;

  /**
   * The apps a request names must be reached through their space's path, by someone who may
   * enter that space (sandbox/spaces/access.ts). Unknown or malformed ids are left to the
   * handler.
   */
  const checkSpaces = (
    route: Route,
    auth: Auth,
    params: Params,
    guestSpaceId: number | null,
  ): void => {
    if (route.api.startsWith("sandbox/")) {
      return; // the sandbox's own administration APIs take any path
    }
    const named = route.appsOf
      ? route.appsOf(params, options.store)
      : [route.appOf ? route.appOf(params) : params.app];
    for (const raw of named) {
      const id = typeof raw === "number" ? raw : Number(String(raw ?? ""));
      const app =
        Number.isInteger(id) && id > 0 ? getApp(options.store, id) : undefined;
      if (app) {
        checkAppAccess(options.store, auth, app, guestSpaceId);
      }
    }
  };

  const authorize = (
    route: Route,
    auth: Auth,
    params: Params,
    guestSpaceId: number | null,
  ): void => {
    if (auth.kind === "token" && route.token === null) {
      throw errors.tokenNoRight();
    }
    checkSpaces(route, auth, params, guestSpaceId);
    const needed = auth.kind === "token" ? route.token : route.right;
    if (!needed) {
      return;
    }
    const raw = route.appOf ? route.appOf(params) : params.app;
    if (raw === undefined || raw === null || raw === "") {
      return; // the handler reports the missing parameter
    }
    const appId = requiredId({ app: raw }, "app");
    const app = getApp(options.store, appId);
    if (!app) {
      if (auth.kind === "token") {
        throw errors.badToken();
      }
      return; // the handler answers GAIA_AP01
    }
    const acl = app.live ?? app.preview;
    checkRight(auth, appId, needed, {
      rights: acl.acl,
      creator: app.creator.code,
    });
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: unknown,
    extra: Record<string, string> = {},
  ): void => {
    const headers = {
      "X-ConcurrencyLimit-Limit": "100",
      "X-ConcurrencyLimit-Running": String(running),
      "Access-Control-Allow-Origin": req.headers.origin ?? "*",
      Vary: "Origin",
      ...extra,
    };
    if (isRawBody(body)) {
      res.writeHead(status, {
        ...headers,
        "Content-Type": body.contentType,
        "Content-Length": String(body.raw.length),
      });
      res.end(body.raw);
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  /** Resolves the method (with X-HTTP-Method-Override), the API path and the guest space. */
  const resolve = (
    req: IncomingMessage,
    url: URL,
  ): {
    method: HttpMethod;
    api: string;
    route: Route;
    guestSpaceId: number | null;
  } => {
    const m = PATH.exec(url.pathname);
    let method = req.method ?? "GET";
    const override = req.headers["x-http-method-override"];
    if (
      method === "POST" &&
      typeof override === "string" &&
      METHODS.has(override)
    ) {
      method = override;
    }
    const route =
      m && METHODS.has(method) ? table.get(`${method} ${m[2]}`) : undefined;
    if (!m || !route) {
      throw errors.unknownApi(url.pathname);
    }
    return {
      method: method as HttpMethod,
      api: m[2] as string,
      route,
      guestSpaceId: m[1] ? Number(m[1]) : null,
    };
  };

  /**
   * Password, API tokens, or a page session, whose writes must carry the session's request
   * token. `__REQUEST_TOKEN__` never reaches a route.
   */
  const authenticateRequest = (req: IncomingMessage, params: Params): Auth => {
    const session = options.web?.sessionOf(req.headers);
    const auth = authenticate(
      req.headers,
      options.users,
      options.store,
      session?.user,
    );
    const given = params.__REQUEST_TOKEN__;
    delete params.__REQUEST_TOKEN__;
    if (auth.kind === "password" && auth.session && req.method !== "GET") {
      checkRequestToken(given, session?.requestToken ?? "");
    }
    return auth;
  };

  /** Hands a response to the observer; a failing observer is logged, never answered as 500. */
  const observe = (
    method: string,
    path: string,
    status: number,
    body: unknown,
  ): void => {
    try {
      options.onResponse?.(method, path, status, body);
    } catch (e) {
      options.log?.(
        `sandbox: the response observer failed on ${method} ${path}: ${String(e)}`,
      );
    }
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    let lang = languageOf(req.headers["accept-language"], options.language);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let method = req.method ?? "GET";
    try {
      if (options.web && !PATH.test(path)) {
        await options.web.handle(req, res);
        return;
      }
      if (method === "OPTIONS") {
        res.writeHead(204, {
          ...CORS_HEADERS,
          "Access-Control-Allow-Origin": req.headers.origin ?? "*",
          Vary: "Origin",
        });
        res.end();
        return;
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      const resolved = resolve(req, url);
      method = resolved.method;
      const { params, files } = await readParams(req, url);
      const auth = authenticateRequest(req, params);
      // A user's own language setting wins over the browser's (API tokens have none).
      if (auth.kind === "password" && auth.user.language) {
        lang = auth.user.language;
      }
      const after: Array<() => void> = [];
      const ctx: RequestContext = {
        method: resolved.method,
        api: resolved.api,
        params,
        files,
        guestSpaceId: resolved.guestSpaceId,
        auth,
        user: actingUser(auth),
        lang,
        store: options.store,
        now: options.now(),
        afterCommit: (fn) => after.push(fn),
        dispatch: (
          subMethod,
          subApi,
          subParams,
          subGuest = ctx.guestSpaceId,
        ) => {
          const sub = table.get(`${subMethod} ${subApi}`);
          if (!sub) {
            throw errors.unknownApi(subApi);
          }
          // A bulk request in a guest space may only touch that space's apps (§11).
          if (subGuest !== ctx.guestSpaceId) {
            throw errors.noPrivilege();
          }
          authorize(sub, auth, subParams, subGuest);
          return sub.handler({
            ...ctx,
            method: subMethod,
            api: subApi,
            params: subParams,
            files: [],
          });
        },
      };
      authorize(resolved.route, auth, params, resolved.guestSpaceId);
      const result =
        method === "GET"
          ? resolved.route.handler(ctx)
          : options.store.transaction(() => resolved.route.handler(ctx));
      const body = result ?? {};
      if (!isRawBody(body)) {
        observe(method, path, 200, body);
      }
      send(req, res, 200, body);
      for (const fn of after) {
        fn();
      }
    } catch (e) {
      if (isKintoneErrorLike(e)) {
        const body = errorEnvelope(e, lang, requestId());
        observe(method, path, e.status, body);
        send(
          req,
          res,
          e.status,
          body,
          e.status === 429 ? { "X-Cybozu-Error": e.code } : {},
        );
        return;
      }
      options.log?.(
        `sandbox: unexpected error on ${method} ${path}: ${String(e)}`,
      );
      send(req, res, 500, {
        code: "CB_IL01",
        id: requestId(),
        message: "Internal error.",
      });
    }
  };

  return createServer((req, res) => {
    running++;
    res.on("close", () => {
      running--;
    });
    handle(req, res).catch(() => res.destroy());
  });
};

/** Listens on localhost only; resolves with the base URL (`http://localhost:<port>`). */
export const listen = (server: Server, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", () => {
      const address = server.address() as AddressInfo;
      resolve(`http://localhost:${address.port}`);
    });
  });
