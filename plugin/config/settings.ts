/**
 * The plugin's settings for one app: which fields of the 事業所利用登録 app it reads and writes,
 * the names of the process actions it runs, after how many idle days an account is suspended,
 * and the texts it writes. Pure (no DOM, no `kintone` global): the config screen, the desktop
 * and mobile screens and the cleanup script share it.
 *
 * kintone keeps a plugin's settings as string key/values; the plugin stores ONE value,
 * `{settings: JSON}` (`toConfig`/`fromConfig`), carrying a `version` so that settings saved by
 * an older plugin are carried forward (`migrate`).
 */
import { fieldLabels } from "../../domain/fields.ts";
import { IDLE_SUSPENSION_REASON } from "../../domain/idle.ts";

/** The key of kintone's plugin config under which the settings' JSON is stored. */
export const CONFIG_KEY = "settings";

export const SETTINGS_VERSION = 2;

/** The settings that name a field of the app. */
export const fieldSettings = [
  "email",
  "officeNo",
  "staffNameKana",
  "lastLoginAt",
  "suspendedAt",
  "suspensionReason",
  "reviewer",
  "reviewedAt",
  "returnReason",
] as const;
export type FieldSetting = (typeof fieldSettings)[number];

/** The settings that name a process action. */
export const actionSettings = [
  "start",
  "approve",
  "return",
  "reject",
  "suspend",
] as const;
export type ActionSetting = (typeof actionSettings)[number];

export type FieldMapping = Record<FieldSetting, string>;
export type ActionNames = Record<ActionSetting, string>;

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** Field codes of the app, per setting. */
  fields: FieldMapping;
  /** Process management action names, per step. */
  actions: ActionNames;
  idle: {
    /** An active account with no login for this many days is suspended. */
    days: number;
  };
  texts: {
    /** The 利用停止理由 written when an idle account is suspended. */
    suspensionReason: string;
  };
}

/** The settings as version 1 of the plugin saved them: no texts, idle days a string. */
export interface SettingsV1 {
  version: 1;
  fields: FieldMapping;
  actions: ActionNames;
  idleDays: string;
}

/** The kintone field type each setting must name. */
export const fieldTypes: Record<FieldSetting, string> = {
  email: "SINGLE_LINE_TEXT",
  officeNo: "SINGLE_LINE_TEXT",
  staffNameKana: "SINGLE_LINE_TEXT",
  lastLoginAt: "DATETIME",
  suspendedAt: "DATETIME",
  suspensionReason: "MULTI_LINE_TEXT",
  reviewer: "SINGLE_LINE_TEXT",
  reviewedAt: "DATETIME",
  returnReason: "MULTI_LINE_TEXT",
};

/** What a city employee calls each field setting (the app's own labels). */
export const fieldSettingLabels: Record<FieldSetting, string> = {
  email: fieldLabels.email,
  officeNo: fieldLabels.officeNo,
  staffNameKana: "担当者氏名",
  lastLoginAt: fieldLabels.lastLoginAt,
  suspendedAt: fieldLabels.suspendedAt,
  suspensionReason: fieldLabels.suspensionReason,
  reviewer: fieldLabels.reviewer,
  reviewedAt: fieldLabels.reviewedAt,
  returnReason: fieldLabels.returnReason,
};

export const actionSettingLabels: Record<ActionSetting, string> = {
  start: "審査開始",
  approve: "承認",
  return: "差戻し",
  reject: "却下",
  suspend: "利用停止",
};

const typeNames: Record<string, string> = {
  SINGLE_LINE_TEXT: "文字列（1行）",
  MULTI_LINE_TEXT: "文字列（複数行）",
  DATETIME: "日時",
};

export const DEFAULT_IDLE_DAYS = 60;
export const MIN_IDLE_DAYS = 1;
export const MAX_IDLE_DAYS = 3650;

/** The settings for the app as schemas/apps/registration.ts defines it. */
export const defaultSettings = (): Settings => ({
  version: SETTINGS_VERSION,
  fields: Object.fromEntries(fieldSettings.map((s) => [s, s])) as FieldMapping,
  actions: { ...actionSettingLabels },
  idle: { days: DEFAULT_IDLE_DAYS },
  texts: { suspensionReason: IDLE_SUSPENSION_REASON },
});

/** A problem with one setting; `key` is its path (`fields.email`, `idle.days`…). */
export interface SettingsProblem {
  key: string;
  message: string;
}

