/**
 * The parts of a field that point at another app: `lookup` (SINGLE_LINE_TEXT/NUMBER) and
 * REFERENCE_TABLE's `referenceTable` (docs/kintone-behaviour.md §5.2). The other app must exist
 * and be deployed; its live settings are what the lookup key and copied fields are checked
 * against (the key must be the record number or a field that prohibits duplicates).
 */
import { messages } from "../core/errors.ts";
import type { FieldEnv } from "./fieldEnv.ts";
import { getApp, listApps, type AppDoc, type Json } from "./model.ts";
import {
  isObject,
  readEnum,
  readString,
  texts,
  toIntegerString,
} from "./settingsKit.ts";

/** The deployed app `relatedApp` names by id or code, or a reported problem. */
const relatedApp = (
  raw: unknown,
  key: string,
  env: FieldEnv,
): AppDoc | undefined => {
  if (!isObject(raw)) {
    env.report.add(`${key}.app`, messages.requiredParam);
    return undefined;
  }
  const id = toIntegerString(raw.app);
  const code = typeof raw.code === "string" ? raw.code : "";
  const app =
    id !== undefined
      ? getApp(env.ctx.store, Number(id))
      : listApps(env.ctx.store).find((a) => code !== "" && a.code === code);
  if (!app || app.live === null) {
    env.report.add(`${key}.app`, texts.relatedApp);
    return undefined;
  }
  return app;
};

const relatedRef = (app: AppDoc | undefined, raw: unknown): Json => {
  if (app) {
    return { app: String(app.id), code: app.code };
  }
  const given = isObject(raw) ? raw : {};
  return { app: String(given.app ?? ""), code: String(given.code ?? "") };
};

/** A list of field codes of the related app (each must exist there). */
const relatedCodes = (
  raw: unknown,
  app: AppDoc | undefined,
  key: string,
  env: FieldEnv,
): string[] => {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    env.report.add(key, texts.array);
    return [];
  }
  return raw.map((c: unknown, i) => {
    const code = String(c);
    if (app && !app.live?.properties[code]) {
      env.report.add(`${key}[${i}]`, texts.unknownField(code));
    }
    return code;
  });
};

const fieldMappings = (
  raw: unknown,
  app: AppDoc | undefined,
  key: string,
  env: FieldEnv,
): Json[] => {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    env.report.add(key, texts.array);
    return [];
  }
  return raw.map((m: unknown, i) => {
    const mapping = isObject(m) ? m : {};
    const path = `${key}[${i}]`;
    const field = readString(mapping.field, `${path}.field`, env.report) ?? "";
    const relatedField =
      readString(mapping.relatedField, `${path}.relatedField`, env.report) ??
      "";
    env.localRefs.push({ code: field, key: `${path}.field` });
    if (app && !app.live?.properties[relatedField]) {
      env.report.add(`${path}.relatedField`, texts.unknownField(relatedField));
    }
    return { field, relatedField };
  });
};

/** `lookup` in full shape; `key` is `properties[<code>].lookup`. */
export const normalizeLookup = (
  raw: Json,
  key: string,
  env: FieldEnv,
): Json => {
  const app = relatedApp(raw.relatedApp, `${key}.relatedApp`, env);
  const keyField = readString(
    raw.relatedKeyField,
    `${key}.relatedKeyField`,
    env.report,
  );
  if (keyField === undefined) {
    env.report.add(`${key}.relatedKeyField`, messages.requiredParam);
  } else if (app) {
    const target = app.live?.properties[keyField];
    if (
      !target ||
      (target.type !== "RECORD_NUMBER" && target.unique !== true)
    ) {
      env.report.add(`${key}.relatedKeyField`, texts.relatedKey);
    }
  }
  return {
    relatedApp: relatedRef(app, raw.relatedApp),
    relatedKeyField: keyField ?? "",
    fieldMappings: fieldMappings(
      raw.fieldMappings,
      app,
      `${key}.fieldMappings`,
      env,
    ),
    lookupPickerFields: relatedCodes(
      raw.lookupPickerFields,
      app,
      `${key}.lookupPickerFields`,
      env,
    ),
    filterCond:
      readString(raw.filterCond, `${key}.filterCond`, env.report) ?? "",
    sort: readString(raw.sort, `${key}.sort`, env.report) ?? "",
  };
};

const SIZES = ["1", "3", "5", "10", "20", "30", "40", "50"];

const condition = (
  raw: unknown,
  app: AppDoc | undefined,
  key: string,
  env: FieldEnv,
): Json => {
  if (!isObject(raw)) {
    env.report.add(key, messages.requiredParam);
    return { field: "", relatedField: "" };
  }
  const field = readString(raw.field, `${key}.field`, env.report) ?? "";
  const relatedField =
    readString(raw.relatedField, `${key}.relatedField`, env.report) ?? "";
  env.localRefs.push({ code: field, key: `${key}.field` });
  if (app && !app.live?.properties[relatedField]) {
    env.report.add(`${key}.relatedField`, texts.unknownField(relatedField));
  }
  return { field, relatedField };
};

/** REFERENCE_TABLE's `referenceTable` in full shape, `given` over `base`. */
export const normalizeReferenceTable = (
  given: unknown,
  base: unknown,
  path: string,
  env: FieldEnv,
): Json => {
  const key = `${path}.referenceTable`;
  const raw: Json = {
    ...(isObject(base) ? base : {}),
    ...(isObject(given) ? given : {}),
  };
  if (!isObject(given) && !isObject(base)) {
    env.report.add(key, messages.requiredParam);
  }
  const app = relatedApp(raw.relatedApp, `${key}.relatedApp`, env);
  const size = readEnum(
    raw.size === undefined ? undefined : String(raw.size),
    SIZES,
    `${key}.size`,
    env.report,
  );
  return {
    relatedApp: relatedRef(app, raw.relatedApp),
    condition: condition(raw.condition, app, `${key}.condition`, env),
    filterCond:
      readString(raw.filterCond, `${key}.filterCond`, env.report) ?? "",
    displayFields: relatedCodes(
      raw.displayFields,
      app,
      `${key}.displayFields`,
      env,
    ),
    sort: readString(raw.sort, `${key}.sort`, env.report) ?? "",
    size: size ?? "5",
  };
};
