/**
 * Outbound webhooks (docs/kintone-behaviour.md §9). Record handlers call `queueWebhook` inside
 * their transaction; the notifications are built there (from the committed-to-be state) and sent
 * only once the request has committed, so a failed request sends nothing.
 *
 * kintone configures webhooks in its UI only; the sandbox offers a sandbox-only API instead,
 * for kintone administrators with a password (API tokens refused):
 * - `POST /k/v1/sandbox/webhook.json {app, url, events: ["ADD_RECORD", …], active?}` → `{id}`
 * - `GET /k/v1/sandbox/webhook.json?app=<id>` → `{webhooks: [{id, app, url, events, active}]}`
 * - `DELETE /k/v1/sandbox/webhook.json {id}` → `{}`
 * Up to 10 webhooks per app, as in kintone. They take effect at once (kintone: after the app
 * is next updated).
 *
 * Delivery: HTTP POST with a JSON body, a 5-second timeout, no retries; failures are counted,
 * never thrown into the request. At most 60 notifications per minute per sandbox (by the
 * sandbox's clock); the excess is dropped and counted, as kintone drops it.
 */
import { randomUUID } from "node:crypto";
import type { RequestContext, Route } from "../core/context.ts";
import { errors, t, validation, type LocalizedText } from "../core/errors.ts";
import {
  optionalBoolean,
  requiredArray,
  requiredId,
  requiredString,
} from "../core/params.ts";
import type { Store } from "../core/store.ts";
import { requireApp, type AppDoc, type AppSettings } from "../apps/model.ts";

export type WebhookEvent =
  | {
      type: "ADD_RECORD" | "UPDATE_RECORD" | "UPDATE_STATUS";
      record: Record<string, unknown>;
    }
  | { type: "DELETE_RECORD"; recordId: string }
  | {
      type: "ADD_RECORD_COMMENT";
      recordId: string;
      comment: Record<string, unknown>;
    };

export type WebhookType = WebhookEvent["type"];

export const WEBHOOK_TYPES: readonly WebhookType[] = [
  "ADD_RECORD",
  "UPDATE_RECORD",
  "DELETE_RECORD",
  "ADD_RECORD_COMMENT",
  "UPDATE_STATUS",
];

export interface WebhookDoc {
  id: number;
  app: number;
  url: string;
  events: WebhookType[];
  active: boolean;
}

const WEBHOOK = "webhook";
const MAX_PER_APP = 10;
const PER_MINUTE = 60;
const TIMEOUT_MS = 5000;
/** The host of record links in payloads (kintone: the tenant's https://<sub>.cybozu.com). */
const LINK_BASE = "http://localhost";

// ---- delivery ----

export interface WebhookStats {
  /** Answered with a 2xx status. */
  delivered: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failed: number;
  /** Over the 60-per-minute limit: never sent. */
  dropped: number;
}

interface DeliveryState {
  stats: WebhookStats;
  /** Sandbox-clock instants (ms) of the notifications let through in the last minute. */
  recent: number[];
}

const states = new WeakMap<Store, DeliveryState>();
const inFlight = new Set<Promise<void>>();

const stateOf = (store: Store): DeliveryState => {
  let s = states.get(store);
  if (!s) {
    s = { stats: { delivered: 0, failed: 0, dropped: 0 }, recent: [] };
    states.set(store, s);
  }
  return s;
};

/** What happened to the notifications of a sandbox so far. */
export const webhookStats = (store: Store): WebhookStats => ({
  ...stateOf(store).stats,
});

/** Resolves once every notification under way has been answered or has failed. */
export const pendingWebhooks = async (): Promise<void> => {
  while (inFlight.size > 0) {
    await Promise.allSettled([...inFlight]);
  }
};

const admit = (state: DeliveryState, at: number): boolean => {
  state.recent = state.recent.filter((x) => x > at - 60_000);
  if (state.recent.length >= PER_MINUTE) {
    return false;
  }
  state.recent.push(at);
  return true;
};

const post = (state: DeliveryState, url: string, body: string): void => {
  const sending = fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
    .then(async (res) => {
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        state.stats.delivered++;
      } else {
        state.stats.failed++;
      }
    })
    .catch(() => {
      state.stats.failed++;
    })
    .finally(() => {
      inFlight.delete(sending);
    });
  inFlight.add(sending);
};

// ---- payloads ----

const liveSettings = (app: AppDoc): AppSettings => app.live ?? app.preview;