export interface ParsedSettings {
  settings: Settings;
  /** Why some settings were replaced by their defaults (empty when all were read). */
  problems: SettingsProblem[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const isIdleDays = (n: number): boolean =>
  Number.isInteger(n) && n >= MIN_IDLE_DAYS && n <= MAX_IDLE_DAYS;

const idleDaysMessage = `未使用とみなす日数は ${MIN_IDLE_DAYS}〜${MAX_IDLE_DAYS} の整数で指定してください。`;

/** One group of string settings (fields or actions), each default kept where the value is bad. */
const readStrings = <K extends string>(
  raw: unknown,
  keys: readonly K[],
  defaults: Record<K, string>,
  group: string,
  problems: SettingsProblem[],
): Record<K, string> => {
  const source = isObject(raw) ? raw : {};
  if (!isObject(raw)) {
    problems.push({
      key: group,
      message: "保存された設定の一部を読めなかったため、既定値を使います。",
    });
  }
  const out = { ...defaults };
  for (const key of keys) {
    const value = source[key];
    if (typeof value === "string" && value.trim() !== "") {
      out[key] = value.trim();
    } else if (isObject(raw)) {
      problems.push({
        key: `${group}.${key}`,
        message: `保存された設定を読めなかったため、既定値「${defaults[key]}」を使います。`,
      });
    }
  }
  return out;
};

/** Idle days from v1's string: a whole number of days, else the default (with a problem). */
const idleDaysFromV1 = (raw: unknown, problems: SettingsProblem[]): number => {
  const text = typeof raw === "string" ? raw.trim() : "";
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (isIdleDays(n)) {
    return n;
  }
  problems.push({
    key: "idle.days",
    message: `${idleDaysMessage}既定値の ${DEFAULT_IDLE_DAYS} 日を使います。`,
  });
  return DEFAULT_IDLE_DAYS;
};

const migrateV1 = (old: Json, problems: SettingsProblem[]): Settings => {
  const d = defaultSettings();
  return {
    version: SETTINGS_VERSION,
    fields: readStrings(
      old.fields,
      fieldSettings,
      d.fields,
      "fields",
      problems,
    ),
    actions: readStrings(
      old.actions,
      actionSettings,
      d.actions,
      "actions",
      problems,
    ),
    idle: { days: idleDaysFromV1(old.idleDays, problems) },
    // Version 1 always wrote 長期間未使用: the new text starts as that.
    texts: { ...d.texts },
  };
};

const readV2 = (raw: Json, problems: SettingsProblem[]): Settings => {
  const d = defaultSettings();
  const idle = isObject(raw.idle) ? raw.idle : {};
  const texts = isObject(raw.texts) ? raw.texts : {};
  let days = d.idle.days;
  if (typeof idle.days === "number" && isIdleDays(idle.days)) {
    days = idle.days;
  } else {
    problems.push({
      key: "idle.days",
      message: `${idleDaysMessage}既定値の ${DEFAULT_IDLE_DAYS} 日を使います。`,
    });
  }
  let reason = d.texts.suspensionReason;
  if (
    typeof texts.suspensionReason === "string" &&
    texts.suspensionReason.trim() !== ""
  ) {
    reason = texts.suspensionReason.trim();
  } else {
    problems.push({
      key: "texts.suspensionReason",
      message: `利用停止理由の文言を読めなかったため、既定値「${d.texts.suspensionReason}」を使います。`,
    });
  }
  return {
    version: SETTINGS_VERSION,
    fields: readStrings(
      raw.fields,
      fieldSettings,
      d.fields,
      "fields",
      problems,
    ),
    actions: readStrings(
      raw.actions,
      actionSettings,
      d.actions,
      "actions",
      problems,
    ),
    idle: { days },
    texts: { suspensionReason: reason },
  };
};

/** Reads settings of any known version, with the problems found (never throws). */
const upgrade = (raw: unknown): ParsedSettings => {
  const problems: SettingsProblem[] = [];
  if (!isObject(raw)) {
    problems.push({
      key: "",
      message:
        "保存された設定の形式が正しくないため、既定の設定を使います。設定画面で確認して保存し直してください。",
    });
    return { settings: defaultSettings(), problems };
  }
  if (raw.version === 1) {
    return { settings: migrateV1(raw, problems), problems };
  }
  if (raw.version === SETTINGS_VERSION) {
    return { settings: readV2(raw, problems), problems };
  }
  problems.push({
    key: "version",
    message: `この版のプラグインでは読めない設定です（version: ${JSON.stringify(raw.version) ?? "なし"}）。既定の設定を使います。設定画面で確認して保存し直してください。`,
  });
  return { settings: defaultSettings(), problems };
};

/**
 * Carries settings saved by an older plugin forward to the current version (current settings
 * come back as they are, each bad value replaced by its default).
 */
export const migrate = (old: SettingsV1 | Settings): Settings =>
  upgrade(old).settings;

/**
 * The settings out of the stored JSON. Never throws: nothing saved yet gives the defaults
 * without a problem; a value that cannot be read gives the defaults for it, with a problem
 * saying so.
 */
export const parseSettings = (raw: string | undefined): ParsedSettings => {
  if (raw === undefined || raw.trim() === "") {
    return { settings: defaultSettings(), problems: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      settings: defaultSettings(),
      problems: [
        {
          key: "",
          message:
            "保存された設定を読めませんでした（JSON の形式ではありません）。既定の設定を使います。設定画面で確認して保存し直してください。",
        },
      ],
    };
  }
  return upgrade(json);
};

/** The plugin config to save with `kintone.plugin.app.setConfig`. */
export const toConfig = (settings: Settings): Record<string, string> => ({
  [CONFIG_KEY]: JSON.stringify(settings),
});

/** The settings out of `kintone.plugin.app.getConfig`'s answer. */
export const fromConfig = (
  config: Record<string, string | undefined> | null | undefined,
): ParsedSettings => parseSettings(config?.[CONFIG_KEY]);

/** What kintone's `GET /k/v1/app/form/fields.json` answers (the part read here). */
export interface AppFields {
  properties: Record<string, { type: string; label?: string; code?: string }>;
}

export interface FieldChoice {
  code: string;
  label: string;
}

/** The app's fields a setting may name (the right type), by label, for a dropdown. */
export const fieldChoices = (
  appFields: AppFields,
  kind: FieldSetting,
): FieldChoice[] =>
  Object.entries(appFields.properties)
    .filter(([, f]) => f.type === fieldTypes[kind])
    .map(([code, f]) => ({ code: f.code ?? code, label: f.label ?? code }))
    .sort(
      (a, b) =>
        a.label.localeCompare(b.label, "ja") || a.code.localeCompare(b.code),
    );

const fieldProblem = (
  setting: FieldSetting,
  code: string,
  appFields: AppFields,
): string | null => {
  const name = fieldSettingLabels[setting];
  const wanted = typeNames[fieldTypes[setting]] ?? fieldTypes[setting];
  if (code.trim() === "") {
    return `${name}のフィールドを選んでください。`;
  }
  const field = appFields.properties[code];
  if (!field) {
    return `${name}のフィールド（フィールドコード: ${code}）がアプリにありません。フィールドを選び直してください。`;
  }
  if (field.type !== fieldTypes[setting]) {
    return `${name}には${wanted}フィールドを選んでください（選ばれたフィールド: ${field.label ?? code}）。`;
  }
  return null;
};

/**
 * Checks the settings against the app's fields: each field setting must name an existing field
 * of the right type, one field per setting, and every other setting must be usable. One
 * Japanese problem per setting, in the order of the config screen.
 */
export const validateSettings = (
  settings: Settings,
  appFields: AppFields,
): SettingsProblem[] => {
  const problems: SettingsProblem[] = [];
  const used = new Map<string, FieldSetting>();
  for (const setting of fieldSettings) {
    const code = settings.fields[setting];
    const problem = fieldProblem(setting, code, appFields);
    const first = used.get(code);
    if (problem) {
      problems.push({ key: `fields.${setting}`, message: problem });
    } else if (first) {
      problems.push({
        key: `fields.${setting}`,
        message: `${fieldSettingLabels[setting]}に、${fieldSettingLabels[first]}と同じフィールドは選べません。`,
      });
    } else {
      used.set(code, setting);
    }
  }
  for (const setting of actionSettings) {
    if (settings.actions[setting].trim() === "") {
      problems.push({
        key: `actions.${setting}`,
        message: `「${actionSettingLabels[setting]}」に使うプロセス管理のアクション名を入力してください。`,
      });
    }
  }
  if (!isIdleDays(settings.idle.days)) {
    problems.push({ key: "idle.days", message: idleDaysMessage });
  }
  if (settings.texts.suspensionReason.trim() === "") {
    problems.push({
      key: "texts.suspensionReason",
      message: "利用停止理由に書く文言を入力してください。",
    });
  }
  return problems;
};
