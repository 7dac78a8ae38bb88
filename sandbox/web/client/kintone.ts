/**
 * `window.kintone`: the JavaScript API the project's customizations and plugin call, answered
 * from the page the client drew (see context.ts) and the sandbox's REST API.
 */
import type { PageContext, Screen } from "./context.ts";
import type { EventBus } from "./events.ts";
import {
  apiUrl,
  createRest,
  encodeQuery,
  guestSpaceOf,
  RestError,
} from "./rest.ts";
import type { KRecord, LoginUser } from "./types.ts";

type Callback = (value: unknown) => void;

export interface KintoneApi {
  events: Pick<EventBus, "on" | "off">;
  api: ((
    pathOrUrl: string,
    method: string,
    params: Record<string, unknown>,
    success?: Callback,
    failure?: Callback,
  ) => Promise<unknown> | undefined) & {
    url: (path: string, detectGuestSpace?: boolean) => string;
    urlForGet: (
      path: string,
      params: Record<string, unknown>,
      detectGuestSpace?: boolean,
    ) => string;
  };
  app: ReturnType<typeof appApi>;
  mobile: { app: ReturnType<typeof appApi> };
  plugin: { app: ReturnType<typeof pluginApi> };
  getRequestToken: () => string;
  getLoginUser: () => LoginUser;
  getUiVersion: () => number;
  Promise: PromiseConstructor;
  $PLUGIN_ID?: string;
  __sandboxStart?: () => Promise<void>;
}

const RECORD_SCREENS: Screen[] = ["detail", "create", "edit"];

/** The `app` namespace; `forMobile` answers only on mobile pages, the PC one only on PC pages. */
const appApi = (ctx: PageContext, forMobile: boolean) => {
  const here = (...screens: Screen[]): boolean =>
    ctx.page.mobile === forMobile && screens.includes(ctx.screen);
  const onAppPage = (): boolean =>
    here(
      "index",
      "detail",
      "create",
      "edit",
      ...(forMobile ? [] : (["pluginConfig"] as Screen[])),
    );
  const record = {
    getId: (): number | null => (here("detail", "edit") ? ctx.recordId : null),
    get: (): { record: KRecord } | null => {
      if (ctx.inHandler) {
        console.error(
          "[kintone] record.get() はイベントハンドラー内では使えません。イベントオブジェクトを使ってください。",
        );
        return null;
      }
      const value = here(...RECORD_SCREENS) ? ctx.getRecord() : null;
      return value === null ? null : { record: value };
    },
    set: (data: { record: KRecord }): void => {
      if (!here("create", "edit")) {
        return;
      }
      if (ctx.inHandler) {
        console.error(
          "[kintone] record.set() はイベントハンドラー内では使えません。イベントオブジェクトを return してください。",
        );
        return;
      }
      ctx.setRecord(data.record);
    },
    getFieldElement: (code: string): HTMLElement | null =>
      here("detail") ? ctx.fieldElement(code) : null,
    getSpaceElement: (id: string): HTMLElement | null =>
      here(...RECORD_SCREENS) ? ctx.spaceElement(id) : null,
    setFieldShown: (code: string, shown: boolean): void => {
      if (here(...RECORD_SCREENS)) {
        ctx.setFieldShown(code, shown);
      }
    },
    // PC only; mobile pages use mobile.app.getHeaderSpaceElement.
    getHeaderMenuSpaceElement: (): HTMLElement | null =>
      !forMobile && here(...RECORD_SCREENS) ? ctx.headerMenuSpace : null,
  };
  return {
    getId: (): number | null => (onAppPage() ? ctx.appId : null),
    getQueryCondition: (): string | null =>
      here("index") ? ctx.queryCondition : null,
    getQuery: (): string | null => (here("index") ? ctx.query : null),
    getHeaderSpaceElement: (): HTMLElement | null =>
      here("index", ...(forMobile ? RECORD_SCREENS : []))
        ? ctx.headerSpace
        : null,
    getHeaderMenuSpaceElement: (): HTMLElement | null =>
      here("index") ? ctx.headerMenuSpace : null,
    getFieldElements: (code: string): HTMLElement[] | null =>
      here("index") ? ctx.fieldElements(code) : null,
    record,
  };
};

