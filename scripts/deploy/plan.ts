/**
 * The plan: what must change in one app's preview settings so that they say what its schema
 * says. Pure — it compares a schema with the settings read over REST (`AppState`) and returns
 * structured changes; apply.ts turns them into requests and format.ts into Japanese lines.
 *
 * Only the keys a schema gives are compared, after kintone's string/boolean forms are evened
 * out; a lookup is compared by the schema code of its source app, not by an id.
 */
import type {
  AppCode,
  AppSchema,
  FieldSchema,
  SystemFieldType,
} from "../../schemas/types.ts";
import {
  aclEntries,
  appAclFor,
  appAclShape,
  isObject,
  recordAclFor,
  recordAclShape,
  type AclEntry,
  type Entity,
} from "./permissions.ts";

export type Json = Record<string, unknown>;

/** An app's preview settings as the REST API answers them (only what the plan reads). */
export interface AppState {
  general: Json;
  properties: Record<string, Json>;
  layout: unknown[];
  views: Record<string, Json>;
  status: { enable: boolean; states: Json | null; actions: Json[] | null };
  /** app/acl.json `rights`. */
  acl: unknown[];
  /** record/acl.json `rights`. */
  recordAcl: unknown[];
  revision: string;
}

export type GeneralKey = "name" | "description" | "icon" | "theme";
export type ProcessKey = "enable" | "states" | "actions";

export interface ValueDiff {
  key: string;
  from: unknown;
  to: unknown;
}

export type Change =
  | { kind: "createApp" }
  /** The preview settings already match, but were never deployed (e.g. an interrupted run). */
  | { kind: "deploy" }
  | { kind: "general"; keys: GeneralKey[] }
  | {
      kind: "systemField";
      type: SystemFieldType;
      /** The current code; null when the app does not exist yet. */
      from: string | null;
      to: string;
    }
  | { kind: "addField"; code: string; label: string }
  | { kind: "changeField"; code: string; label: string; diffs: ValueDiff[] }
  | {
      kind: "retypeField";
      code: string;
      label: string;
      from: string;
      to: string;
    }
  | {
      kind: "removeField";
      code: string;
      label: string;
      type: string;
      /** Whether a record holds a value in it (filled in by the deploy before printing). */
      hasData?: boolean;
    }
  | { kind: "layout" }
  | { kind: "addView"; name: string }
  | { kind: "changeView"; name: string; keys: string[] }
  | { kind: "removeView"; name: string }
  | { kind: "process"; keys: ProcessKey[] }
  /** The app ACL becomes `to` (every entry, in priority order). */
  | { kind: "appAcl"; to: AclEntry[] }
  /** The record ACL becomes `conditions` conditions (0: none, the app ACL alone decides). */
  | { kind: "recordAcl"; conditions: number };

export interface AppPlan {
  code: AppCode;
  name: string;
  /** The app's id in this kintone; null when it does not exist yet (a dry run). */
  appId: string | null;
  changes: Change[];
}

/** Which schema's app an app id of this environment is (for lookups). */
export type AppCodeOf = (appId: string) => AppCode | undefined;

/** kintone's system field types: never added, removed or compared as fields. */
export const SYSTEM_TYPES: readonly string[] = [
  "RECORD_NUMBER",
  "CREATOR",
  "CREATED_TIME",
  "MODIFIER",
  "UPDATED_TIME",
  "CATEGORY",
  "STATUS",
  "STATUS_ASSIGNEE",
];

/**
 * A value in one form whatever kintone's answer used: numbers as strings, "true"/"false" as
 * booleans, object keys sorted, undefined keys dropped.
 */
export const normalize = (value: unknown): unknown => {
  if (typeof value === "number") {
    return String(value);
  }
  if (value === "true" || value === "false") {
    return value === "true";
  }
  if (Array.isArray(value)) {
    return value.map(normalize);
  }
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort()
        .map((k) => [k, normalize(value[k])]),
    );
  }
  return value;
};

export const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));

/** The state of an app that does not exist yet: what a dry run plans against. */
export const emptyState = (schema: AppSchema): AppState => ({
  general: { name: schema.name, description: "", icon: null, theme: null },
  properties: {},
  layout: [],
  views: {},
  status: { enable: false, states: null, actions: null },
  acl: [],
  recordAcl: [],
  revision: "-1",
});

