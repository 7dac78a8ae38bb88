/**
 * Process management — `(preview/)app/status.json` GET, preview PUT (docs/kintone-behaviour.md
 * §7.7). `states` and `actions` are null until the feature is first configured; a PUT's `states`
 * replaces the set (each key is the status name, `index` required), `actions` replaces the list
 * (type PRIMARY unless SECONDARY). An omitted assignee is "one of: the record's creator"; the
 * first status may only be assigned to the creator. Turning the feature on without states gives
 * kintone's three default states and two actions. The STATUS/STATUS_ASSIGNEE fields and the
 * "Assigned to me" view follow `enable`.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { messages } from "../core/errors.ts";
import type { Lang } from "../core/errors.ts";
import { compileQuery, type FieldProperties } from "../query/index.ts";
import type { AppSettings, Json } from "./model.ts";
import {
  codeOfType,
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

const ASSIGNEE_ENTITIES = [
  "USER",
  "GROUP",
  "ORGANIZATION",
  "FIELD_ENTITY",
  "CREATOR",
  "CUSTOM_FIELD",
];
const EXECUTOR_ENTITIES = ["USER", "GROUP", "ORGANIZATION", "FIELD_ENTITY"];

const readEntity = (
  raw: unknown,
  types: readonly string[],
  key: string,
  report: Problems,
): Json => {
  const e = isObject(raw) ? raw : {};
  const entity = isObject(e.entity) ? e.entity : {};
  const type = readEnum(entity.type, types, `${key}.entity.type`, report);
  if (entity.type === undefined) {
    report.add(`${key}.entity.type`, messages.requiredParam);
  }
  const code =
    type === "CREATOR"
      ? null
      : (readString(entity.code, `${key}.entity.code`, report) ?? "");
  return {
    entity: { type: type ?? "", code },
    includeSubs:
      readBoolean(e.includeSubs, `${key}.includeSubs`, report) ?? false,
  };
};

const readEntities = (
  raw: unknown,
  types: readonly string[],
  key: string,
  report: Problems,
): Json[] => {
  if (!Array.isArray(raw)) {
    report.add(key, raw === undefined ? messages.requiredParam : texts.array);
    return [];
  }
  return raw.map((e, i) => readEntity(e, types, `${key}[${i}]`, report));
};

const readAssignee = (
  raw: unknown,
  fallback: Json,
  key: string,
  report: Problems,
): Json => {
  if (raw === undefined || raw === null) {
    return fallback;
  }
  const a = isObject(raw) ? raw : {};
  const type = readEnum(a.type, ["ONE", "ALL", "ANY"], `${key}.type`, report);
  if (a.type === undefined) {
    report.add(`${key}.type`, messages.requiredParam);
  }
  return {
    type: type ?? "ONE",
    entities: readEntities(
      a.entities,
      ASSIGNEE_ENTITIES,
      `${key}.entities`,
      report,
    ),
  };
};

const creatorAssignee = (settings: AppSettings): Json => ({
  type: "ONE",
  entities: [
    {
      entity: {
        type: "FIELD_ENTITY",
        code: codeOfType(settings.properties, "CREATOR") ?? "",
      },
      includeSubs: false,
    },
  ],
});

/**
 * One status of a PUT. Its key is its name; a key naming an existing status with another
 * `name` renames it (kintone: "ステータスを変更するとき: 更新前のステータス名を指定"), a new
 * status must repeat its key as its name.
 */
const readState = (
  key: string,
  raw: unknown,
  settings: AppSettings,
  report: Problems,
): Json => {
  const path = `states[${key}]`;
  const s = isObject(raw) ? raw : {};
  const given = readString(s.name, `${path}.name`, report) ?? key;
  const existing = isObject(settings.status.states?.[key]);
  if (given !== key && !existing) {
    report.add(`${path}.name`, texts.nameMismatch);
  }
  const name = existing ? given : key;
  if (name === "") {
    report.add(`${path}.name`, messages.requiredParam);
  } else if (name.length > 64) {
    report.add(`${path}.name`, messages.maxLength(64));
  }
  const index = toIntegerString(s.index);
  if (index === undefined) {
    report.add(
      `${path}.index`,
      s.index === undefined ? messages.requiredParam : messages.notNumber,
    );
  }
  const before = settings.status.states?.[key];
  const fallback =
    isObject(before) && isObject(before.assignee)
      ? before.assignee
      : creatorAssignee(settings);
  const assignee = readAssignee(
    s.assignee,
    fallback,
    `${path}.assignee`,
    report,
  );
  return { name, index: index ?? "0", assignee };
};

