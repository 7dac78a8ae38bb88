/**
 * Views — `(preview/)app/views.json` GET, preview PUT (docs/kintone-behaviour.md §7.6).
 * A PUT replaces the set of views. Each view keeps its `id` across updates as long as its key
 * stays (a key naming an existing view with another `name` renames it); new views get new ids.
 * `filterCond` must be a condition the query language accepts for the app's fields (its error
 * is returned as is); `sort` is stored as given. The "Assigned to me" view (`builtinType:
 * "ASSIGNEE"`) exists while process management is on and survives PUTs that leave it out.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { messages, validation } from "../core/errors.ts";
import { compileQuery, type FieldProperties } from "../query/index.ts";
import { propertiesWithStatus } from "./fields.ts";
import type { AppSettings, Json } from "./model.ts";
import {
  codeOfType,
  findField,
  isObject,
  problems,
  readBoolean,
  readEnum,
  readRoutes,
  readString,
  texts,
  toIntegerString,
  writeRoute,
  type Problems,
} from "./settingsKit.ts";

const VIEW_TYPES = ["LIST", "CALENDAR", "CUSTOM"];

interface ViewCheck {
  ctx: RequestContext;
  settings: AppSettings;
  properties: Record<string, Json>;
  report: Problems;
}

const fieldList = (raw: unknown, key: string, check: ViewCheck): string[] => {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    check.report.add(key, texts.array);
    return [];
  }
  return raw.map((c: unknown, i) => {
    const code = String(c);
    if (!findField(check.properties, code)) {
      check.report.add(`${key}[${i}]`, texts.unknownField(code));
    }
    return code;
  });
};

const calendarField = (
  raw: unknown,
  fallbackType: string,
  key: string,
  check: ViewCheck,
): string => {
  const code =
    readString(raw, key, check.report) ??
    codeOfType(check.properties, fallbackType) ??
    "";
  if (!check.properties[code]) {
    check.report.add(key, texts.unknownField(code));
  }
  return code;
};

/** The settings only one view type has. */
const typeSettings = (
  type: string,
  raw: Json,
  path: string,
  check: ViewCheck,
): Json => {
  const report = check.report;
  if (type === "LIST") {
    return { fields: fieldList(raw.fields, `${path}.fields`, check) };
  }
  if (type === "CALENDAR") {
    return {
      date: calendarField(raw.date, "CREATED_TIME", `${path}.date`, check),
      title: calendarField(raw.title, "RECORD_NUMBER", `${path}.title`, check),
    };
  }
  return {
    html: readString(raw.html, `${path}.html`, report) ?? "",
    pager: readBoolean(raw.pager, `${path}.pager`, report) ?? true,
    device:
      readEnum(raw.device, ["DESKTOP", "ANY"], `${path}.device`, report) ??
      "DESKTOP",
  };
};

const required = <T>(
  value: T | undefined,
  raw: unknown,
  key: string,
  report: Problems,
): T | undefined => {
  if (raw === undefined || raw === null) {
    report.add(key, messages.requiredParam);
  }
  return value;
};

const viewName = (
  key: string,
  raw: Json,
  exists: boolean,
  path: string,
  report: Problems,
): string => {
  const name = readString(raw.name, `${path}.name`, report) ?? key;
  if (name === "") {
    report.add(`${path}.name`, messages.requiredParam);
  } else if (name.length > 64) {
    report.add(`${path}.name`, messages.maxLength(64));
  }
  if (!exists && name !== key) {
    report.add(`${path}.name`, texts.nameMismatch);
  }
  return name;
};

const buildView = (
  key: string,
  raw: unknown,
  check: ViewCheck,
): Json | null => {
  const path = `views[${key}]`;
  const report = check.report;
  if (!isObject(raw)) {
    report.add(path, texts.object);
    return null;
  }
  const existing = check.settings.views[key];
  const type = required(
    readEnum(raw.type, VIEW_TYPES, `${path}.type`, report),
    raw.type,
    `${path}.type`,
    report,
  );
  const index = toIntegerString(raw.index);
  if (index === undefined) {
    report.add(
      `${path}.index`,
      raw.index === undefined ? messages.requiredParam : messages.notNumber,
    );
  }
  const name = viewName(key, raw, existing !== undefined, path, report);
  const filterCond =
    readString(raw.filterCond, `${path}.filterCond`, report) ?? "";
  if (filterCond.trim() !== "") {
    compileQuery(filterCond, check.properties as unknown as FieldProperties);
  }
  const head: Json = { type: type ?? "LIST" };
  if (existing?.builtinType !== undefined) {
    head.builtinType = existing.builtinType;
  }
  return {
    ...head,
    name,
    id: String(existing?.id ?? check.ctx.store.nextSequence("view")),
    index: index ?? "0",
    filterCond,
    sort: readString(raw.sort, `${path}.sort`, report) ?? "",
    ...typeSettings(type ?? "LIST", raw, path, check),
  };
};

const updateViews = (ctx: RequestContext, settings: AppSettings): Json => {
  const given = ctx.params.views;
  if (!isObject(given)) {
    throw validation({
      views: [given === undefined ? messages.requiredParam : texts.object],
    });
  }
  const check: ViewCheck = {
    ctx,
    settings,
    properties: propertiesWithStatus(settings),
    report: problems(),
  };
  const views: Record<string, Json> = {};
  for (const [key, raw] of Object.entries(given)) {
    const view = buildView(key, raw, check);
    if (!view) {
      continue;
    }
    const name = String(view.name);
    if (views[name]) {
      check.report.add(`views[${key}].name`, texts.duplicateName(name));
    }
    views[name] = view;
  }
  check.report.check();
  for (const [name, view] of Object.entries(settings.views)) {
    const listed = given[name] !== undefined || views[name] !== undefined;
    if (view.builtinType !== undefined && settings.status.enable && !listed) {
      views[name] = view;
    }
  }
  settings.views = views;
  return {
    views: Object.fromEntries(
      Object.entries(views).map(([name, v]) => [name, { id: v.id }]),
    ),
  };
};

/** The views ordered by `index`. */
export const sortedViews = (
  views: Record<string, Json>,
): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(views).sort(
      ([, a], [, b]) => Number(a.index) - Number(b.index),
    ),
  );

const API = "app/views.json";

export const viewRoutes: Route[] = [
  ...readRoutes(API, (_ctx, { settings }) => ({
    views: sortedViews(settings.views),
  })),
  writeRoute("PUT", API, updateViews),
];
