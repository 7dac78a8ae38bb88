/**
 * The REST API as the pages call it: session cookie, `X-Requested-With: XMLHttpRequest`, and
 * `__REQUEST_TOKEN__` in the JSON body of every non-GET request (sandbox/web/README.md §3).
 * https://cybozu.dev/ja/kintone/docs/js-api/api/kintone-rest-api-request
 */

/** kintone sends long GETs as POST with `X-HTTP-Method-Override: GET`. */
const MAX_GET_URL = 4096;

const encodeInto = (out: string[], key: string, value: unknown): void => {
  if (value === undefined) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => encodeInto(out, `${key}[${i}]`, item));
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      encodeInto(out, `${key}[${k}]`, v);
    }
    return;
  }
  out.push(
    `${encodeURIComponent(key)}=${encodeURIComponent(value === null ? "" : String(value))}`,
  );
};

/** `app=1&fields[0]=a&fields[1]=b`, as kintone.api.urlForGet builds it. */
export const encodeQuery = (params: Record<string, unknown>): string => {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    encodeInto(out, key, value);
  }
  return out.join("&");
};

/** `/k/v1/records` → `/k/v1/records.json`; with a guest space id, `/k/guest/{id}/v1/...`. */
export const apiUrl = (path: string, guestSpaceId: string | null): string => {
  const withJson = /\.json(\?|$)/u.test(path) ? path : `${path}.json`;
  if (guestSpaceId !== null && withJson.startsWith("/k/v1/")) {
    return `/k/guest/${guestSpaceId}/v1/${withJson.slice("/k/v1/".length)}`;
  }
  return withJson;
};

/** The guest space id in the current page's path (`/k/guest/{id}/...`), if any. */
export const guestSpaceOf = (pathname: string): string | null =>
  /^\/k\/guest\/(\d+)\//u.exec(pathname)?.[1] ?? null;

export class RestError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    const message =
      typeof body === "object" && body !== null && "message" in body
        ? String((body as { message: unknown }).message)
        : String(body);
    super(message);
    this.status = status;
    this.body = body;
  }
}

const readBody = async (res: Response): Promise<unknown> => {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export type Rest = (
  url: string,
  method: string,
  params: Record<string, unknown>,
) => Promise<unknown>;

/** A REST caller bound to the page's request token. Rejects with the parsed error body. */
export const createRest =
  (requestToken: string): Rest =>
  async (url, method, params) => {
    const upper = method.toUpperCase();
    const headers: Record<string, string> = {
      "X-Requested-With": "XMLHttpRequest",
    };
    let target = url;
    let sendMethod = upper;
    let body: string | undefined;
    if (upper === "GET") {
      const query = encodeQuery(params);
      target = query === "" ? url : `${url}?${query}`;
      if (target.length > MAX_GET_URL) {
        target = url;
        sendMethod = "POST";
        headers["X-HTTP-Method-Override"] = "GET";
      }
    }
    if (sendMethod !== "GET") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify({ ...params, __REQUEST_TOKEN__: requestToken });
    }
    const res = await fetch(target, {
      method: sendMethod,
      headers,
      body,
      credentials: "same-origin",
    });
    const parsed = await readBody(res);
    if (!res.ok) {
      throw new RestError(res.status, parsed);
    }
    return parsed;
  };
