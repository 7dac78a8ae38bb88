/**
 * How the portal answers with a page: `reply.page(body, status)` sends server-rendered HTML,
 * `reply.chrome()` is what every page shows around its content (the city, the data's age, the
 * logout button with its CSRF token), `reply.message(kind)` answers with one of the portal's
 * fixed message pages and `reply.limited(...)` with a rate limit's page. Also the not-found and
 * error handlers, and the Japanese 400 page for a request its route's schema rejects.
 */
import type { LogLine } from "../logger.ts";
import type {
  FastifyError,
  FastifyPluginCallback,
  FastifyReply,
} from "fastify";
import fp from "fastify-plugin";
import type { PortalConfig } from "../config.ts";
import { limitPage } from "../limits/page.ts";
import type { LimitKind, LimitRule } from "../limits/rules.ts";
import type { ReplicaReader } from "../replica/types.ts";
import { messagePage, type Chrome } from "../web/pages.ts";

/** The portal's fixed messages: title, text, and whether it is news (role="status"). */
export const messages = {
  badRequest: [
    "もう一度お試しください",
    "送信された内容を受け付けられませんでした。最初からもう一度操作してください。",
  ],
  badUrl: [
    "もう一度お試しください",
    "URLが正しくありません。URLをお確かめのうえ、もう一度操作してください。",
  ],
  expiredForm: [
    "もう一度お試しください",
    "画面の有効期限が切れました。お手数ですが、最初からもう一度操作してください。",
  ],
  loginAgain: [
    "ログインしてください",
    "ログインの有効期限が切れたか、利用できない状態です。もう一度ログインしてください。",
  ],
  badLink: [
    "このURLではログインできません",
    "ログイン用URLの有効期限が切れたか、すでに使われています。お手数ですが、もう一度ログイン用メールを送信してください。",
  ],
  stale: [
    "ただいま検索できません",
    "最新の利用登録の情報を確認できないため、検索を止めています。しばらくしてから、もう一度お試しください。",
  ],
  notFound: ["ページが見つかりません", "URLをお確かめください。"],
  unavailable: [
    "ただいま表示できません",
    "しばらくしてから、もう一度お試しください。",
  ],
  loggedOut: ["ログアウトしました", "ご利用ありがとうございました。", true],
} as const satisfies Record<
  string,
  readonly [string, string] | readonly [string, string, boolean]
>;

export type MessageKind = keyof typeof messages;

declare module "fastify" {
  interface FastifyReply {
    /** Sends a server-rendered page. */
    page: (body: string, status?: number) => FastifyReply;
    /** What every page shows around its content; logged in as `request.login` says. */
    chrome: () => Chrome;
    /** One of the portal's fixed message pages. */
    message: (kind: MessageKind, status: number) => FastifyReply;
    /** A refusal by a rate limit: 429, Retry-After, and the page saying when to continue. */
    limited: (
      kind: LimitKind,
      refusal: { retryAt: Date; retryAfterSeconds: number; rule: LimitRule },
    ) => FastifyReply;
  }
}

export interface PagesOptions {
  config: Pick<PortalConfig, "cityName" | "syncIntervalSeconds">;
  replica: Pick<ReplicaReader, "lastSuccessAt" | "lastDataChange">;
  /** The 事業所名 of an office in the replicated 事業所マスタ (the header names the logged-in one). */
  officeNameOf?: (officeNo: string) => string | undefined;
  now: () => Date;
  log: LogLine;
}

/**
 * What every page shows around its content: who is logged in (null: nobody), and the token its
 * forms carry ("" where the page has no form).
 */
export const chromeMaker = (
  o: Omit<PagesOptions, "log">,
): ((login: { officeNo: string } | null, csrf: string) => Chrome) => {
  const { config, replica, now, officeNameOf } = o;
  // The data counts as old after three missed syncs (at least two minutes).
  const staleAfterMs = Math.max(3 * config.syncIntervalSeconds, 120) * 1000;
  return (login, csrf) => {
    const lastSyncAt = replica.lastSuccessAt();
    return {
      cityName: config.cityName,
      lastSyncAt,
      dataChangedAt: replica.lastDataChange(),
      stale:
        lastSyncAt === null ||
        now().getTime() - Date.parse(lastSyncAt) > staleAfterMs,
      loggedIn: login !== null,
      officeName:
        login === null
          ? null
          : (officeNameOf?.(login.officeNo) ?? `事業所番号 ${login.officeNo}`),
      csrf,
    };
  };
};

/** A fixed message page (for answers made outside a route, e.g. Fastify's frameworkErrors). */
export const messageHtml = (chrome: Chrome, kind: MessageKind): string => {
  const [title, text, news = false] = messages[kind];
  return messagePage(chrome, title, text, news);
};

const pagesPlugin: FastifyPluginCallback<PagesOptions> = (app, o, done) => {
  const { now, log } = o;
  const makeChrome = chromeMaker(o);

  app.decorateReply("chrome", function chrome(this: FastifyReply): Chrome {
    const { login } = this.request;
    return makeChrome(
      login === null ? null : { officeNo: login.registration.officeNo },
      this.csrfToken(),
    );
  });
  app.decorateReply(
    "page",
    function page(this: FastifyReply, body: string, status = 200) {
      return this.code(status).type("text/html; charset=utf-8").send(body);
    },
  );
  app.decorateReply(
    "message",
    function message(this: FastifyReply, kind: MessageKind, status: number) {
      return this.page(messageHtml(this.chrome(), kind), status);
    },
  );
  app.decorateReply(
    "limited",
    function limited(
      this: FastifyReply,
      kind: LimitKind,
      refusal: { retryAt: Date; retryAfterSeconds: number; rule: LimitRule },
    ) {
      return this.header("Retry-After", String(refusal.retryAfterSeconds)).page(
        limitPage(this.chrome(), {
          rule: refusal.rule,
          retryAt: refusal.retryAt,
          now: now(),
        }),
        429,
      );
    },
  );

  // A request its route's schema rejects (attachValidation): the Japanese 400 page, before the
  // handler runs.
  // Callback style (no promise per request); the refusal answers without calling next.
  app.addHook("preHandler", (req, reply, next) => {
    if (req.validationError) {
      log(`invalid request: ${req.routeOptions.url ?? ""}`);
      reply.message("badRequest", 400);
      return;
    }
    next();
  });
  app.setNotFoundHandler((_req, reply) => reply.message("notFound", 404));
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status =
      error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    log(`error: ${error.name}`, status < 500 ? "info" : "error");
    if (status >= 500) {
      // The stack frames (the logger drops the message: it may quote what someone typed).
      req.log.error({ err: error }, "request failed");
    }
    return reply.message(status < 500 ? "badRequest" : "unavailable", status);
  });
  done();
};

export default fp(pagesPlugin, {
  name: "pages",
  dependencies: ["sessions"],
});