/** The first status is where records start: only "one of: the creator" (or nobody). */
const checkFirstState = (
  states: Record<string, Json>,
  settings: AppSettings,
  report: Problems,
): void => {
  const first = Object.values(states).sort(
    (a, b) => Number(a.index) - Number(b.index),
  )[0];
  if (!first || !isObject(first.assignee)) {
    return;
  }
  const creator = codeOfType(settings.properties, "CREATOR");
  const entities = (first.assignee.entities ?? []) as Json[];
  const onlyCreator = entities.every((e) => {
    const entity = isObject(e.entity) ? e.entity : {};
    return (
      entity.type === "CREATOR" ||
      (entity.type === "FIELD_ENTITY" && entity.code === creator)
    );
  });
  if (first.assignee.type !== "ONE" || !onlyCreator) {
    report.add(
      `states[${String(first.name)}].assignee`,
      texts.firstStateAssignee,
    );
  }
};

const readStates = (
  raw: unknown,
  settings: AppSettings,
  report: Problems,
): Record<string, Json> | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!isObject(raw)) {
    report.add("states", texts.object);
    return undefined;
  }
  const states = Object.fromEntries(
    Object.entries(raw).map(([key, s]) => {
      const state = readState(key, s, settings, report);
      return [String(state.name), state];
    }),
  );
  if (Object.keys(states).length < Object.keys(raw).length) {
    report.add("states", texts.duplicateState);
  }
  checkFirstState(states, settings, report);
  return states;
};

/** The statuses a PUT renames: old name → new name (the key and `name` of an existing one). */
const renamesIn = (raw: unknown, settings: AppSettings): Map<string, string> =>
  new Map(
    Object.entries(isObject(raw) ? raw : {}).flatMap(([key, s]) =>
      isObject(settings.status.states?.[key]) &&
      isObject(s) &&
      typeof s.name === "string" &&
      s.name !== key
        ? [[key, s.name] as [string, string]]
        : [],
    ),
  );

/**
 * Live name → preview name after this PUT's renames, for the deploy to carry records over. A
 * status renamed twice keeps its live name as the key; one renamed back or removed drops out.
 */
const pendingRenames = (
  before: Record<string, string>,
  renames: Map<string, string>,
  names: string[],
): Record<string, string> => {
  const out: Record<string, string> = {};
  const previewNames = new Set(Object.values(before));
  for (const [from, to] of Object.entries(before)) {
    out[from] = renames.get(to) ?? to;
  }
  for (const [from, to] of renames) {
    if (!previewNames.has(from)) {
      out[from] = to;
    }
  }
  return Object.fromEntries(
    Object.entries(out).filter(
      ([from, to]) => from !== to && names.includes(to),
    ),
  );
};

/** An action's `from` and `to` after the renames (an action may name a status either way). */
const renamedAction = (a: unknown, renames: Map<string, string>): unknown => {
  if (!isObject(a)) {
    return a;
  }
  const rename = (v: unknown): unknown =>
    typeof v === "string" ? (renames.get(v) ?? v) : v;
  return { ...a, from: rename(a.from), to: rename(a.to) };
};

/** Action conditions may not name the status field (§7.7). */
const checkCondition = (filterCond: string, settings: AppSettings): void => {
  if (filterCond.trim() === "") {
    return;
  }
  const fields = Object.fromEntries(
    Object.entries(settings.properties).filter(
      ([, p]) => p.type !== "STATUS" && p.type !== "STATUS_ASSIGNEE",
    ),
  );
  compileQuery(filterCond, fields as unknown as FieldProperties);
};

const readAction = (
  raw: unknown,
  i: number,
  states: string[],
  settings: AppSettings,
  report: Problems,
): Json => {
  const key = `actions[${i}]`;
  const a = isObject(raw) ? raw : {};
  const out: Json = {};
  for (const part of ["name", "from", "to"]) {
    const value = readString(a[part], `${key}.${part}`, report) ?? "";
    if (value === "") {
      report.add(`${key}.${part}`, messages.requiredParam);
    } else if (value.length > 64) {
      report.add(`${key}.${part}`, messages.maxLength(64));
    } else if (part !== "name" && !states.includes(value)) {
      report.add(`${key}.${part}`, texts.unknownState(value));
    }
    out[part] = value;
  }
  out.filterCond = readString(a.filterCond, `${key}.filterCond`, report) ?? "";
  checkCondition(String(out.filterCond), settings);
  out.type =
    readEnum(a.type, ["PRIMARY", "SECONDARY"], `${key}.type`, report) ??
    "PRIMARY";
  if (out.type === "SECONDARY") {
    const executable = isObject(a.executableUser) ? a.executableUser : {};
    out.executableUser = {
      entities:
        executable.entities === undefined
          ? []
          : readEntities(
              executable.entities,
              EXECUTOR_ENTITIES,
              `${key}.executableUser.entities`,
              report,
            ),
    };
  }
  return out;
};

const DEFAULTS: Record<Lang, { states: string[]; actions: string[] }> = {
  ja: {
    states: ["未処理", "処理中", "完了"],
    actions: ["処理開始", "完了する"],
  },
  en: {
    states: ["Not started", "In progress", "Completed"],
    actions: ["Start", "Complete"],
  },
};

