/**
 * What every app-settings API shares (docs/kintone-behaviour.md §7.0): a live GET and a preview
 * GET of the same shape (live needs a deployed app, GAIA_AP01 otherwise), writes to the preview
 * settings only through `updatePreview` (revision check, GAIA_CO03, one counter per app), and
 * CB_VA01 problems collected per request so one answer names every bad key.
 */
import type { RequestContext, Route, TokenRight } from "../core/context.ts";
import { messages, t, validation, type LocalizedText } from "../core/errors.ts";
import { optionalRevision, requiredId } from "../core/params.ts";
import {
  requireApp,
  updatePreview,
  type AppDoc,
  type AppSettings,
  type Json,
} from "./model.ts";

/** CB_VA01 `errors`, gathered while a request is checked. */
export interface Problems {
  readonly map: Record<string, LocalizedText[]>;
  add: (key: string, text: LocalizedText) => void;
  /** Throws CB_VA01 when anything was added. */
  check: () => void;
}

export const problems = (): Problems => {
  const map: Record<string, LocalizedText[]> = {};
  return {
    map,
    add: (key, text) => {
      const list = map[key] ?? [];
      list.push(text);
      map[key] = list;
    },
    check: () => {
      if (Object.keys(map).length > 0) {
        throw validation(map);
      }
    },
  };
};

/** Texts of the settings APIs' CB_VA01 entries that the core catalogue does not have. */
export const texts = {
  boolean: t("true または false を指定してください。", "must be true or false"),
  string: t("文字列を指定してください。", "must be a string"),
  object: t("オブジェクトを指定してください。", "must be an object"),
  array: t("配列を指定してください。", "must be an array"),
  atMost: (n: number) =>
    t(`${n}件以下で指定してください。`, `must have at most ${n} items`),
  between: (min: number, max: number) =>
    t(
      `${min}から${max}までの値を指定してください。`,
      `must be between ${min} and ${max}`,
    ),
  fieldCodeChars: t(
    "フィールドコードに使用できる記号は「_」（半角アンダースコア）だけです。",
    'Only "_" can be used as a symbol in field codes.',
  ),
  fieldCodeDigit: t(
    "フィールドコードの先頭に数字は使用できません。",
    "Field codes cannot start with a number.",
  ),
  fieldCodeDuplicate: (code: string) =>
    t(
      `フィールドコード「${code}」が重複しています。`,
      `The field code "${code}" is used by another field.`,
    ),
  codeMismatch: t(
    "フィールドコードとプロパティのキーが一致しません。",
    "The field code must be the same as its property key.",
  ),
  duplicateName: (name: string) =>
    t(`「${name}」が重複しています。`, `"${name}" is used more than once.`),
  nameMismatch: t(
    "名前とキーが一致しません。",
    "The name must be the same as its key.",
  ),
  systemField: t(
    "このフィールドは追加や削除ができません。",
    "This field cannot be added or deleted.",
  ),
  fixedCode: t(
    "このフィールドのフィールドコードは変更できません。",
    "The field code of this field cannot be changed.",
  ),
  typeChange: t(
    "フィールドタイプは変更できません。",
    "The field type cannot be changed.",
  ),
  notInTable: t(
    "テーブルに配置できないフィールドタイプです。",
    "This field type cannot be placed in a table.",
  ),
  lookupType: t(
    "ルックアップは文字列（1行）または数値のフィールドだけで設定できます。",
    "Lookups can only be set on SINGLE_LINE_TEXT or NUMBER fields.",
  ),
  relatedApp: t(
    "参照先のアプリが見つからないか、まだ運用環境に反映されていません。",
    "The related app does not exist or has not been deployed.",
  ),
  relatedKey: t(
    "コピー元のフィールドには、レコード番号または値の重複を禁止したフィールドを指定してください。",
    "The key field must be the record number or a field that prohibits duplicate values.",
  ),
  unknownField: (code: string) =>
    t(
      `フィールド「${code}」が見つかりません。`,
      `The field "${code}" does not exist.`,
    ),
  placedTwice: (code: string) =>
    t(
      `フィールド「${code}」が複数回配置されています。`,
      `The field "${code}" is placed more than once.`,
    ),
  unknownState: (name: string) =>
    t(
      `ステータス「${name}」が見つかりません。`,
      `The status "${name}" does not exist.`,
    ),
  duplicateState: t(
    "ステータス名が重複しています。",
    "Status names must be unique.",
  ),
  firstStateAssignee: t(
    "最初のステータスの作業者には、作成者だけを設定できます。",
    "The first status can only be assigned to the record creator.",
  ),
  https: t(
    "https:// で始まるURLを指定してください。",
    "Enter a URL that starts with https://.",
  ),
};

export const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A boolean as kintone accepts it (`true`, `"true"`…), or undefined when it is not one. */
export const toBoolean = (v: unknown): boolean | undefined => {
  if (v === true || v === "true") {
    return true;
  }
  if (v === false || v === "false") {
    return false;
  }
  return undefined;
};

