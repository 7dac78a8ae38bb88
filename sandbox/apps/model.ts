/**
 * An app as the sandbox stores it: metadata, and two copies of its settings — preview (what the
 * settings APIs write) and live (what records and live reads use, set by deploy). One revision
 * counter per app covers every settings API (docs/kintone-behaviour.md §7.0).
 */
import { KintoneError, errors, t } from "../core/errors.ts";
import type { RequestContext } from "../core/context.ts";
import type { Store } from "../core/store.ts";
import { kintoneTime } from "../core/clock.ts";

export type Json = Record<string, unknown>;

/** Every setting of an app, in the shapes of the GET settings APIs (without `revision`). */
export interface AppSettings {
  /** form/fields.json `properties`, system fields included. */
  properties: Record<string, Json>;
  /** form/layout.json `layout`. */
  layout: unknown[];
  /** views.json `views`. */
  views: Record<string, Json>;
  /** settings.json (name, description, icon, theme, …). */
  general: Json;
  /** status.json: `enable`, `states`, `actions`. */
  status: {
    enable: boolean;
    states: Json | null;
    actions: unknown[] | null;
    /** Live status name → its new name in the preview; records follow at deploy. */
    renamed?: Record<string, string>;
  };
  /** customize.json: `scope`, `desktop`, `mobile`. */
  customize: Json;
  /** app/acl.json `rights`. */
  acl: unknown[];
  /** record/acl.json `rights`. */
  recordAcl: unknown[];
  /** field/acl.json `rights`. */
  fieldAcl: unknown[];
  /** The ids of the plugins added to the app. */
  plugins: string[];
  /** Settings stored and returned as given (notifications, reports, actions, adminNotes). */
  other: Record<string, unknown>;
}

export interface AppDoc {
  id: number;
  code: string;
  spaceId: string | null;
  threadId: string | null;
  createdAt: string;
  creator: { code: string; name: string };
  modifiedAt: string;
  modifier: { code: string; name: string };
  revision: number;
  preview: AppSettings;
  /** Null until the first deploy: live APIs then answer GAIA_AP01. */
  live: AppSettings | null;
  /** Status of the last deploy (deploy.json GET). */
  deployStatus: "PROCESSING" | "SUCCESS" | "FAIL" | "CANCEL";
}

const APP = "app";

export const getApp = (store: Store, id: number): AppDoc | undefined =>
  store.getDoc<AppDoc>(APP, id);

export const listApps = (store: Store): AppDoc[] => store.listDocs<AppDoc>(APP);

export const putApp = (store: Store, app: AppDoc): void =>
  store.putDoc(APP, app.id, app);

/** The app, or 404 GAIA_AP01. `live` also requires it to have been deployed. */
export const requireApp = (
  store: Store,
  id: number,
  which: "live" | "preview",
): AppDoc => {
  const app = getApp(store, id);
  if (!app || (which === "live" && app.live === null)) {
    throw errors.appNotFound(id);
  }
  return app;
};

/** The settings to read: live or preview, by the API path. */
export const settingsOf = (app: AppDoc, api: string): AppSettings => {
  if (api.startsWith("preview/")) {
    return app.preview;
  }
  if (app.live === null) {
    throw errors.appNotFound(app.id);
  }
  return app.live;
};

/**
 * Changes the preview settings after checking the expected revision (409 GAIA_CO03), bumps the
 * revision and returns it as kintone does: `{revision: "<n>"}`.
 */
export const updatePreview = (
  ctx: RequestContext,
  app: AppDoc,
  expectedRevision: number | undefined,
  change: (settings: AppSettings) => void,
): { revision: string } => {
  if (expectedRevision !== undefined && expectedRevision !== app.revision) {
    throw errors.appRevision();
  }
  const next: AppDoc = structuredClone(app);
  change(next.preview);
  next.revision += 1;
  next.modifiedAt = kintoneTime(ctx.now);
  next.modifier = ctx.user;
  putApp(ctx.store, next);
  return { revision: String(next.revision) };
};

export const appNameTooLong = (): KintoneError =>
  new KintoneError(
    400,
    "CB_VA01",
    t("入力内容が正しくありません。", "Missing or invalid input."),
    {
      name: [
        t("64文字以下で指定してください。", "Enter 64 characters or less."),
      ],
    },
  );
