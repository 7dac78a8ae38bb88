/**
 * JavaScript/CSS customization — `(preview/)app/customize.json` GET, preview PUT
 * (docs/kintone-behaviour.md §7.9, §12.2). No API tokens. Items are `{type: "URL", url}` or
 * `{type: "FILE", file: {fileKey}}`; a file key (an upload key, or a key GET handed out) is
 * stored as a new copy and answered with its metadata `{fileKey, name, contentType, size}`,
 * which GET file.json serves. At most 30 items per list; omitted parts stay as they were.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { messages } from "../core/errors.ts";
import { storeFile } from "../files/files.ts";
import type { AppSettings, Json } from "./model.ts";
import {
  isObject,
  problems,
  readEnum,
  readRoutes,
  readString,
  texts,
  writeRoute,
  type Problems,
} from "./settingsKit.ts";

const MAX_ITEMS = 30;

const readResource = (
  ctx: RequestContext,
  raw: unknown,
  key: string,
  report: Problems,
): Json | null => {
  const item = isObject(raw) ? raw : {};
  const type = readEnum(item.type, ["URL", "FILE"], `${key}.type`, report);
  if (item.type === undefined) {
    report.add(`${key}.type`, messages.requiredParam);
  }
  if (type === "URL") {
    const url = readString(item.url, `${key}.url`, report) ?? "";
    if (url === "") {
      report.add(`${key}.url`, messages.requiredParam);
    } else if (!/^https:\/\//i.test(url)) {
      report.add(`${key}.url`, texts.https);
    }
    return { type, url };
  }
  if (type === "FILE") {
    const file = isObject(item.file) ? item.file : {};
    const fileKey = readString(file.fileKey, `${key}.file.fileKey`, report);
    if (!fileKey) {
      report.add(`${key}.file.fileKey`, messages.requiredParam);
      return null;
    }
    return { type, file: storeFile(ctx, fileKey) };
  }
  return null;
};

const readList = (
  ctx: RequestContext,
  raw: unknown,
  current: unknown,
  key: string,
  report: Problems,
): unknown[] => {
  const before = Array.isArray(current) ? current : [];
  if (raw === undefined || raw === null) {
    return before;
  }
  if (!Array.isArray(raw)) {
    report.add(key, texts.array);
    return before;
  }
  if (raw.length > MAX_ITEMS) {
    report.add(key, texts.atMost(MAX_ITEMS));
    return before;
  }
  return raw
    .map((item, i) => readResource(ctx, item, `${key}[${i}]`, report))
    .filter((item) => item !== null);
};

const readPlatform = (
  ctx: RequestContext,
  raw: unknown,
  current: unknown,
  key: string,
  report: Problems,
): Json => {
  const before = isObject(current) ? current : {};
  if (raw === undefined || raw === null) {
    return { js: before.js ?? [], css: before.css ?? [] };
  }
  if (!isObject(raw)) {
    report.add(key, texts.object);
    return before;
  }
  return {
    js: readList(ctx, raw.js, before.js, `${key}.js`, report),
    css: readList(ctx, raw.css, before.css, `${key}.css`, report),
  };
};

const updateCustomize = (ctx: RequestContext, settings: AppSettings): void => {
  const report = problems();
  const current = settings.customize;
  const scope =
    readEnum(ctx.params.scope, ["ALL", "ADMIN", "NONE"], "scope", report) ??
    current.scope;
  const desktop = readPlatform(
    ctx,
    ctx.params.desktop,
    current.desktop,
    "desktop",
    report,
  );
  const mobile = readPlatform(
    ctx,
    ctx.params.mobile,
    current.mobile,
    "mobile",
    report,
  );
  report.check();
  settings.customize = { scope, desktop, mobile };
};

const API = "app/customize.json";

export const customizeRoutes: Route[] = [
  ...readRoutes(
    API,
    (_ctx, { settings }) => ({
      scope: settings.customize.scope,
      desktop: settings.customize.desktop,
      mobile: settings.customize.mobile,
    }),
    false,
  ),
  writeRoute("PUT", API, updateCustomize, null),
];
