/**
 * Form layout — `(preview/)app/form/layout.json` GET, preview PUT (docs/kintone-behaviour.md
 * §5.3, §7.5). Sizes are stored and returned as strings. Every field the layout places must
 * exist (GAIA_FC01) with the type the element says; a field is placed at most once.
 *
 * Fields the stored layout does not place are still fields: GET lists them after the stored
 * rows, each in a row of its own (a table as a SUBTABLE row, a group as an empty GROUP row),
 * and table fields missing from their table's row at that row's end. System fields (record
 * number, creator…) are only shown where a layout places them.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { errors, messages, validation } from "../core/errors.ts";
import { FIXED_CODE_TYPES, SYSTEM_TYPES } from "./fieldProps.ts";
import type { AppSettings, Json } from "./model.ts";
import {
  isObject,
  problems,
  readRoutes,
  readString,
  texts,
  toIntegerString,
  writeRoute,
  type Problems,
} from "./settingsKit.ts";

const DECORATIONS = ["LABEL", "HR", "SPACER"];
const NOT_ELEMENTS = ["SUBTABLE", "GROUP", ...FIXED_CODE_TYPES];
const TALL = ["MULTI_LINE_TEXT", "RICH_TEXT"];

/** The size a field gets when the layout does not say (kintone's usual widths). */
const defaultSize = (type: string): Json | undefined => {
  if (type === "REFERENCE_TABLE") {
    return undefined;
  }
  if (type === "SPACER") {
    return { width: "100", height: "40" };
  }
  return TALL.includes(type)
    ? { width: "315", innerHeight: "125" }
    : { width: "193" };
};

const readSize = (
  raw: unknown,
  type: string,
  key: string,
  report: Problems,
): Json | undefined => {
  const fallback = defaultSize(type);
  if (raw === undefined || raw === null || fallback === undefined) {
    return fallback;
  }
  if (!isObject(raw)) {
    report.add(key, texts.object);
    return fallback;
  }
  const out: Json = {};
  for (const dim of Object.keys(fallback)) {
    const value = raw[dim];
    const n = value === undefined ? fallback[dim] : toIntegerString(value);
    if (n === undefined) {
      report.add(`${key}.${dim}`, messages.notNumber);
    }
    out[dim] = n ?? fallback[dim];
  }
  return out;
};

interface LayoutCheck {
  report: Problems;
  placed: Set<string>;
}

/** One element of a row; `scope` holds the fields it may place (top level, or a table's). */
const element = (
  raw: unknown,
  scope: Record<string, Json>,
  key: string,
  check: LayoutCheck,
): Json => {
  const el = isObject(raw) ? raw : {};
  const type = typeof el.type === "string" ? el.type : "";
  if (DECORATIONS.includes(type)) {
    const out: Json = { type };
    if (type === "LABEL") {
      out.label = readString(el.label, `${key}.label`, check.report) ?? "";
    }
    if (type === "SPACER") {
      out.elementId =
        readString(el.elementId, `${key}.elementId`, check.report) ?? "";
    }
    out.size = readSize(el.size, type, `${key}.size`, check.report);
    return out;
  }
  if (type === "" || NOT_ELEMENTS.includes(type)) {
    check.report.add(`${key}.type`, messages.enumValue);
    return { type };
  }
  const code = String(el.code ?? "");
  const field = scope[code];
  if (!field) {
    throw errors.fieldNotFound(code);
  }
  if (field.type !== type) {
    check.report.add(`${key}.type`, messages.enumValue);
  }
  if (check.placed.has(code)) {
    check.report.add(`${key}.code`, texts.placedTwice(code));
  }
  check.placed.add(code);
  const size = readSize(el.size, type, `${key}.size`, check.report);
  return size === undefined ? { type, code } : { type, code, size };
};

const elements = (
  raw: unknown,
  scope: Record<string, Json>,
  key: string,
  check: LayoutCheck,
): Json[] => {
  if (!Array.isArray(raw)) {
    check.report.add(key, texts.array);
    return [];
  }
  return raw.map((el, j) => element(el, scope, `${key}[${j}]`, check));
};

