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

/**
 * The roles a city maps to its own kintone entities, in the priority order the deploy writes
 * them (kintone applies the first app-ACL entry that names a user): `admins` is kintone's
 * built-in group Administrators, `staff` the 認定係 clerks (a group, organization or user the
 * city names at deploy time), `everyone` kintone's group of every user.
 */
export type Role = "admins" | "staff" | "everyone";

/** An app-ACL right, as kintone names it in app/acl.json. */
export type AppRight =
  | "appEditable"
  | "recordViewable"
  | "recordAddable"
  | "recordEditable"
  | "recordDeletable"
  | "recordImportable"
  | "recordExportable";

/** The app-ACL rights one role has on an app: the ones listed; every other one is false. */
export type AppRights = Partial<Record<AppRight, true>>;

/** One record-ACL condition: the records matching `filterCond`, and who may do what on them. */
export interface RecordAclSchema {
  filterCond: string;
  entities: Array<{
    role: Role;
    viewable?: true;
    editable?: true;
    deletable?: true;
  }>;
}

/**
 * Who may do what in an app, by role: the app ACL (every role given, even with no rights, so
 * that `everyone` is written with none), and the record ACL (an empty list: no condition, the
 * app ACL alone decides). Field permissions are not managed (see schemas/README.md).
 */
export interface PermissionsSchema {
  app: Record<Role, AppRights>;
  record: RecordAclSchema[];
}

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
  permissions: PermissionsSchema;
}