/** An integer as number or string, as a string; undefined when it is not one. */
export const toIntegerString = (v: unknown): string | undefined => {
  if (typeof v === "number" && Number.isInteger(v)) {
    return String(v);
  }
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) {
    return String(Number(v.trim()));
  }
  return undefined;
};

/** Reads a boolean, reporting a bad value under `key`; absent → undefined. */
export const readBoolean = (
  raw: unknown,
  key: string,
  report: Problems,
): boolean | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const b = toBoolean(raw);
  if (b === undefined) {
    report.add(key, texts.boolean);
  }
  return b;
};

/** Reads one of `values`, reporting anything else under `key`; absent → undefined. */
export const readEnum = (
  raw: unknown,
  values: readonly string[],
  key: string,
  report: Problems,
): string | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (typeof raw === "string" && values.includes(raw)) {
    return raw;
  }
  report.add(key, messages.enumValue);
  return undefined;
};

/** Reads a string (numbers become strings), reporting anything else; absent → undefined. */
export const readString = (
  raw: unknown,
  key: string,
  report: Problems,
): string | undefined => {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (typeof raw === "string" || typeof raw === "number") {
    return String(raw);
  }
  report.add(key, texts.string);
  return undefined;
};

const LANGS = ["default", "user", "ja", "en", "zh"];

/** Live reads need a deployed app; preview reads see the pre-live settings. */
export interface SettingsView {
  app: AppDoc;
  settings: AppSettings;
  preview: boolean;
}

const readHandler =
  (read: (ctx: RequestContext, view: SettingsView) => Json) =>
  (ctx: RequestContext): Json => {
    const report = problems();
    readEnum(ctx.params.lang, LANGS, "lang", report);
    report.check();
    const preview = ctx.api.startsWith("preview/");
    const app = requireApp(
      ctx.store,
      requiredId(ctx.params, "app"),
      preview ? "preview" : "live",
    );
    const settings = preview || app.live === null ? app.preview : app.live;
    return {
      ...read(ctx, { app, settings, preview }),
      revision: String(app.revision),
    };
  };

/**
 * What reading an app's live settings needs, by kintone's documentation of each GET (e.g. "Get
 * Form Fields", "Get General Settings", "Get Process Management Settings"): record view, record
 * add or app management — an add-only token reads the form it adds to (the official CLI's
 * import does). The permission settings themselves need app management (LIVE_MANAGE).
 */
export const LIVE_READ: readonly TokenRight[] = ["view", "add", "manage"];
export const LIVE_MANAGE: readonly TokenRight[] = ["manage"];

/**
 * The live GET (`api`) and the preview GET (`preview/<api>`). Live reads need `live` (default
 * LIVE_READ), preview reads app management; the same for tokens and password users, unless
 * kintone refuses tokens here (`tokens: false`).
 */
export const readRoutes = (
  api: string,
  read: (ctx: RequestContext, view: SettingsView) => Json,
  tokens = true,
  live: readonly TokenRight[] = LIVE_READ,
): Route[] => [
  {
    method: "GET",
    api,
    token: tokens ? live : null,
    right: live,
    handler: readHandler(read),
  },
  {
    method: "GET",
    api: `preview/${api}`,
    token: tokens ? "manage" : null,
    right: "manage",
    handler: readHandler(read),
  },
];

/**
 * A write to the preview settings: `apply` changes (a copy of) them and may return more of the
 * response; the answer carries the new revision as `{revision: "<n>"}`.
 */
export const writeRoute = (
  method: "POST" | "PUT" | "DELETE",
  api: string,
  apply: (
    ctx: RequestContext,
    settings: AppSettings,
    app: AppDoc,
  ) => Json | void,
  token: TokenRight | null = "manage",
): Route => ({
  method,
  api: `preview/${api}`,
  token,
  right: "manage",
  handler: (ctx) => {
    const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
    const expected = optionalRevision(ctx.params);
    const out: { extra?: Json } = {};
    const result = updatePreview(ctx, app, expected, (settings) => {
      const extra = apply(ctx, settings, app);
      if (extra) {
        out.extra = extra;
      }
    });
    return { ...out.extra, ...result };
  },
});

/** The codes of every field, those inside tables included. */
export const allFieldCodes = (
  properties: Record<string, Json>,
): Set<string> => {
  const codes = new Set<string>();
  for (const [code, prop] of Object.entries(properties)) {
    codes.add(code);
    if (isObject(prop.fields)) {
      for (const inner of Object.keys(prop.fields)) {
        codes.add(inner);
      }
    }
  }
  return codes;
};

/** A field by code, at the top level or inside a table. */
export const findField = (
  properties: Record<string, Json>,
  code: string,
): Json | undefined => {
  const top = properties[code];
  if (top) {
    return top;
  }
  for (const prop of Object.values(properties)) {
    if (isObject(prop.fields) && isObject(prop.fields[code])) {
      return prop.fields[code];
    }
  }
  return undefined;
};

/** The code of the (first) field of a type, e.g. the app's RECORD_NUMBER field. */
export const codeOfType = (
  properties: Record<string, Json>,
  type: string,
): string | undefined =>
  Object.values(properties).find((p) => p.type === type)?.code as
    string | undefined;