/** A SUBTABLE or GROUP row names a field of that type. */
const container = (
  row: Json,
  properties: Record<string, Json>,
  key: string,
  check: LayoutCheck,
): Json | undefined => {
  const code = String(row.code ?? "");
  const field = properties[code];
  if (!field) {
    throw errors.fieldNotFound(code);
  }
  if (field.type !== row.type) {
    check.report.add(`${key}.type`, messages.enumValue);
    return undefined;
  }
  if (check.placed.has(code)) {
    check.report.add(`${key}.code`, texts.placedTwice(code));
  }
  check.placed.add(code);
  return field;
};

const row = (
  raw: unknown,
  properties: Record<string, Json>,
  key: string,
  check: LayoutCheck,
  inGroup: boolean,
): Json => {
  const r = isObject(raw) ? raw : {};
  if (r.type === "ROW") {
    return {
      type: "ROW",
      fields: elements(r.fields, properties, `${key}.fields`, check),
    };
  }
  if (r.type === "SUBTABLE" && !inGroup) {
    const table = container(r, properties, key, check);
    const inner = isObject(table?.fields)
      ? (table.fields as Record<string, Json>)
      : {};
    const fields = elements(r.fields, inner, `${key}.fields`, check);
    return { type: "SUBTABLE", code: r.code, fields };
  }
  if (r.type === "GROUP" && !inGroup) {
    container(r, properties, key, check);
    const rows = Array.isArray(r.layout) ? r.layout : [];
    const layout = rows.map((x, i) =>
      row(x, properties, `${key}.layout[${i}]`, check, true),
    );
    return { type: "GROUP", code: r.code, layout };
  }
  check.report.add(`${key}.type`, messages.enumValue);
  return { type: String(r.type ?? "") };
};

const updateLayout = (ctx: RequestContext, settings: AppSettings): void => {
  const raw = ctx.params.layout;
  if (!Array.isArray(raw)) {
    throw validation({
      layout: [raw === undefined ? messages.requiredParam : texts.array],
    });
  }
  const check: LayoutCheck = { report: problems(), placed: new Set() };
  const layout = raw.map((r, i) =>
    row(r, settings.properties, `layout[${i}]`, check, false),
  );
  check.report.check();
  settings.layout = layout;
};

const placedCodes = (node: unknown, into: Set<string>): Set<string> => {
  if (Array.isArray(node)) {
    for (const item of node) {
      placedCodes(item, into);
    }
  } else if (isObject(node)) {
    if (typeof node.code === "string") {
      into.add(node.code);
    }
    placedCodes(node.fields, into);
    placedCodes(node.layout, into);
  }
  return into;
};

const fieldElement = (prop: Json): Json => {
  const type = String(prop.type);
  const size = defaultSize(type);
  return size === undefined
    ? { type, code: prop.code }
    : { type, code: prop.code, size };
};

/** The elements of a table's fields that `placed` does not hold. */
const missingInner = (table: Json | undefined, placed: Set<string>): Json[] =>
  isObject(table?.fields)
    ? Object.values(table.fields as Record<string, Json>)
        .filter((f) => !placed.has(String(f.code)))
        .map(fieldElement)
    : [];

/** The stored layout plus the fields it does not place (see the module comment). */
export const effectiveLayout = (settings: AppSettings): unknown[] => {
  const placed = placedCodes(settings.layout, new Set());
  const rows = settings.layout.map((r) =>
    isObject(r) && r.type === "SUBTABLE" && Array.isArray(r.fields)
      ? {
          ...r,
          fields: [
            ...r.fields,
            ...missingInner(settings.properties[String(r.code)], placed),
          ],
        }
      : r,
  );
  for (const [code, prop] of Object.entries(settings.properties)) {
    const type = String(prop.type);
    if (placed.has(code) || SYSTEM_TYPES.includes(type)) {
      continue;
    }
    if (type === "SUBTABLE") {
      rows.push({ type, code, fields: missingInner(prop, placed) });
    } else if (type === "GROUP") {
      rows.push({ type, code, layout: [] });
    } else {
      rows.push({ type: "ROW", fields: [fieldElement(prop)] });
    }
  }
  return rows;
};

const API = "app/form/layout.json";

export const layoutRoutes: Route[] = [
  ...readRoutes(API, (_ctx, { settings }) => ({
    layout: effectiveLayout(settings),
  })),
  writeRoute("PUT", API, updateLayout),
];
