/** Answers of the staff pages' server: HTML, redirects, plain text, files; form bodies. */
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_FORM = 64 * 1024;

export const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
};

/** By the file's extension (browsers apply a stylesheet only when it is text/css). */
export const contentTypeOf = (name: string, fallback: string): string =>
  TYPES[/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ""] ?? fallback;

export const send = (
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string>,
): void => {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...headers,
    "Content-Length": String(bytes.length),
  });
  res.end(bytes);
};

export const sendHtml = (
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void =>
  send(res, status, html, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });

export const redirect = (
  res: ServerResponse,
  location: string,
  status = 302,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, {
    Location: location,
    "Cache-Control": "no-store",
    "Content-Length": "0",
    ...headers,
  });
  res.end();
};

export const sendText = (
  res: ServerResponse,
  status: number,
  text: string,
): void =>
  send(res, status, text, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
  });

export const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM) {
        reject(new Error("form too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () =>
      resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
    );
    req.on("error", reject);
  });