/** kintone's starting point when the feature is switched on: three states, two actions. */
const defaultProcess = (lang: Lang): AppSettings["status"] => {
  const { states, actions } = DEFAULTS[lang];
  return {
    enable: true,
    states: Object.fromEntries(
      states.map((name, i) => [
        name,
        { name, index: String(i), assignee: { type: "ONE", entities: [] } },
      ]),
    ),
    actions: actions.map((name, i) => ({
      name,
      from: states[i],
      to: states[i + 1],
      filterCond: "",
      type: "PRIMARY",
    })),
  };
};

const ASSIGNED_TO_ME: Record<Lang, string> = {
  ja: "(作業者が自分)",
  en: "(Assigned to me)",
};

/** The STATUS fields and the "Assigned to me" view follow `enable`. */
const followEnable = (ctx: RequestContext, settings: AppSettings): void => {
  const enable = settings.status.enable;
  for (const prop of Object.values(settings.properties)) {
    if (prop.type === "STATUS" || prop.type === "STATUS_ASSIGNEE") {
      prop.enabled = enable;
    }
  }
  const builtin = Object.entries(settings.views).filter(
    ([, v]) => v.builtinType === "ASSIGNEE",
  );
  if (!enable) {
    for (const [name] of builtin) {
      delete settings.views[name];
    }
    return;
  }
  if (builtin.length === 0) {
    const name = ASSIGNED_TO_ME[ctx.lang];
    const codes = ["STATUS", "STATUS_ASSIGNEE"]
      .map((type) => codeOfType(settings.properties, type))
      .filter((c): c is string => c !== undefined);
    settings.views[name] = {
      type: "LIST",
      builtinType: "ASSIGNEE",
      name,
      id: String(ctx.store.nextSequence("view")),
      index: String(Object.keys(settings.views).length),
      filterCond: "",
      sort: "",
      fields: codes,
    };
  }
};

const updateStatus = (ctx: RequestContext, settings: AppSettings): void => {
  const report = problems();
  const enable =
    readBoolean(ctx.params.enable, "enable", report) ?? settings.status.enable;
  const given = readStates(ctx.params.states, settings, report);
  const renames = renamesIn(ctx.params.states, settings);
  const start =
    enable && settings.status.states === null && given === undefined
      ? defaultProcess(ctx.lang)
      : settings.status;
  const states = given ?? start.states;
  const names = Object.keys(states ?? {});
  const actions = Array.isArray(ctx.params.actions)
    ? ctx.params.actions.map((a, i) =>
        readAction(renamedAction(a, renames), i, names, settings, report),
      )
    : start.actions
        ?.map((a) => renamedAction(a, renames))
        .filter(
          (a) =>
            isObject(a) &&
            names.includes(String(a.from)) &&
            names.includes(String(a.to)),
        );
  const rawActions: unknown = ctx.params.actions;
  if (
    rawActions !== undefined &&
    rawActions !== null &&
    !Array.isArray(rawActions)
  ) {
    report.add("actions", texts.array);
  }
  if (enable && names.length === 0) {
    report.add("states", messages.requiredParam);
  }
  report.check();
  settings.status = {
    enable,
    states: states ?? null,
    actions: actions ?? (states ? [] : null),
    renamed: pendingRenames(settings.status.renamed ?? {}, renames, names),
  };
  followEnable(ctx, settings);
};

/**
 * At deploy: records in a renamed status take its new name (kintone keeps a record's status
 * through a rename), and the pending renames are done.
 */
export const carryStatusRenames = (
  ctx: RequestContext,
  appId: number,
  preview: AppSettings,
): void => {
  const renamed = preview.status.renamed ?? {};
  delete preview.status.renamed;
  const code = codeOfType(preview.properties, "STATUS");
  if (code === undefined || Object.keys(renamed).length === 0) {
    return;
  }
  for (const record of [...ctx.store.listRecords(appId)]) {
    const to = renamed[String(record.data[code]?.value ?? "")];
    if (to !== undefined) {
      const data = { ...record.data, [code]: { type: "STATUS", value: to } };
      ctx.store.putRecord(appId, { ...record, data });
    }
  }
};

const sortedStates = (states: Json | null): Json | null =>
  states === null
    ? null
    : Object.fromEntries(
        Object.entries(states).sort(
          ([, a], [, b]) =>
            Number(isObject(a) ? a.index : 0) -
            Number(isObject(b) ? b.index : 0),
        ),
      );

const API = "app/status.json";

export const statusRoutes: Route[] = [
  ...readRoutes(API, (_ctx, { settings }) => ({
    enable: settings.status.enable,
    states: sortedStates(settings.status.states),
    actions: settings.status.actions,
  })),
  writeRoute("PUT", API, updateStatus),
];
