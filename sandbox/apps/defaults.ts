/**
 * What a new app holds before anyone changes it: the system fields (codes in the creating
 * user's language, docs/kintone-behaviour.md §5.1), an empty layout, the default list view,
 * general settings, process management off, no customization, kintone's default ACL.
 */
import type { Lang } from "../core/errors.ts";
import type { AppSettings, Json } from "./model.ts";

const SYSTEM_FIELDS: ReadonlyArray<{
  type: string;
  ja: string;
  en: string;
  enabled?: boolean;
}> = [
  { type: "RECORD_NUMBER", ja: "レコード番号", en: "Record_number" },
  { type: "CREATOR", ja: "作成者", en: "Created_by" },
  { type: "CREATED_TIME", ja: "作成日時", en: "Created_datetime" },
  { type: "MODIFIER", ja: "更新者", en: "Updated_by" },
  { type: "UPDATED_TIME", ja: "更新日時", en: "Updated_datetime" },
  { type: "CATEGORY", ja: "カテゴリー", en: "Categories", enabled: false },
  { type: "STATUS", ja: "ステータス", en: "Status", enabled: false },
  { type: "STATUS_ASSIGNEE", ja: "作業者", en: "Assignee", enabled: false },
];

export const systemFieldProperties = (lang: Lang): Record<string, Json> =>
  Object.fromEntries(
    SYSTEM_FIELDS.map((f) => {
      const code = f[lang];
      const base: Json = { type: f.type, code, label: code };
      return [
        code,
        f.enabled === undefined
          ? { ...base, noLabel: false }
          : { ...base, enabled: f.enabled },
      ];
    }),
  );

export const defaultSettings = (name: string, lang: Lang): AppSettings => ({
  properties: systemFieldProperties(lang),
  layout: [],
  views: {},
  general: {
    name,
    description: "",
    icon: { type: "PRESET", key: "APP72" },
    theme: "WHITE",
    titleField: { selectionMode: "AUTO", code: "" },
    enableThumbnails: true,
    enableBulkDeletion: false,
    enableComments: true,
    enableDuplicateRecord: true,
    enableInlineRecordEditing: true,
    numberPrecision: {
      digits: "16",
      decimalPlaces: "4",
      roundingMode: "HALF_EVEN",
    },
    firstMonthOfFiscalYear: "4",
  },
  status: { enable: false, states: null, actions: null },
  customize: {
    scope: "ALL",
    desktop: { js: [], css: [] },
    mobile: { js: [], css: [] },
  },
  acl: [
    {
      entity: { type: "CREATOR", code: null },
      includeSubs: false,
      appEditable: true,
      recordViewable: true,
      recordAddable: true,
      recordEditable: true,
      recordDeletable: true,
      recordImportable: true,
      recordExportable: true,
    },
    {
      entity: { type: "GROUP", code: "everyone" },
      includeSubs: false,
      appEditable: false,
      recordViewable: true,
      recordAddable: true,
      recordEditable: true,
      recordDeletable: true,
      recordImportable: false,
      recordExportable: false,
    },
  ],
  recordAcl: [],
  fieldAcl: [],
  plugins: [],
  other: {},
});