const GENERAL_KEYS: readonly GeneralKey[] = [
  "name",
  "description",
  "icon",
  "theme",
];

const planGeneral = (schema: AppSchema, state: AppState): Change[] => {
  const keys = GENERAL_KEYS.filter((k) => !same(schema[k], state.general[k]));
  return keys.length > 0 ? [{ kind: "general", keys }] : [];
};

const codeOfType = (state: AppState, type: string): string | null =>
  (Object.values(state.properties).find((p) => p.type === type)?.code as
    string | undefined) ?? null;

const planSystemFields = (schema: AppSchema, state: AppState): Change[] =>
  (Object.entries(schema.systemFields) as Array<[SystemFieldType, string]>)
    .map(([type, to]) => ({ type, to, from: codeOfType(state, type) }))
    .filter(({ from, to }) => from !== to)
    .map(({ type, from, to }) => ({ kind: "systemField", type, from, to }));

/** A lookup as compared: the source app by schema code, and only the keys the schema gives. */
const lookupShape = (
  lookup: unknown,
  keys: readonly string[],
  appCodeOf: AppCodeOf,
): Json | null => {
  if (!isObject(lookup)) {
    return null;
  }
  const related = isObject(lookup.relatedApp) ? lookup.relatedApp : {};
  const code =
    typeof related.app === "string" || typeof related.app === "number"
      ? (appCodeOf(String(related.app)) ?? `#${String(related.app)}`)
      : related.code;
  return Object.fromEntries(
    keys.map((k) => [k, k === "relatedApp" ? code : lookup[k]]),
  );
};

const fieldDiffs = (
  field: FieldSchema,
  live: Json,
  appCodeOf: AppCodeOf,
): ValueDiff[] => {
  const keys = Object.keys(field).filter(
    (k) =>
      k !== "code" &&
      k !== "type" &&
      field[k as keyof FieldSchema] !== undefined,
  );
  return keys
    .map((key) => {
      const want = field[key as keyof FieldSchema];
      if (key !== "lookup") {
        return { key, from: live[key], to: want };
      }
      const lookupKeys = Object.keys(want as Json);
      return {
        key,
        from: lookupShape(live.lookup, lookupKeys, appCodeOf),
        to: lookupShape(want, lookupKeys, () => undefined),
      };
    })
    .filter((d) => !same(d.from, d.to));
};

const planFields = (
  schema: AppSchema,
  state: AppState,
  appCodeOf: AppCodeOf,
): Change[] => {
  const changes: Change[] = [];
  for (const field of Object.values(schema.fields)) {
    const live = state.properties[field.code];
    if (!live) {
      changes.push({ kind: "addField", code: field.code, label: field.label });
    } else if (live.type !== field.type) {
      changes.push({
        kind: "retypeField",
        code: field.code,
        label: field.label,
        from: String(live.type),
        to: field.type,
      });
    } else {
      const diffs = fieldDiffs(field, live, appCodeOf);
      if (diffs.length > 0) {
        changes.push({
          kind: "changeField",
          code: field.code,
          label: field.label,
          diffs,
        });
      }
    }
  }
  for (const [code, live] of Object.entries(state.properties)) {
    const type = String(live.type);
    if (!schema.fields[code] && !SYSTEM_TYPES.includes(type)) {
      changes.push({
        kind: "removeField",
        code,
        label: String(live.label ?? code),
        type,
      });
    }
  }
  return changes;
};

/** The structure of a layout: rows, groups, tables, element types and codes; no sizes. */
export const layoutShape = (rows: readonly unknown[]): unknown[] =>
  rows.map((raw) => {
    const row = isObject(raw) ? raw : {};
    const out: Json = { type: row.type, code: row.code };
    if (Array.isArray(row.fields)) {
      out.fields = row.fields.map((el: unknown) => {
        const e = isObject(el) ? el : {};
        return {
          type: e.type,
          code: e.code,
          label: e.label,
          elementId: e.elementId,
        };
      });
    }
    if (Array.isArray(row.layout)) {
      out.layout = layoutShape(row.layout);
    }
    return out;
  });

const planLayout = (schema: AppSchema, state: AppState): Change[] =>
  same(layoutShape(schema.layout), layoutShape(state.layout))
    ? []
    : [{ kind: "layout" }];

