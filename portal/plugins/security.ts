/**
 * Headers every answer carries (no caching of personal data, no referrer, a CSP that allows no
 * script, HSTS on https), and the short Japanese page for requests Node's HTTP parser rejects
 * before Fastify sees them (malformed, headers too large, not received whole in time).
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError, FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";

export const CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

const CLIENT_ERROR_PAGE = Buffer.from(
  '<!doctype html><html lang="ja"><meta charset="utf-8"><title>もう一度お試しください</title><h1>もう一度お試しください</h1><p>送信された内容を受け付けられませんでした。最初からもう一度操作してください。</p></html>',
);

/** Headers too large, or a request not received whole in time; anything else malformed: 400. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Fastify's `clientErrorHandler`: there is no request or reply yet, so the answer is written to
 * the socket by hand, with the same headers the plugin adds to every other answer.
 */
export const answerClientError = (
  err: ConnectionError,
  socket: Socket,
): void => {
  if (err.code === "ECONNRESET" || socket.destroyed) {
    return;
  }
  const status = CLIENT_ERROR_STATUS[err.code ?? ""] ?? 400;
  // rawPacket is the request's raw bytes (a Buffer at run time).
  const head = String(err.rawPacket).startsWith("HEAD ");
  const body = head ? Buffer.alloc(0) : CLIENT_ERROR_PAGE;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${CLIENT_ERROR_PAGE.length}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: ${CSP}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body);
  }
  socket.destroy();
};

/** The headers every answer carries (Cache-Control unless the route set its own). */
export const securityHeadersFor = (https: boolean): Record<string, string> => ({
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": CSP,
  ...(https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
});

const securityHeaders: FastifyPluginCallback<{ https: boolean }> = (
  app,
  o,
  done,
) => {
  const headers = securityHeadersFor(o.https);
  // Callback style: it runs for every answer, and needs no promise.
  app.addHook("onSend", (_req, reply, payload, next) => {
    reply.headers(headers);
    if (!reply.hasHeader("Cache-Control")) {
      reply.header("Cache-Control", "no-store");
    }
    next(null, payload);
  });
  done();
};

export default fp(securityHeaders, { name: "security-headers" });