/** Synchronous, as kintone's getConfig: plugin files read their settings at load. */
const readConfigSync = (url: string): Record<string, string> => {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
  try {
    xhr.send();
  } catch {
    return {};
  }
  if (xhr.status !== 200) {
    return {};
  }
  const body = JSON.parse(xhr.responseText) as {
    config?: Record<string, string>;
  };
  return body.config ?? {};
};

/**
 * https://cybozu.dev/ja/kintone/docs/js-api/plugins/get-config/ and /set-config: the settings
 * are read through the API Lab's `(preview/)app/plugin/config.json` unless the shell embedded
 * them (`__SANDBOX_PAGE__.pluginConfigs`).
 */
const pluginApi = (ctx: PageContext, rest: ReturnType<typeof createRest>) => ({
  getConfig: (pluginId: string): Record<string, string> | null => {
    if (
      !["index", "detail", "create", "edit", "pluginConfig"].includes(
        ctx.screen,
      )
    ) {
      return null;
    }
    const embedded = ctx.page.pluginConfigs?.[pluginId];
    if (embedded !== undefined) {
      return { ...embedded };
    }
    const path = ctx.screen === "pluginConfig" ? "preview/app" : "app";
    return readConfigSync(
      `/k/v1/${path}/plugin/config.json?${encodeQuery({ app: ctx.appId, id: pluginId })}`,
    );
  },
  setConfig: (
    config: Record<string, unknown>,
    successCallback?: () => void,
  ): void => {
    if (ctx.screen !== "pluginConfig") {
      throw new Error(
        "kintone.plugin.app.setConfig はプラグインの設定画面でだけ使えます。",
      );
    }
    for (const [key, value] of Object.entries(config)) {
      if (typeof value !== "string") {
        throw new Error(
          `プラグインの設定値は文字列で指定してください（${key}）。`,
        );
      }
    }
    const app = ctx.appId;
    rest("/k/v1/preview/app/plugin/config.json", "PUT", {
      app,
      id: ctx.page.pluginId,
      config,
    }).then(
      () => {
        if (
          ctx.page.pluginConfigs !== undefined &&
          ctx.page.pluginId !== null
        ) {
          ctx.page.pluginConfigs[ctx.page.pluginId] = {
            ...(config as Record<string, string>),
          };
        }
        if (successCallback === undefined) {
          window.location.assign(`/k/${String(app)}/`);
          return;
        }
        successCallback();
      },
      (error: unknown) => {
        console.error(
          "[kintone] プラグインの設定を保存できませんでした",
          error,
        );
        window.alert("プラグインの設定を保存できませんでした。");
      },
    );
  },
});

export const createKintone = (ctx: PageContext, bus: EventBus): KintoneApi => {
  const rest = createRest(ctx.page.requestToken);
  const url = (path: string, detectGuestSpace?: boolean): string =>
    `${window.location.origin}${apiUrl(
      path,
      detectGuestSpace === true ? guestSpaceOf(window.location.pathname) : null,
    )}`;
  const call = (
    pathOrUrl: string,
    method: string,
    params: Record<string, unknown>,
    success?: Callback,
    failure?: Callback,
  ): Promise<unknown> | undefined => {
    const target = /^https?:/u.test(pathOrUrl)
      ? pathOrUrl
      : apiUrl(pathOrUrl, null);
    const promise = rest(target, method, params ?? {}).catch(
      (error: unknown) => {
        // kintone rejects with the error's JSON (or its text), not an Error.
        throw error instanceof RestError ? error.body : error;
      },
    );
    if (success === undefined) {
      return promise;
    }
    promise.then(success, (error: unknown) => failure?.(error));
    return undefined;
  };
  const api = Object.assign(call, {
    url,
    urlForGet: (
      path: string,
      params: Record<string, unknown>,
      detectGuestSpace?: boolean,
    ) => `${url(path, detectGuestSpace)}?${encodeQuery(params)}`,
  });
  return {
    events: { on: bus.on, off: bus.off },
    api,
    app: appApi(ctx, false),
    mobile: { app: appApi(ctx, true) },
    plugin: { app: pluginApi(ctx, rest) },
    getRequestToken: () => ctx.page.requestToken,
    getLoginUser: () => ({ ...ctx.page.user }),
    getUiVersion: () => 2,
    Promise,
  };
};