/** The views the schema manages: every view but kintone's built-in "Assigned to me". */
export const ownViews = (state: AppState): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(state.views).filter(([, v]) => v.builtinType === undefined),
  );

const planViews = (schema: AppSchema, state: AppState): Change[] => {
  const live = ownViews(state);
  const wanted = Object.values(schema.views);
  const changes: Change[] = [];
  for (const view of wanted) {
    const current = live[view.name];
    if (!current) {
      changes.push({ kind: "addView", name: view.name });
      continue;
    }
    const keys = Object.keys(view).filter(
      (k) => !same(view[k as keyof typeof view], current[k]),
    );
    if (keys.length > 0) {
      changes.push({ kind: "changeView", name: view.name, keys });
    }
  }
  for (const name of Object.keys(live)) {
    if (!wanted.some((v) => v.name === name)) {
      changes.push({ kind: "removeView", name });
    }
  }
  return changes;
};

/** State names in index order. */
export const stateNames = (states: Json | null): string[] =>
  Object.values(states ?? {})
    .filter(isObject)
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((s) => String(s.name));

/** The assignee setting of every status the deploy writes: nobody (see apply.ts). */
export const UNASSIGNED = { type: "ONE", entities: [] } as const;

/** Whether every status is assigned to nobody, as the deploy sets them. */
const unassigned = (states: Json | null): boolean =>
  Object.values(states ?? {})
    .filter(isObject)
    .every((s) => {
      const a = isObject(s.assignee) ? s.assignee : {};
      return (
        a.type === UNASSIGNED.type &&
        Array.isArray(a.entities) &&
        a.entities.length === 0
      );
    });

const actionShape = (a: Json): Json => ({
  name: a.name,
  from: a.from,
  to: a.to,
  filterCond: a.filterCond ?? "",
});

const planProcess = (schema: AppSchema, state: AppState): Change[] => {
  const want = schema.process;
  if (!want) {
    return state.status.enable ? [{ kind: "process", keys: ["enable"] }] : [];
  }
  const keys: ProcessKey[] = [];
  if (!state.status.enable) {
    keys.push("enable");
  }
  if (
    !same(stateNames(state.status.states), want.states) ||
    !unassigned(state.status.states)
  ) {
    keys.push("states");
  }
  const liveActions = (state.status.actions ?? []).map(actionShape);
  if (!same(liveActions, want.actions.map(actionShape))) {
    keys.push("actions");
  }
  return keys.length > 0 ? [{ kind: "process", keys }] : [];
};

/** The app and record ACLs, when kintone's differ from what the schema gives this staff. */
const planPermissions = (
  schema: AppSchema,
  state: AppState,
  staff: Entity | null,
): Change[] => {
  const changes: Change[] = [];
  if (!same(appAclShape(appAclFor(schema, staff)), appAclShape(state.acl))) {
    changes.push({ kind: "appAcl", to: aclEntries(schema, staff) });
  }
  const record = recordAclFor(schema, staff);
  if (!same(recordAclShape(record), recordAclShape(state.recordAcl))) {
    changes.push({ kind: "recordAcl", conditions: record.length });
  }
  return changes;
};

/**
 * Everything to change in one app, in the order it is applied: settings, system-field codes,
 * fields, layout, process management, views, permissions (app ACL, record ACL) with `staff`
 * as the 認定係 clerks' entity (null: none named, administrators only).
 */
export const planApp = (
  schema: AppSchema,
  state: AppState,
  appCodeOf: AppCodeOf,
  staff: Entity | null = null,
): Change[] => [
  ...planGeneral(schema, state),
  ...planSystemFields(schema, state),
  ...planFields(schema, state, appCodeOf),
  ...planLayout(schema, state),
  ...planProcess(schema, state),
  ...planViews(schema, state),
  ...planPermissions(schema, state, staff),
];

/** Whether the live settings lag behind the preview ones (null: the app was never deployed). */
export const livesBehind = (
  preview: AppState,
  live: AppState | null,
): boolean => {
  if (live === null) {
    return true;
  }
  const comparable = (s: AppState) => {
    const { revision: _revision, ...general } = s.general;
    return { ...s, general, revision: "" };
  };
  return !same(comparable(preview), comparable(live));
};
