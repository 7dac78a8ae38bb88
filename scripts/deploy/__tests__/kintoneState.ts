/**
 * Test helper: the settings kintone would answer for an app deployed from `schema` — numbers as
 * strings, sizes on layout elements, view ids, the built-in "Assigned to me" view, system fields
 * under their renamed codes, process states with assignees — so plan tests start from "deployed".
 */
import type { AppCode, AppSchema } from "../../../schemas/types.ts";
import { appAclFor, recordAclFor } from "../permissions.ts";
import type { AppState, Json } from "../plan.ts";

const systemProperties = (schema: AppSchema): Record<string, Json> => {
  const out: Record<string, Json> = {};
  for (const [type, code] of Object.entries(schema.systemFields)) {
    out[code] = { type, code, label: code, noLabel: false };
  }
  const enabled = schema.process !== undefined;
  for (const [type, code] of [
    ["CATEGORY", "カテゴリー"],
    ["STATUS", "ステータス"],
    ["STATUS_ASSIGNEE", "作業者"],
  ] as const) {
    out[code] = {
      type,
      code,
      label: code,
      enabled: type === "CATEGORY" ? false : enabled,
    };
  }
  return out;
};

const property = (
  schema: AppSchema,
  code: string,
  ids: Partial<Record<AppCode, string>>,
): Json => {
  const f = schema.fields[code];
  if (!f) {
    throw new Error(code);
  }
  const base: Json = { noLabel: false, required: false, ...f };
  if (f.lookup) {
    base.lookup = {
      filterCond: "",
      sort: "",
      ...f.lookup,
      relatedApp: { app: ids[f.lookup.relatedApp.code] ?? "", code: "" },
    };
  }
  return base;
};

const withSizes = (rows: readonly unknown[]): unknown[] =>
  rows.map((r) => {
    const row = { ...(r as Json) };
    if (Array.isArray(row.fields)) {
      row.fields = (row.fields as Json[]).map((e) => ({
        ...e,
        size: { width: "193" },
      }));
    }
    if (Array.isArray(row.layout)) {
      row.layout = withSizes(row.layout as unknown[]);
    }
    return row;
  });

export const deployedState = (
  schema: AppSchema,
  ids: Partial<Record<AppCode, string>> = { offices: "1" },
): AppState => {
  const views: Record<string, Json> = Object.fromEntries(
    Object.values(schema.views).map((v, i) => [
      v.name,
      { ...v, id: String(100 + i), index: String(v.index) },
    ]),
  );
  if (schema.process) {
    views["(作業者が自分)"] = {
      type: "LIST",
      builtinType: "ASSIGNEE",
      name: "(作業者が自分)",
      id: "99",
      index: "9",
      fields: ["ステータス", "作業者"],
      filterCond: "",
      sort: "",
    };
  }
  return {
    general: {
      name: schema.name,
      description: schema.description,
      icon: { ...schema.icon },
      theme: schema.theme,
      enableComments: true,
      revision: "12",
    },
    properties: {
      ...systemProperties(schema),
      ...Object.fromEntries(
        Object.keys(schema.fields).map((c) => [c, property(schema, c, ids)]),
      ),
    },
    layout: withSizes(schema.layout),
    views,
    status: schema.process
      ? {
          enable: true,
          states: Object.fromEntries(
            schema.process.states.map((name, i) => [
              name,
              {
                name,
                index: String(i),
                assignee: { type: "ONE", entities: [] },
              },
            ]),
          ),
          actions: schema.process.actions.map((a) => ({
            filterCond: "",
            type: "PRIMARY",
            ...a,
          })),
        }
      : { enable: false, states: null, actions: null },
    acl: appAclFor(schema, null),
    recordAcl: recordAclFor(schema, null),
    revision: "12",
  };
};
