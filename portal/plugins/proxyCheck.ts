/**
 * In production, a request that carries a proxy's header (X-Forwarded-For, Forwarded, X-Real-IP)
 * while PORTAL_TRUST_PROXY is unset means a reverse proxy stands in front of a portal that does
 * not know it: every client would share the proxy's address in the rate limits and the audit
 * trail. Such a request is answered 503 with a short Japanese page, and a line naming
 * PORTAL_TRUST_PROXY is logged at most once a minute. Off in the demo (config.production unset)
 * and whenever PORTAL_TRUST_PROXY names the proxy.
 */
import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";
import type { PortalConfig } from "../config.ts";
import type { LogLine } from "../logger.ts";

/** The headers a reverse proxy adds with the client's address. */
export const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

/** Whether the check applies: production, and no proxy configured. */
export const proxyCheckEnabled = (
  config: Pick<PortalConfig, "production" | "trustProxy">,
): boolean => config.production === true && config.trustProxy === false;

const PAGE =
  '<!doctype html><html lang="ja"><meta charset="utf-8"><title>ただいま表示できません</title><h1>ただいま表示できません</h1><p>ポータルの設定を確認する必要があるため、表示を止めています。しばらくしてから、もう一度お試しください。</p></html>';

const MINUTE_MS = 60_000;

export interface ProxyCheckOptions {
  config: Pick<PortalConfig, "production" | "trustProxy">;
  /** The portal's log (a plain sentence and its level). */
  log: LogLine;
  /** Milliseconds now; Date.now by default. */
  now?: () => number;
}

const proxyCheck: FastifyPluginCallback<ProxyCheckOptions> = (
  app,
  { config, log, now = Date.now },
  done,
) => {
  if (!proxyCheckEnabled(config)) {
    done();
    return;
  }
  let loggedAt = -Infinity;
  let unlogged = 0;
  // Callback style: most requests pass without a promise.
  app.addHook("onRequest", (req, reply, next) => {
    const header = PROXY_HEADERS.find((h) => req.headers[h] !== undefined);
    if (header === undefined) {
      next();
      return;
    }
    const at = now();
    if (at - loggedAt >= MINUTE_MS) {
      const more = unlogged > 0 ? `（前回の警告のあとに ${unlogged} 件）` : "";
      log(
        `プロキシのヘッダー（${header}）付きの要求が届きましたが、PORTAL_TRUST_PROXY が未設定です。前段のプロキシの IP アドレスを PORTAL_TRUST_PROXY に指定して再起動してください。それまでこうした要求には 503 で答えます${more}。`,
        "error",
      );
      loggedAt = at;
      unlogged = 0;
    } else {
      unlogged += 1;
    }
    reply
      .code(503)
      .header("Cache-Control", "no-store")
      .type("text/html; charset=utf-8")
      .send(PAGE);
  });
  done();
};

export default fp(proxyCheck, { name: "proxy-check" });
