/**
 * Apps themselves: create (preview/app.json), read (app.json, apps.json) and deploy
 * (preview/app/deploy.json) — docs/kintone-behaviour.md §7.0–7.3, §7.10.
 */
import { kintoneTime } from "../core/clock.ts";
import type { RequestContext, Route } from "../core/context.ts";
import {
  KintoneError,
  errors,
  messages,
  t,
  validation,
} from "../core/errors.ts";
import {
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalRevision,
  optionalString,
  requiredArray,
  requiredId,
  requiredString,
} from "../core/params.ts";
import { placeNewApp } from "../spaces/placement.ts";
import { checkFormulas } from "../records/formula/check.ts";
import { activateTokens } from "./tokens.ts";
import { defaultSettings } from "./defaults.ts";
import { SYSTEM_TYPES } from "./fieldProps.ts";
import { carryStatusRenames } from "./status.ts";
import {
  appNameTooLong,
  getApp,
  listApps,
  putApp,
  requireApp,
  type AppDoc,
} from "./model.ts";

/** app.json's shape of an app (live name). */
export const appJson = (app: AppDoc): Record<string, unknown> => ({
  appId: String(app.id),
  code: app.code,
  name: String((app.live ?? app.preview).general.name ?? ""),
  description: String((app.live ?? app.preview).general.description ?? ""),
  spaceId: app.spaceId,
  threadId: app.threadId,
  createdAt: app.createdAt,
  creator: app.creator,
  modifiedAt: app.modifiedAt,
  modifier: app.modifier,
});

const createApp = (ctx: RequestContext): unknown => {
  const name = requiredString(ctx.params, "name");
  if (name.length > 64) {
    throw appNameTooLong();
  }
  const { spaceId, threadId } = placeNewApp(ctx);
  const id = ctx.store.nextSequence("app");
  const now = kintoneTime(ctx.now);
  const app: AppDoc = {
    id,
    code: "",
    spaceId,
    threadId,
    createdAt: now,
    creator: ctx.user,
    modifiedAt: now,
    modifier: ctx.user,
    revision: 1,
    preview: defaultSettings(name, ctx.lang),
    live: null,
    deployStatus: "SUCCESS",
  };
  putApp(ctx.store, app);
  return { app: String(id), revision: String(app.revision) };
};

const getAppRoute = (ctx: RequestContext): unknown =>
  appJson(requireApp(ctx.store, requiredId(ctx.params, "id"), "live"));

const getAppsRoute = (ctx: RequestContext): unknown => {
  const ids = (optionalArray(ctx.params, "ids") ?? []).filter(
    (x) => x !== undefined && x !== null,
  );
  const codes = (optionalArray(ctx.params, "codes") ?? []).map(String);
  const spaceIds = (optionalArray(ctx.params, "spaceIds") ?? []).map(String);
  const name = optionalString(ctx.params, "name");
  const limit = optionalInteger(ctx.params, "limit", {
    min: 1,
    max: 100,
    fallback: 100,
  });
  const offset = optionalInteger(ctx.params, "offset", {
    min: 0,
    max: 2_147_483_647,
    fallback: 0,
  });
  for (const [key, list] of [
    ["ids", ids],
    ["codes", codes],
    ["spaceIds", spaceIds],
  ] as const) {
    if (list.length > 100) {
      throw validation({
        [key]: [
          t(
            "100件以下で指定してください。",
            "must be less than or equal to 100",
          ),
        ],
      });
    }
  }
  const idSet = new Set(ids.map(String));
  const apps = listApps(ctx.store)
    .filter((a) => a.live !== null)
    .filter((a) => idSet.size === 0 || idSet.has(String(a.id)))
    .filter((a) => codes.length === 0 || codes.includes(a.code))
    .filter(
      (a) =>
        spaceIds.length === 0 ||
        (a.spaceId !== null && spaceIds.includes(a.spaceId)),
    )
    .filter(
      (a) =>
        name === undefined ||
        String(a.live?.general.name ?? "")
          .toLowerCase()
          .includes(name.toLowerCase()),
    )
    .filter((a) =>
      ctx.guestSpaceId === null ? true : a.spaceId === String(ctx.guestSpaceId),
    );
  return { apps: apps.slice(offset, offset + limit).map(appJson) };
};

