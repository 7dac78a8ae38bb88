/**
 * Form fields — `(preview/)app/form/fields.json` GET, preview POST/PUT/DELETE
 * (docs/kintone-behaviour.md §5.2, §7.4). Added and updated fields are stored in the full
 * shape GET returns; field codes follow kintone's rules and are unique across the app,
 * table fields included; renames and deletions are carried into the layout, views, field ACL
 * and title field.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { errors, messages, validation } from "../core/errors.ts";
import { requiredArray } from "../core/params.ts";
import {
  FIELD_TYPES,
  FIXED_CODE_TYPES,
  SYSTEM_TYPES,
  TABLE_TYPES,
  normalizeSettings,
} from "./fieldProps.ts";
import type { FieldEnv } from "./fieldEnv.ts";
import { normalizeLookup, normalizeReferenceTable } from "./lookups.ts";
import type { AppSettings, Json } from "./model.ts";
import { dropField, renameField } from "./references.ts";
import {
  allFieldCodes,
  findField,
  isObject,
  problems,
  readEnum,
  readRoutes,
  readString,
  texts,
  writeRoute,
  type Problems,
} from "./settingsKit.ts";

const newEnv = (ctx: RequestContext, settings: AppSettings): FieldEnv => ({
  ctx,
  report: problems(),
  taken: allFieldCodes(settings.properties),
  localRefs: [],
  renames: [],
});

/** ≤128 characters, `_` the only ASCII symbol, no leading digit (§7.4). */
const checkCodeRules = (code: string, key: string, report: Problems): void => {
  if (code === "") {
    report.add(key, messages.requiredParam);
    return;
  }
  if (code.length > 128) {
    report.add(key, messages.maxLength(128));
  }
  if (/^[0-9]/.test(code)) {
    report.add(key, texts.fieldCodeDigit);
  }
  const symbol = [...code].some((ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x80 && ch !== "_" && !/[0-9A-Za-z]/.test(ch);
  });
  if (symbol) {
    report.add(key, texts.fieldCodeChars);
  }
};

/** Makes `code` the code of a new field, or reports why it cannot be. */
const claimCode = (code: string, key: string, env: FieldEnv): boolean => {
  checkCodeRules(code, key, env.report);
  if (env.taken.has(code)) {
    env.report.add(key, texts.fieldCodeDuplicate(code));
    return false;
  }
  env.taken.add(code);
  return true;
};

const readLabel = (
  given: Json,
  base: Json | undefined,
  type: string,
  code: string,
  path: string,
  report: Problems,
): string => {
  const label = readString(given.label, `${path}.label`, report);
  if (label !== undefined && label.length > 128) {
    report.add(`${path}.label`, messages.maxLength(128));
  }
  const kept = label ?? (base?.label as string | undefined);
  if (kept === undefined && type !== "SUBTABLE") {
    report.add(`${path}.label`, messages.requiredParam);
  }
  return kept ?? code;
};

/** A field of `type` from what the caller gave over what it was (`base`, on update). */
const buildField = (
  type: string,
  code: string,
  given: Json,
  base: Json | undefined,
  path: string,
  env: FieldEnv,
): Json => {
  const label = readLabel(given, base, type, code, path, env.report);
  const head: Json = { type, code, label };
  const settings = normalizeSettings(type, given, base, path, env.report);
  if (type === "SUBTABLE") {
    return {
      ...head,
      ...settings,
      fields: tableFields(given, base, path, env),
    };
  }
  if (type === "REFERENCE_TABLE") {
    const referenceTable = normalizeReferenceTable(
      given.referenceTable,
      base?.referenceTable,
      path,
      env,
    );
    return { ...head, ...settings, referenceTable };
  }
  const lookup = given.lookup === undefined ? base?.lookup : given.lookup;
  if (!isObject(lookup)) {
    return { ...head, ...settings };
  }
  if (type !== "SINGLE_LINE_TEXT" && type !== "NUMBER") {
    env.report.add(`${path}.lookup`, texts.lookupType);
  }
  const before = isObject(base?.lookup) ? base.lookup : {};
  return {
    ...head,
    noLabel: settings.noLabel,
    required: settings.required,
    lookup:
      given.lookup === undefined
        ? lookup
        : normalizeLookup({ ...before, ...lookup }, `${path}.lookup`, env),
  };
};

