/**
 * The kintone apps as typed code. A schema says what an app must hold — fields, layout, views,
 * process management, general settings and the API-token rights each consumer needs — in
 * kintone's own REST shapes, so the deploy tool can compare and send them as they are. Only the
 * keys given are managed; kintone's defaults fill the rest.
 */

/** The stable codes by which the deploy tool finds the apps in any kintone. */
export type AppCode =
  "offices" | "registration" | "consent" | "progress" | "accessLog";

/** Every app code, in the order the README and the portal's settings list them. */
export const appCodes: readonly AppCode[] = [
  "progress",
  "registration",
  "offices",
  "consent",
  "accessLog",
];

/** A field as the form-fields API takes it (`type`, `code`, `label` and the settings that matter). */
export interface FieldSchema {
  type: string;
  code: string;
  label: string;
  noLabel?: boolean;
  required?: boolean;
  unique?: boolean;
  minLength?: string;
  maxLength?: string;
  minValue?: string;
  maxValue?: string;
  defaultValue?: string | string[];
  defaultNowValue?: boolean;
  digit?: boolean;
  displayScale?: string;
  options?: Record<string, { label: string; index: string }>;
  align?: "HORIZONTAL" | "VERTICAL";
  protocol?: "WEB" | "CALL" | "MAIL";
  /** GROUP: shown open when a record is opened. */
  openGroup?: boolean;
  /** A lookup: `relatedApp.code` names another schema's app; deploy turns it into the app id. */
  lookup?: {
    relatedApp: { code: AppCode };
    relatedKeyField: string;
    fieldMappings: Array<{ field: string; relatedField: string }>;
    lookupPickerFields: string[];
    filterCond?: string;
    sort?: string;
  };
}

/** kintone's system fields, renamed from their language-dependent default codes. */
export type SystemFieldType =
  "RECORD_NUMBER" | "CREATOR" | "CREATED_TIME" | "MODIFIER" | "UPDATED_TIME";

export interface LayoutField {
  type: string;
  code?: string;
  label?: string;
  elementId?: string;
}

export type LayoutRowSchema = { type: "ROW"; fields: LayoutField[] };

export type LayoutSchema =
  | LayoutRowSchema
  | { type: "GROUP"; code: string; layout: LayoutRowSchema[] }
  | { type: "SUBTABLE"; code: string; fields: LayoutField[] };

export interface ViewSchema {
  type: "LIST";
  index: number;
  name: string;
  fields: string[];
  filterCond: string;
  sort: string;
}

export interface ProcessSchema {
  enable: true;
  /** States in order; the first is where a new record starts. */
  states: string[];
  actions: Array<{
    name: string;
    from: string;
    to: string;
    filterCond?: string;
  }>;
}

/** An API token right, as kintone names them in the token settings. */
export type TokenRight = "view" | "add" | "edit" | "delete" | "manage";

/** The rights an API token of one consumer needs on one app. */
export type TokenRights = Partial<Record<TokenRight, true>>;

/**
 * Who calls kintone with API tokens: the public portal, the portal's registration form (a token
 * of its own that can only add applications), and the operator scripts.
 */
export type Consumer = "portal" | "signup" | "scripts";

export interface AppSchema {
  code: AppCode;
  name: string;
  description: string;
  icon: { type: "PRESET"; key: string };
  theme: "WHITE" | "RED" | "BLUE" | "GREEN" | "YELLOW" | "BLACK";
  /** The field codes to give kintone's system fields. */
  systemFields: Record<SystemFieldType, string>;
  fields: Record<string, FieldSchema>;
  layout: LayoutSchema[];
  views: Record<string, ViewSchema>;
  process?: ProcessSchema;
  tokens: Partial<Record<Consumer, TokenRights>>;
}
