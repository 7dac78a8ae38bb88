/**
 * bulkRequest.json (§4.9): up to 20 record writes run in order inside the request's single
 * transaction. The first failure stops the run, rolls everything back and is answered with
 * that sub-request's status as `{"results":[{}, …, {code,id,message,errors?}, …]}`.
 * Each sub-request is authorised as if sent alone (tokens of several apps may be combined).
 * Sub-requests behave as their own APIs, webhooks of record.json included.
 */
import type { HttpMethod, RequestContext } from "../core/context.ts";
import {
  BulkRequestError,
  isKintoneErrorLike,
  messages,
  t,
  validation,
} from "../core/errors.ts";
import { requiredArray } from "../core/params.ts";

export const MAX_REQUESTS = 20;

const ALLOWED = new Set([
  "POST record.json",
  "PUT record.json",
  "POST records.json",
  "PUT records.json",
  "DELETE records.json",
  "PUT record/status.json",
  "PUT records/status.json",
  "PUT record/assignees.json",
]);

const API_PATH = /^\/k\/(?:guest\/(\d+)\/)?v1\/(.+)$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

interface SubRequest {
  method: HttpMethod;
  api: string;
  /** The guest space of the sub-request's own path (`/k/guest/<id>/v1/…`), else null. */
  guestSpaceId: number | null;
  payload: Record<string, unknown>;
}

const parseRequest = (raw: unknown, i: number): SubRequest => {
  const item = isObject(raw) ? raw : {};
  const method = String(item.method ?? "").toUpperCase();
  const path = API_PATH.exec(String(item.api ?? ""));
  const api = path?.[2] ?? "";
  if (!ALLOWED.has(`${method} ${api}`)) {
    throw validation({
      [`requests[${i}].api`]: [
        t(
          "一括リクエストでは実行できないAPIです。",
          "This API cannot be used in a bulk request.",
        ),
      ],
    });
  }
  return {
    method: method as HttpMethod,
    api,
    guestSpaceId: path?.[1] ? Number(path[1]) : null,
    payload: isObject(item.payload) ? item.payload : {},
  };
};

export const bulkRequestRoute = (ctx: RequestContext): unknown => {
  const raw = requiredArray(ctx.params, "requests");
  if (raw.length > MAX_REQUESTS) {
    throw validation({
      requests: [
        t(
          `一度に実行できるリクエストは${MAX_REQUESTS}件までです。`,
          `A maximum of ${MAX_REQUESTS} requests can be sent at one time.`,
        ),
      ],
    });
  }
  if (raw.length === 0) {
    throw validation({ requests: [messages.requiredParam] });
  }
  const requests = raw.map(parseRequest);
  const results = requests.map((req, i) => {
    try {
      return (
        ctx.dispatch(req.method, req.api, req.payload, req.guestSpaceId) ?? {}
      );
    } catch (e) {
      if (isKintoneErrorLike(e)) {
        throw new BulkRequestError(e, i, requests.length);
      }
      throw e;
    }
  });
  return { results };
};