const readType = (raw: Json, path: string, report: Problems): string | null => {
  if (raw.type === undefined || raw.type === null) {
    report.add(`${path}.type`, messages.requiredParam);
    return null;
  }
  return readEnum(raw.type, FIELD_TYPES, `${path}.type`, report) ?? null;
};

/** A field the request adds (at the top level, or inside a table). */
const newField = (
  key: string,
  raw: unknown,
  path: string,
  env: FieldEnv,
  inTable: boolean,
): Json | null => {
  if (!isObject(raw)) {
    env.report.add(path, texts.object);
    return null;
  }
  if (raw.code === undefined || raw.code === null) {
    env.report.add(`${path}.code`, messages.requiredParam);
  } else if (String(raw.code) !== key) {
    env.report.add(`${path}.code`, texts.codeMismatch);
  }
  claimCode(key, `${path}.code`, env);
  const type = readType(raw, path, env.report);
  if (type === null) {
    return null;
  }
  if (SYSTEM_TYPES.includes(type)) {
    env.report.add(`${path}.type`, texts.systemField);
    return null;
  }
  if (inTable && !TABLE_TYPES.includes(type)) {
    env.report.add(`${path}.type`, texts.notInTable);
    return null;
  }
  return buildField(type, key, raw, undefined, path, env);
};

/** The new code of an updated field: its key, or `code` when the caller renames it. */
const renameTo = (
  key: string,
  existing: Json,
  raw: Json,
  path: string,
  env: FieldEnv,
): string => {
  if (raw.code === undefined || raw.code === null || String(raw.code) === key) {
    return key;
  }
  const code = String(raw.code);
  if (FIXED_CODE_TYPES.includes(String(existing.type))) {
    env.report.add(`${path}.code`, texts.fixedCode);
    return key;
  }
  if (!claimCode(code, `${path}.code`, env)) {
    return key;
  }
  env.taken.delete(key);
  env.renames.push([key, code]);
  return code;
};

/** A field the request updates: same type, maybe a new code, settings over the old ones. */
const updatedField = (
  key: string,
  existing: Json,
  raw: unknown,
  path: string,
  env: FieldEnv,
): { code: string; prop: Json } => {
  if (!isObject(raw)) {
    env.report.add(path, texts.object);
    return { code: key, prop: existing };
  }
  const type = String(existing.type);
  if (raw.type !== undefined && raw.type !== type) {
    env.report.add(`${path}.type`, texts.typeChange);
  }
  const code = renameTo(key, existing, raw, path, env);
  if (!SYSTEM_TYPES.includes(type)) {
    return { code, prop: buildField(type, code, raw, existing, path, env) };
  }
  // System fields: only the label (and "hide label") can change.
  const label = readLabel(raw, existing, type, code, path, env.report);
  const only: Json = { noLabel: raw.noLabel };
  const settings = normalizeSettings(type, only, existing, path, env.report);
  return { code, prop: { type, code, label, ...settings } };
};

/** The fields of a table: new ones added, listed existing ones updated, others kept. */
const tableFields = (
  given: Json,
  base: Json | undefined,
  path: string,
  env: FieldEnv,
): Json => {
  const old = isObject(base?.fields) ? base.fields : {};
  if (given.fields === undefined && base) {
    return old;
  }
  if (!isObject(given.fields) || (!base && !Object.keys(given.fields).length)) {
    env.report.add(`${path}.fields`, messages.requiredParam);
    return old;
  }
  const updates = new Map<string, { code: string; prop: Json }>();
  const added: Json = {};
  for (const [inner, raw] of Object.entries(given.fields)) {
    const innerPath = `${path}.fields[${inner}]`;
    const current = old[inner];
    if (isObject(current)) {
      updates.set(inner, updatedField(inner, current, raw, innerPath, env));
      continue;
    }
    const prop = newField(inner, raw, innerPath, env, true);
    if (prop) {
      added[inner] = prop;
    }
  }
  return { ...replaceEntries(old as Record<string, Json>, updates), ...added };
};

