/**
 * The staff pages of the local kintone (sandbox/web/README.md): every request whose path is not
 * the REST API comes here. `/login` (a form; POST checks the sandbox's users and starts a page
 * session), `POST /logout`, `/` → the portal, the page URLs (a logged-in user gets the page's
 * shell; others go to the login form), and the static files: the client bundle, customization
 * files and plugin files. The REST API recognises the page session through `sessionOf`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getApp, type AppDoc } from "../../apps/model.ts";
import { checkRight } from "../../core/auth.ts";
import type { Auth, SandboxUser, TokenRight } from "../../core/context.ts";
import { isKintoneErrorLike } from "../../core/errors.ts";
import type { WebLayer } from "../../core/http.ts";
import type { Store } from "../../core/store.ts";
import { getPlugin } from "../../plugins/plugins.ts";
import {
  appPageAssets,
  isCustomizationFile,
  pluginConfigAssets,
  type PageAssets,
} from "./assets.ts";
import { clientBundle, type Built } from "./bundle.ts";
import { errorPage, loginPage } from "./html.ts";
import {
  contentTypeOf,
  readForm,
  redirect,
  send,
  sendHtml,
  sendText,
  TYPES,
} from "./respond.ts";
import {
  localTarget,
  pageOf,
  PORTAL_URL,
  type PageTarget,
} from "./pageUrls.ts";
import { createPluginFiles } from "./pluginFiles.ts";
import {
  clearedSessionCookie,
  createSessions,
  sessionCookie,
  type Session,
} from "./sessions.ts";
import { renderShell, type LoginUser, type SandboxPage } from "./shell.ts";

export interface WebOptions {
  store: Store;
  users: readonly SandboxUser[];
  now: () => Date;
  log?: (line: string) => void;
  /** The page client's folder (index.ts, sandbox.css); default sandbox/web/client. */
  clientDir?: string;
}

/** Whether the user has `right` on the app by its live (else preview) ACL. */
const allowed = (
  user: SandboxUser,
  app: AppDoc,
  right: TokenRight,
): boolean => {
  const auth: Auth = { kind: "password", user };
  try {
    checkRight(auth, app.id, right, {
      rights: (app.live ?? app.preview).acl,
      creator: app.creator.code,
    });
    return true;
  } catch (e) {
    if (isKintoneErrorLike(e)) {
      return false;
    }
    throw e;
  }
};