/**
 * A field's data goes with the field: when a deploy removes a field (or gives its code to a
 * field of another type), its stored values are deleted, so a field added later under the same
 * code starts empty, as in kintone. System fields (renamed, never removed) are left alone.
 */
const dropRemovedValues = (
  ctx: RequestContext,
  app: AppDoc,
  next: AppDoc["preview"],
): void => {
  const gone = Object.entries(app.live?.properties ?? {})
    .filter(
      ([code, prop]) =>
        !SYSTEM_TYPES.includes(String(prop.type)) &&
        next.properties[code]?.type !== prop.type,
    )
    .map(([code]) => code);
  if (gone.length === 0) {
    return;
  }
  for (const record of [...ctx.store.listRecords(app.id)]) {
    if (gone.some((code) => code in record.data)) {
      const data = { ...record.data };
      for (const code of gone) {
        delete data[code];
      }
      ctx.store.putRecord(app.id, { ...record, data });
    }
  }
};

const deploy = (ctx: RequestContext): unknown => {
  const entries = requiredArray(ctx.params, "apps");
  if (entries.length < 1 || entries.length > 300) {
    throw validation({
      apps: [
        t(
          "1から300件で指定してください。",
          "must have between 1 and 300 items",
        ),
      ],
    });
  }
  const revert = optionalBoolean(ctx.params, "revert") ?? false;
  const targets = entries.map((entry, i) => {
    const params = (
      typeof entry === "object" && entry !== null ? entry : {}
    ) as Record<string, unknown>;
    const id = requiredId(params, "app");
    const app = getApp(ctx.store, id);
    if (!app) {
      throw errors.appNotFound(id);
    }
    const expected = optionalRevision(params, "revision");
    if (expected !== undefined && expected !== app.revision) {
      throw errors.appRevision();
    }
    return { app, index: i };
  });
  if (!revert) {
    targets.forEach(({ app }) => checkFormulas(app.preview.properties));
  }
  for (const { app } of targets) {
    const next: AppDoc = structuredClone(app);
    if (revert) {
      if (next.live) {
        next.preview = structuredClone(next.live);
      }
    } else {
      dropRemovedValues(ctx, app, next.preview);
      carryStatusRenames(ctx, app.id, next.preview);
      next.live = structuredClone(next.preview);
      ctx.store.dropIndexes(app.id);
      activateTokens(ctx.store, app.id);
    }
    next.deployStatus = "SUCCESS";
    putApp(ctx.store, next);
  }
  return {};
};

const deployStatus = (ctx: RequestContext): unknown => {
  const entries = requiredArray(ctx.params, "apps");
  if (entries.length > 300) {
    throw validation({ apps: [messages.invalidFormat] });
  }
  return {
    apps: entries.map((raw) => {
      const id = requiredId({ app: raw }, "app");
      const app = getApp(ctx.store, id);
      if (!app) {
        throw errors.appNotFound(id);
      }
      return { app: String(id), status: app.deployStatus };
    }),
  };
};

export const appRoutes: Route[] = [
  { method: "POST", api: "preview/app.json", token: null, handler: createApp },
  {
    method: "GET",
    api: "app.json",
    token: "any",
    right: "view",
    appOf: (p) => p.id,
    handler: getAppRoute,
  },
  { method: "GET", api: "apps.json", token: null, handler: getAppsRoute },
  {
    method: "POST",
    api: "preview/app/deploy.json",
    token: "manage",
    appOf: () => undefined,
    appsOf: (p) =>
      (Array.isArray(p.apps) ? p.apps : []).map(
        (e: unknown) => (e as { app?: unknown } | null)?.app,
      ),
    handler: deploy,
  },
  {
    method: "GET",
    api: "preview/app/deploy.json",
    token: "manage",
    appOf: () => undefined,
    appsOf: (p) => (Array.isArray(p.apps) ? p.apps : []),
    handler: deployStatus,
  },
];

export { KintoneError };