/** The entries of `props`, updated ones in place (under their new codes). */
const replaceEntries = (
  props: Record<string, Json>,
  updates: Map<string, { code: string; prop: Json }>,
): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(props).map(([code, prop]) => {
      const u = updates.get(code);
      return u ? [u.code, u.prop] : [code, prop];
    }),
  );

/** Lookup mappings and related-records conditions must name fields of this app. */
const checkLocalRefs = (env: FieldEnv, props: Record<string, Json>): void => {
  for (const ref of env.localRefs) {
    if (!findField(props, ref.code)) {
      env.report.add(ref.key, texts.unknownField(ref.code));
    }
  }
};

const requiredProperties = (ctx: RequestContext): Json => {
  const given = ctx.params.properties;
  if (given === undefined || given === null || given === "") {
    throw validation({ properties: [messages.requiredParam] });
  }
  if (!isObject(given)) {
    throw validation({ properties: [texts.object] });
  }
  return given;
};

const addFields = (ctx: RequestContext, settings: AppSettings): void => {
  const given = requiredProperties(ctx);
  const env = newEnv(ctx, settings);
  const added: Record<string, Json> = {};
  for (const [key, raw] of Object.entries(given)) {
    const prop = newField(key, raw, `properties[${key}]`, env, false);
    if (prop) {
      added[key] = prop;
    }
  }
  settings.properties = { ...settings.properties, ...added };
  checkLocalRefs(env, settings.properties);
  env.report.check();
};

const updateFields = (ctx: RequestContext, settings: AppSettings): void => {
  const given = requiredProperties(ctx);
  const env = newEnv(ctx, settings);
  const updates = new Map<string, { code: string; prop: Json }>();
  for (const [key, raw] of Object.entries(given)) {
    const existing = settings.properties[key];
    if (!existing) {
      throw errors.fieldNotFound(key);
    }
    updates.set(
      key,
      updatedField(key, existing, raw, `properties[${key}]`, env),
    );
  }
  settings.properties = replaceEntries(settings.properties, updates);
  checkLocalRefs(env, settings.properties);
  env.report.check();
  for (const [from, to] of env.renames) {
    renameField(settings, from, to);
  }
};

/** Removes a field (top level or inside a table); false when there is none. */
const removeField = (settings: AppSettings, code: string): boolean => {
  if (settings.properties[code]) {
    delete settings.properties[code];
    return true;
  }
  for (const prop of Object.values(settings.properties)) {
    if (isObject(prop.fields) && prop.fields[code]) {
      delete prop.fields[code];
      return true;
    }
  }
  return false;
};

const deleteFields = (ctx: RequestContext, settings: AppSettings): void => {
  const codes = requiredArray(ctx.params, "fields");
  if (codes.length > 100) {
    throw validation({ fields: [texts.atMost(100)] });
  }
  const report = problems();
  codes.forEach((raw, i) => {
    const code = String(raw ?? "");
    const field = findField(settings.properties, code);
    if (!field) {
      throw errors.fieldNotFound(code);
    }
    if (SYSTEM_TYPES.includes(String(field.type))) {
      report.add(`fields[${i}]`, texts.systemField);
    }
  });
  report.check();
  for (const raw of codes) {
    const code = String(raw);
    if (removeField(settings, code)) {
      dropField(settings, code);
    }
  }
};

/**
 * The properties as GET shows them: STATUS and STATUS_ASSIGNEE report `enabled: true` while
 * process management is on.
 */
export const propertiesWithStatus = (
  settings: AppSettings,
): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(settings.properties).map(([code, prop]) => [
      code,
      prop.type === "STATUS" || prop.type === "STATUS_ASSIGNEE"
        ? { ...prop, enabled: settings.status.enable }
        : prop,
    ]),
  );

const API = "app/form/fields.json";

export const fieldRoutes: Route[] = [
  ...readRoutes(API, (_ctx, { settings }) => ({
    properties: propertiesWithStatus(settings),
  })),
  writeRoute("POST", API, addFields),
  writeRoute("PUT", API, updateFields),
  writeRoute("DELETE", API, deleteFields),
];