/** A path (or part) without its percent-encoding; undefined if absent or malformed. */
const decodePath = (raw: string | undefined): string | undefined => {
  try {
    return raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

type Resolved =
  | { ok: true; title: string; assets: PageAssets }
  | { ok: false; status: 403 | 404; text: string };

const notFound = (text: string): Resolved => ({ ok: false, status: 404, text });
const denied: Resolved = {
  ok: false,
  status: 403,
  text: "このアプリを操作する権限がありません。",
};

export const createWebLayer = (o: WebOptions): WebLayer => {
  const sessions = createSessions(() => o.now().getTime());
  const plugin = createPluginFiles(o.store);
  // Started now, so that the first page does not wait for it.
  const bundle = clientBundle(o.clientDir);

  const loginUser = (user: SandboxUser): LoginUser => ({
    id: String(o.users.indexOf(user) + 1),
    code: user.login,
    name: user.name,
    email: "",
    url: "",
    employeeNumber: "",
    phone: "",
    mobilePhone: "",
    extensionNumber: "",
    timezone: "Asia/Tokyo",
    isGuest: false,
    language: "ja",
  });

  const resolvePluginConfig = (
    target: PageTarget,
    app: AppDoc,
    user: SandboxUser,
  ): Resolved => {
    const id = target.pluginId ?? "";
    const opened = app.preview.plugins.includes(id) ? plugin(id) : undefined;
    if (!opened) {
      return notFound("このアプリに追加されたプラグインではありません。");
    }
    if (!allowed(user, app, "manage")) {
      return denied;
    }
    const name = getPlugin(o.store, id)?.name;
    return {
      ok: true,
      title: `プラグインの設定: ${name?.ja ?? name?.en ?? id}`,
      assets: pluginConfigAssets(opened, app.preview),
    };
  };

  /** The page's title and files, or why the user may not see it. */
  const resolvePage = (target: PageTarget, user: SandboxUser): Resolved => {
    if (target.appId === null) {
      return {
        ok: true,
        title: "ポータル",
        assets: { css: [], plugins: [], js: [], pluginConfigs: {} },
      };
    }
    const app = getApp(o.store, target.appId);
    if (!app) {
      return notFound(`アプリ（ID: ${target.appId}）が見つかりません。`);
    }
    if (target.page === "pluginConfig") {
      return resolvePluginConfig(target, app, user);
    }
    if (!app.live) {
      return notFound(
        `アプリ（ID: ${target.appId}）はまだ運用環境に反映されていません。`,
      );
    }
    // The create page needs the add right (adding is its own right in kintone's ACL); every
    // other page of an app, the view right.
    const creating = target.page === "edit" && target.recordId === null;
    if (!allowed(user, app, creating ? "add" : "view")) {
      return denied;
    }
    const admin = allowed(user, app, "manage");
    return {
      ok: true,
      title: String(app.live.general.name ?? ""),
      assets: appPageAssets(app, target.mobile, admin, plugin),
    };
  };

  const servePage = (
    res: ServerResponse,
    target: PageTarget,
    session: Session,
  ): void => {
    const resolved = resolvePage(target, session.user);
    if (!resolved.ok) {
      sendHtml(res, resolved.status, errorPage(resolved.status, resolved.text));
      return;
    }
    const page: SandboxPage = {
      ...target,
      appId: target.appId === null ? null : String(target.appId),
      user: loginUser(session.user),
      requestToken: session.requestToken,
      pluginConfigs: resolved.assets.pluginConfigs,
    };
    sendHtml(
      res,
      200,
      renderShell(
        `${resolved.title} - kintone（ローカル）`,
        page,
        resolved.assets,
      ),
    );
  };

  const serveBuilt = (
    res: ServerResponse,
    built: Built,
    type: string,
    name: string,
  ): void => {
    if (!built.ok) {
      o.log?.(
        `sandbox: the page client could not be built (${name}):\n${built.error}`,
      );
      sendText(res, 500, `${name}: ${built.error}`);
      return;
    }
    send(res, 200, built.text, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
    });
  };

  const serveFile = (res: ServerResponse, key: string): void => {
    const file = o.store.getFile(key);
    const data = file?.stored ? o.store.fileData(key) : undefined;
    if (!file || !data || !isCustomizationFile(o.store, key)) {
      sendText(res, 404, "ファイルが見つかりません。");
      return;
    }
    send(res, 200, data, {
      "Content-Type": contentTypeOf(file.name, file.contentType),
      "Cache-Control": "no-cache",
    });
  };

  const servePluginFile = (
    res: ServerResponse,
    id: string,
    path: string,
  ): void => {
    const data = plugin(id)?.files.get(path);
    if (!data) {
      sendText(res, 404, "ファイルが見つかりません。");
      return;
    }
    send(res, 200, data, {
      "Content-Type": contentTypeOf(path, "application/octet-stream"),
      "Cache-Control": "no-cache",
    });
  };

  /** `/k/static/…`: the bundle for anyone (it is the same for all); app files for sessions. */
  const serveStatic = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> => {
    if (path === "/k/static/kintone.js") {
      serveBuilt(res, (await bundle).js, TYPES.js as string, "kintone.js");
      return;
    }
    if (path === "/k/static/sandbox.css") {
      serveBuilt(res, (await bundle).css, TYPES.css as string, "sandbox.css");
      return;
    }
    if (!sessions.fromHeaders(req.headers)) {
      sendText(res, 401, "ログインしてください。");
      return;
    }
    const file = /^\/k\/static\/file\/([^/]+)$/.exec(path);
    const pluginFile = /^\/k\/static\/plugin\/([a-p]{32})\/(.+)$/.exec(path);
    const key = decodePath(file?.[1]);
    const inZip = decodePath(pluginFile?.[2]);
    if (key !== undefined) {
      serveFile(res, key);
    } else if (pluginFile && inZip !== undefined) {
      servePluginFile(res, pluginFile[1] as string, inZip);
    } else {
      sendText(res, 404, "ファイルが見つかりません。");
    }
  };

  const login = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> => {
    if (req.method === "GET" || req.method === "HEAD") {
      const target =
        localTarget(url.searchParams.get("redirect")) ?? PORTAL_URL;
      if (sessions.fromHeaders(req.headers)) {
        redirect(res, target);
        return;
      }
      sendHtml(res, 200, loginPage(target, false));
      return;
    }
    if (req.method !== "POST") {
      sendHtml(
        res,
        405,
        errorPage(405, "ログインは POST で送信してください。"),
        {
          Allow: "GET, POST",
        },
      );
      return;
    }
    const form = await readForm(req);
    const target = localTarget(form.get("redirect")) ?? PORTAL_URL;
    const user = o.users.find(
      (u) =>
        u.login === form.get("username") && u.password === form.get("password"),
    );
    if (!user) {
      sendHtml(res, 401, loginPage(target, true));
      return;
    }
    const previous = sessions.fromHeaders(req.headers);
    if (previous) {
      sessions.end(previous.id);
    }
    const session = sessions.create(user);
    redirect(res, target, 303, { "Set-Cookie": sessionCookie(session.id) });
  };

  const logout = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "POST") {
      sendHtml(
        res,
        405,
        errorPage(405, "ログアウトは POST で送信してください。"),
        {
          Allow: "POST",
        },
      );
      return;
    }
    const session = sessions.fromHeaders(req.headers);
    if (session) {
      sessions.end(session.id);
    }
    redirect(res, "/login", 303, { "Set-Cookie": clearedSessionCookie() });
  };

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    if (path === "/login") {
      await login(req, res, url);
      return;
    }
    if (path === "/logout") {
      logout(req, res);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendHtml(res, 405, errorPage(405, "このページは表示するだけです。"), {
        Allow: "GET, HEAD",
      });
      return;
    }
    if (path === "/favicon.ico") {
      // No icon: an empty answer keeps browsers from logging a 404 on every page.
      res.writeHead(204, { "Cache-Control": "max-age=86400" });
      res.end();
      return;
    }
    if (path === "/" || path === "/k") {
      redirect(res, PORTAL_URL);
      return;
    }
    if (path.startsWith("/k/static/")) {
      await serveStatic(req, res, path);
      return;
    }
    const target = pageOf(url);
    if (!target) {
      sendHtml(res, 404, errorPage(404, `${path} というページはありません。`));
      return;
    }
    const session = sessions.fromHeaders(req.headers);
    if (!session) {
      redirect(res, `/login?redirect=${encodeURIComponent(path + url.search)}`);
      return;
    }
    servePage(res, target, session);
  };

  return {
    handle: async (req, res) => {
      try {
        await route(req, res);
      } catch (e) {
        o.log?.(
          `sandbox: unexpected error on page ${req.method} ${req.url}: ${String(e)}`,
        );
        if (!res.headersSent) {
          sendText(res, 500, "ローカル kintone の内部エラーです。");
        } else {
          res.destroy();
        }
      }
    },
    sessionOf: (headers) => {
      if (headers["x-requested-with"] !== "XMLHttpRequest") {
        return undefined;
      }
      const session = sessions.fromHeaders(headers);
      return session
        ? { user: session.user, requestToken: session.requestToken }
        : undefined;
    },
  };
};
