/**
 * General settings — `(preview/)app/settings.json` GET, preview PUT (docs/kintone-behaviour.md
 * §7.8). A PUT changes the top-level keys it names and leaves the others (within
 * `numberPrecision`, the sub-keys it names). Numbers are answered as strings; an icon file is
 * stored like a customization file and answered with its metadata.
 */
import type { RequestContext, Route } from "../core/context.ts";
import { messages } from "../core/errors.ts";
import { storeFile } from "../files/files.ts";
import { appNameTooLong, type AppSettings, type Json } from "./model.ts";
import {
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

const THEMES = [
  "WHITE",
  "RED",
  "GREEN",
  "BLUE",
  "YELLOW",
  "BLACK",
  "CLIPBOARD",
  "BINDER",
  "PENCIL",
  "CLIPS",
];
const FLAGS = [
  "enableThumbnails",
  "enableBulkDeletion",
  "enableComments",
  "enableDuplicateRecord",
  "enableInlineRecordEditing",
];

const readInteger = (
  raw: unknown,
  min: number,
  max: number,
  key: string,
  report: Problems,
): string | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const n = toIntegerString(raw);
  if (n === undefined || Number(n) < min || Number(n) > max) {
    report.add(key, texts.between(min, max));
    return undefined;
  }
  return n;
};

const readIcon = (
  ctx: RequestContext,
  raw: unknown,
  report: Problems,
): Json | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const icon = isObject(raw) ? raw : {};
  const type = readEnum(icon.type, ["PRESET", "FILE"], "icon.type", report);
  if (type === "PRESET") {
    const key = readString(icon.key, "icon.key", report);
    if (!key) {
      report.add("icon.key", messages.requiredParam);
    }
    return { type, key: key ?? "" };
  }
  if (type === "FILE") {
    const file = isObject(icon.file) ? icon.file : {};
    const key = readString(file.fileKey, "icon.file.fileKey", report);
    if (!key) {
      report.add("icon.file.fileKey", messages.requiredParam);
      return undefined;
    }
    return { type, file: storeFile(ctx, key) };
  }
  if (icon.type === undefined) {
    report.add("icon.type", messages.requiredParam);
  }
  return undefined;
};

const readTitleField = (
  raw: unknown,
  settings: AppSettings,
  report: Problems,
): Json | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const title = isObject(raw) ? raw : {};
  const mode = readEnum(
    title.selectionMode,
    ["AUTO", "MANUAL"],
    "titleField.selectionMode",
    report,
  );
  if (mode !== "MANUAL") {
    return { selectionMode: mode ?? "AUTO", code: "" };
  }
  const code = readString(title.code, "titleField.code", report) ?? "";
  if (!findField(settings.properties, code)) {
    report.add("titleField.code", texts.unknownField(code));
  }
  return { selectionMode: mode, code };
};

const readPrecision = (
  raw: unknown,
  current: unknown,
  report: Problems,
): Json | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const p = isObject(raw) ? raw : {};
  const before = isObject(current) ? current : {};
  const key = "numberPrecision";
  return {
    digits:
      readInteger(p.digits, 1, 30, `${key}.digits`, report) ?? before.digits,
    decimalPlaces:
      readInteger(p.decimalPlaces, 0, 10, `${key}.decimalPlaces`, report) ??
      before.decimalPlaces,
    roundingMode:
      readEnum(
        p.roundingMode,
        ["HALF_EVEN", "UP", "DOWN"],
        `${key}.roundingMode`,
        report,
      ) ?? before.roundingMode,
  };
};

const readName = (raw: unknown, report: Problems): string | undefined => {
  const name = readString(raw, "name", report);
  if (name === undefined) {
    return undefined;
  }
  if (name.trim() === "") {
    report.add("name", messages.requiredParam);
  }
  if (name.length > 64) {
    throw appNameTooLong();
  }
  return name;
};

const updateGeneral = (ctx: RequestContext, settings: AppSettings): void => {
  const p = ctx.params;
  const report = problems();
  const description = readString(p.description, "description", report);
  if (description !== undefined && description.length > 10_000) {
    report.add("description", messages.maxLength(10_000));
  }
  const changes: Json = {
    name: readName(p.name, report),
    description,
    icon: readIcon(ctx, p.icon, report),
    theme: readEnum(p.theme, THEMES, "theme", report),
    titleField: readTitleField(p.titleField, settings, report),
    numberPrecision: readPrecision(
      p.numberPrecision,
      settings.general.numberPrecision,
      report,
    ),
    firstMonthOfFiscalYear: readInteger(
      p.firstMonthOfFiscalYear,
      1,
      12,
      "firstMonthOfFiscalYear",
      report,
    ),
  };
  for (const flag of FLAGS) {
    changes[flag] = readBoolean(p[flag], flag, report);
  }
  report.check();
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) {
      settings.general[key] = value;
    }
  }
};

const API = "app/settings.json";

export const generalRoutes: Route[] = [
  ...readRoutes(API, (_ctx, { settings }) => ({ ...settings.general })),
  writeRoute("PUT", API, updateGeneral),
];