const fieldText = (field: unknown): string => {
  const value = (field as { value?: unknown } | undefined)?.value;
  if (value === null || value === undefined) {
    return "";
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
};

/** The layout's field codes, top to bottom (rows, then rows inside groups). */
const layoutCodes = (layout: unknown[]): string[] =>
  layout.flatMap((el) => {
    const e = el as { type?: string; fields?: unknown[]; layout?: unknown[] };
    if (e.type === "GROUP") {
      return layoutCodes(e.layout ?? []);
    }
    return (e.fields ?? []).map((f) => String((f as { code?: unknown }).code));
  });

/**
 * The record's title as kintone shows it: the title field chosen in the app settings, else the
 * first single-line text field of the form, else the record number.
 */
const recordTitle = (
  settings: AppSettings,
  record: Record<string, unknown>,
): string => {
  const chosen = settings.general.titleField as
    { selectionMode?: string; code?: string } | undefined;
  if (chosen?.selectionMode === "MANUAL" && chosen.code) {
    return fieldText(record[chosen.code]);
  }
  const codes = [
    ...layoutCodes(settings.layout),
    ...Object.keys(settings.properties),
  ];
  const text = codes.find(
    (c) => settings.properties[c]?.type === "SINGLE_LINE_TEXT" && c in record,
  );
  if (text !== undefined) {
    return fieldText(record[text]);
  }
  const number = Object.values(record).find(
    (f) => (f as { type?: string }).type === "RECORD_NUMBER",
  );
  return fieldText(number ?? record.$id);
};

const recordLink = (app: number, id: string): string =>
  `${LINK_BASE}/k/${app}/show#record=${id}`;

const secondsTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/** kintone's webhook body for an event. */
export const webhookPayload = (
  ctx: Pick<RequestContext, "now" | "user">,
  app: AppDoc,
  event: WebhookEvent,
): Record<string, unknown> => {
  const settings = liveSettings(app);
  const base = {
    id: randomUUID(),
    type: event.type,
    app: { id: String(app.id), name: String(settings.general.name ?? "") },
  };
  if (event.type === "DELETE_RECORD") {
    return {
      ...base,
      recordId: event.recordId,
      deletedBy: ctx.user,
      deletedAt: secondsTime(ctx.now),
    };
  }
  if (event.type === "ADD_RECORD_COMMENT") {
    const commentId = event.comment.id;
    const anchor =
      typeof commentId === "string" || typeof commentId === "number"
        ? `&comment=${commentId}`
        : "";
    return {
      ...base,
      recordId: event.recordId,
      comment: event.comment,
      url: `${recordLink(app.id, event.recordId)}${anchor}`,
    };
  }
  return {
    ...base,
    record: event.record,
    recordTitle: recordTitle(settings, event.record),
    url: recordLink(app.id, fieldText(event.record.$id)),
  };
};

const listWebhooks = (store: Store, app?: number): WebhookDoc[] =>
  store
    .listDocs<WebhookDoc>(WEBHOOK)
    .filter((w) => app === undefined || w.app === app)
    .sort((a, b) => a.id - b.id);

/**
 * Queues the notifications of `event` on `app` for every active webhook of the app that
 * listens to it; they are sent once the request commits (nothing is sent if it fails).
 */
export const queueWebhook = (
  ctx: RequestContext,
  app: AppDoc,
  event: WebhookEvent,
): void => {
  const targets = listWebhooks(ctx.store, app.id).filter(
    (w) => w.active && w.events.includes(event.type),
  );
  if (targets.length === 0) {
    return;
  }
  const body = JSON.stringify(webhookPayload(ctx, app, event));
  const at = ctx.now.getTime();
  const state = stateOf(ctx.store);
  ctx.afterCommit(() => {
    for (const w of targets) {
      if (admit(state, at)) {
        post(state, w.url, body);
      } else {
        state.stats.dropped++;
      }
    }
  });
};

// ---- sandbox-only settings API ----

const requireAdmin = (ctx: RequestContext): void => {
  if (ctx.auth.kind !== "password" || !ctx.auth.user.admin) {
    throw errors.noPrivilege();
  }
};

const bad = (key: string, text: LocalizedText) => validation({ [key]: [text] });

const urlParam = (ctx: RequestContext): string => {
  const url = requiredString(ctx.params, "url");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
    throw bad(
      "url",
      t(
        "http または https の URL を指定してください。",
        "Specify an http or https URL.",
      ),
    );
  }
  return url;
};

const eventsParam = (ctx: RequestContext): WebhookType[] => {
  const raw = requiredArray(ctx.params, "events");
  raw.forEach((e, i) => {
    if (!WEBHOOK_TYPES.includes(e as WebhookType)) {
      throw bad(
        `events[${i}]`,
        t(
          `${WEBHOOK_TYPES.join(", ")} のいずれかを指定してください。`,
          `must be one of ${WEBHOOK_TYPES.join(", ")}`,
        ),
      );
    }
  });
  if (raw.length === 0) {
    throw bad(
      "events",
      t("1件以上指定してください。", "must have at least 1 item"),
    );
  }
  return [...new Set(raw as WebhookType[])];
};

const addWebhook = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
  const url = urlParam(ctx);
  const events = eventsParam(ctx);
  const active = optionalBoolean(ctx.params, "active") ?? true;
  if (listWebhooks(ctx.store, app.id).length >= MAX_PER_APP) {
    throw bad(
      "app",
      t(
        `1つのアプリに設定できるWebhookは${MAX_PER_APP}件までです。`,
        `An app can have at most ${MAX_PER_APP} webhooks.`,
      ),
    );
  }
  const id = ctx.store.nextSequence(WEBHOOK);
  const doc: WebhookDoc = { id, app: app.id, url, events, active };
  ctx.store.putDoc(WEBHOOK, id, doc);
  return { id: String(id) };
};

const getWebhooks = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
  return {
    webhooks: listWebhooks(ctx.store, app.id).map((w) => ({
      ...w,
      id: String(w.id),
      app: String(w.app),
    })),
  };
};

const deleteWebhook = (ctx: RequestContext): unknown => {
  requireAdmin(ctx);
  const id = requiredId(ctx.params, "id");
  if (!ctx.store.getDoc<WebhookDoc>(WEBHOOK, id)) {
    throw bad(
      "id",
      t(
        `指定したWebhook（id: ${id}）が見つかりません。`,
        `The webhook (id: ${id}) is not found.`,
      ),
    );
  }
  ctx.store.deleteDoc(WEBHOOK, id);
  return {};
};

export const webhookRoutes: Route[] = [
  {
    method: "POST",
    api: "sandbox/webhook.json",
    token: null,
    handler: addWebhook,
  },
  {
    method: "GET",
    api: "sandbox/webhook.json",
    token: null,
    handler: getWebhooks,
  },
  {
    method: "DELETE",
    api: "sandbox/webhook.json",
    token: null,
    handler: deleteWebhook,
  },
];
