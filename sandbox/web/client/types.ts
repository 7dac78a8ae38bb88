/** Shapes shared by the browser side of the local kintone's pages. */

/** `window.__SANDBOX_PAGE__`, written by the server's page shell (sandbox/web/README.md). */
export interface SandboxPage {
  page: "portal" | "index" | "show" | "edit" | "pluginConfig";
  mobile: boolean;
  appId: string | null;
  recordId: string | null;
  viewId: string | null;
  query: string | null;
  pluginId: string | null;
  user: LoginUser;
  requestToken: string;
  /**
   * Optional: plugin settings by plugin id, when the shell embeds them. kintone's
   * `plugin.app.getConfig` is synchronous; without this the client asks the REST API.
   */
  pluginConfigs?: Record<string, Record<string, string>>;
}

export interface LoginUser {
  id: string;
  code: string;
  name: string;
  email: string;
  url: string;
  employeeNumber: string;
  phone: string;
  mobilePhone: string;
  extensionNumber: string;
  timezone: string;
  isGuest: boolean;
  language: string;
}

/** One field of a record in kintone's record format, with the event-only properties. */
export interface RecordField {
  type?: string;
  value: unknown;
  error?: string | null;
  disabled?: boolean;
  lookup?: boolean | "CLEAR";
}

export type KRecord = Record<string, RecordField>;

export interface TableRow {
  id?: string;
  value: KRecord;
}

/** A field of `app/form/fields.json` `properties`. */
export interface FieldProperty {
  type: string;
  code: string;
  label: string;
  noLabel?: boolean;
  required?: boolean;
  defaultValue?: unknown;
  defaultNowValue?: boolean;
  options?: Record<string, { label: string; index: string }>;
  unit?: string;
  unitPosition?: "BEFORE" | "AFTER";
  fields?: Record<string, FieldProperty>;
  lookup?: {
    relatedApp: { app: string };
    relatedKeyField: string;
    fieldMappings: Array<{ field: string; relatedField: string }>;
    lookupPickerFields?: string[];
    filterCond?: string;
  };
  protocol?: string;
  align?: string;
}

export type FieldProperties = Record<string, FieldProperty>;

/** One item of a layout row. */
export interface LayoutField {
  type: string;
  code?: string;
  label?: string;
  elementId?: string;
  size?: Record<string, string>;
}

export type LayoutItem =
  | { type: "ROW"; fields: LayoutField[] }
  | { type: "SUBTABLE"; code: string; fields: LayoutField[] }
  | { type: "GROUP"; code: string; layout: LayoutItem[] };

/** The event object handlers receive. */
export interface KEvent {
  type: string;
  appId?: number;
  recordId?: string | number;
  record?: KRecord;
  error?: string | null;
  url?: string;
  [key: string]: unknown;
}
