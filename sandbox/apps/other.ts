/**
 * Settings the sandbox stores and returns as given (docs/kintone-behaviour.md §7.13): general,
 * per-record and reminder notifications, graphs (reports), app actions and notes for app
 * administrators — live and preview GET, preview PUT. A PUT replaces the top-level keys it
 * names (each checked for its JSON type); never-set settings read as kintone's empty ones.
 * Reports and actions are keyed by name and get an `id` kept across updates of the same name,
 * answered by the PUT as `{reports|actions: {<name>: {id}}, revision}`.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { messages } from "../core/errors.ts";
import type { AppSettings, Json } from "./model.ts";
import {
  isObject,
  problems,
  readRoutes,
  texts,
  toBoolean,
  toIntegerString,
  writeRoute,
  type Problems,
} from "./settingsKit.ts";

type Kind = "array" | "object" | "boolean" | "string";

interface StoredSetting {
  api: string;
  defaults: Json;
  keys: Record<string, Kind>;
  /** Keys a PUT must give. */
  required: string[];
  /** The key holding name-keyed entries that get ids (reports, actions). */
  named?: string;
}

const SETTINGS: StoredSetting[] = [
  {
    api: "app/notifications/general.json",
    defaults: { notifications: [], notifyToCommenter: false },
    keys: { notifications: "array", notifyToCommenter: "boolean" },
    required: [],
  },
  {
    api: "app/notifications/perRecord.json",
    defaults: { notifications: [] },
    keys: { notifications: "array" },
    required: ["notifications"],
  },
  {
    api: "app/notifications/reminder.json",
    defaults: { notifications: [], timezone: "Asia/Tokyo" },
    keys: { notifications: "array", timezone: "string" },
    required: [],
  },
  {
    api: "app/reports.json",
    defaults: { reports: {} },
    keys: { reports: "object" },
    required: ["reports"],
    named: "reports",
  },
  {
    api: "app/actions.json",
    defaults: { actions: {} },
    keys: { actions: "object" },
    required: ["actions"],
    named: "actions",
  },
  {
    api: "app/adminNotes.json",
    defaults: { content: "", includeInTemplateAndDuplicates: false },
    keys: { content: "string", includeInTemplateAndDuplicates: "boolean" },
    required: [],
  },
];

const KIND_TEXT = {
  array: texts.array,
  object: texts.object,
  boolean: texts.boolean,
  string: texts.string,
};

const readValue = (
  raw: unknown,
  kind: Kind,
  key: string,
  report: Problems,
): unknown => {
  const ok =
    (kind === "array" && Array.isArray(raw)) ||
    (kind === "object" && isObject(raw)) ||
    (kind === "boolean" && toBoolean(raw) !== undefined) ||
    (kind === "string" && typeof raw === "string");
  if (!ok) {
    report.add(key, KIND_TEXT[kind]);
    return undefined;
  }
  return kind === "boolean" ? toBoolean(raw) : raw;
};

const stored = (settings: AppSettings, setting: StoredSetting): Json => {
  const current = settings.other[setting.api];
  return { ...setting.defaults, ...(isObject(current) ? current : {}) };
};

/** Name-keyed entries with `name`, a string `index` and an `id` kept by name. */
const withIds = (
  ctx: RequestContext,
  entries: Json,
  before: unknown,
  key: string,
  report: Problems,
): Json => {
  const old = isObject(before) ? before : {};
  return Object.fromEntries(
    Object.entries(entries).map(([name, raw], position) => {
      const entry = isObject(raw) ? raw : {};
      if (!isObject(raw)) {
        report.add(`${key}[${name}]`, texts.object);
      }
      const previous = old[name];
      const id = isObject(previous)
        ? previous.id
        : ctx.store.nextSequence(key === "reports" ? "report" : "action");
      return [
        name,
        {
          ...entry,
          name: typeof entry.name === "string" ? entry.name : name,
          index: toIntegerString(entry.index) ?? String(position),
          id: String(id),
        },
      ];
    }),
  );
};

const update =
  (setting: StoredSetting) =>
  (ctx: RequestContext, settings: AppSettings): Json | void => {
    const report = problems();
    const next = stored(settings, setting);
    for (const [key, kind] of Object.entries(setting.keys)) {
      const raw = ctx.params[key];
      if (raw === undefined || raw === null) {
        if (setting.required.includes(key)) {
          report.add(key, messages.requiredParam);
        }
        continue;
      }
      const value = readValue(raw, kind, key, report);
      next[key] =
        key === setting.named && isObject(value)
          ? withIds(ctx, value, next[key], key, report)
          : (value ?? next[key]);
    }
    report.check();
    settings.other[setting.api] = next;
    if (!setting.named) {
      return undefined;
    }
    const named = next[setting.named];
    return {
      [setting.named]: Object.fromEntries(
        Object.entries(isObject(named) ? named : {}).map(([name, entry]) => [
          name,
          { id: isObject(entry) ? entry.id : "" },
        ]),
      ),
    };
  };

export const otherRoutes: Route[] = SETTINGS.flatMap((setting) => [
  ...readRoutes(setting.api, (_ctx, { settings }) => stored(settings, setting)),
  writeRoute("PUT", setting.api, update(setting)),
]);
