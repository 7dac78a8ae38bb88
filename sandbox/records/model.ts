/**
 * Records as the sandbox keeps them: the full REST record object (`$id`, `$revision`, every
 * value-bearing field of the app's live form, system fields under their codes), so a read is
 * a lookup. This module knows the app's live fields (a "schema"), the empty value of each type,
 * the canonical index keys shared by searches, unique checks, updateKey and lookups, and how a
 * stored record is brought in line with fields added or removed since it was written.
 */
import type { RequestContext } from "../core/context.ts";
import { errors } from "../core/errors.ts";
import type {
  Indexer,
  RecordData,
  StoredRecord,
  Store,
} from "../core/store.ts";
import { SYSTEM_TYPES as SYSTEM_FIELD_TYPES } from "../apps/fieldProps.ts";
import { requireApp, type AppDoc, type AppSettings } from "../apps/model.ts";
import { formatDecimal, parseDecimal } from "../query/index.ts";
import type { FieldProperties } from "../query/index.ts";

export type Json = Record<string, unknown>;

export interface FieldDef {
  code: string;
  type: string;
  prop: Json;
  /** SUBTABLE: the fields of a row. */
  inner?: FieldDef[];
}

export interface Schema {
  appId: number;
  app: AppDoc;
  settings: AppSettings;
  /** Every value-bearing top-level field, system fields included, in the form's order. */
  fields: FieldDef[];
  byCode: Map<string, FieldDef>;
  /** The code of each system field present: type → code. */
  system: Map<string, string>;
  statusOn: boolean;
}

/** Layout-only fields and related records: never part of a record (§4.1). */
const VALUE_LESS = new Set([
  "LABEL",
  "SPACER",
  "HR",
  "GROUP",
  "REFERENCE_TABLE",
]);

/** The system field types (sandbox/apps/fieldProps.ts), as a set for the record paths. */
export const SYSTEM_TYPES: ReadonlySet<string> = new Set(SYSTEM_FIELD_TYPES);

const LIST_TYPES = new Set([
  "CHECK_BOX",
  "MULTI_SELECT",
  "USER_SELECT",
  "ORGANIZATION_SELECT",
  "GROUP_SELECT",
  "FILE",
  "SUBTABLE",
  "CATEGORY",
  "STATUS_ASSIGNEE",
]);

const NULL_TYPES = new Set(["DATE", "TIME", "DROP_DOWN", "RADIO_BUTTON"]);

export const ENTITY_TYPES = new Set([
  "USER_SELECT",
  "ORGANIZATION_SELECT",
  "GROUP_SELECT",
]);

/** What a field holds when nothing was entered (§5.1). */
export const emptyValue = (type: string): unknown => {
  if (LIST_TYPES.has(type)) {
    return [];
  }
  return NULL_TYPES.has(type) ? null : "";
};

export const isEmptyValue = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const fieldDefs = (properties: Record<string, Json>): FieldDef[] =>
  Object.entries(properties).flatMap(([code, prop]) => {
    const type = String(prop.type ?? "");
    if (VALUE_LESS.has(type) || type === "") {
      return [];
    }
    const def: FieldDef = { code, type, prop };
    if (type === "SUBTABLE") {
      def.inner = fieldDefs(
        isObject(prop.fields) ? (prop.fields as Record<string, Json>) : {},
      );
    }
    return [def];
  });

const present = (def: FieldDef, statusOn: boolean): boolean => {
  if (def.type === "STATUS" || def.type === "STATUS_ASSIGNEE") {
    return statusOn;
  }
  return def.type !== "CATEGORY" || def.prop.enabled === true;
};

export const schemaOf = (app: AppDoc, settings: AppSettings): Schema => {
  const statusOn = settings.status.enable === true;
  const fields = fieldDefs(settings.properties).filter((f) =>
    present(f, statusOn),
  );
  const system = new Map<string, string>();
  for (const f of fields) {
    if (SYSTEM_TYPES.has(f.type)) {
      system.set(f.type, f.code);
    }
  }
  return {
    appId: app.id,
    app,
    settings,
    fields,
    byCode: new Map(fields.map((f) => [f.code, f])),
    system,
    statusOn,
  };
};

/**
 * The live app a record API names, or 404 GAIA_AP01 (also for never-deployed apps). On a
 * guest-space path, an app outside that space is refused with CB_NO02 (§11).
 */
export const liveSchema = (ctx: RequestContext, appId: number): Schema => {
  const app = requireApp(ctx.store, appId, "live");
  if (ctx.guestSpaceId !== null && app.spaceId !== String(ctx.guestSpaceId)) {
    throw errors.noPrivilege();
  }
  return schemaOf(app, app.live as AppSettings);
};

/** The form `properties` the query library compiles against, STATUS enabled as the app is. */
export const queryProperties = (schema: Schema): FieldProperties => {
  const out: Record<string, Json> = {};
  for (const [code, prop] of Object.entries(schema.settings.properties)) {
    const type = String(prop.type ?? "");
    out[code] =
      type === "STATUS" || type === "STATUS_ASSIGNEE"
        ? { ...prop, enabled: schema.statusOn }
        : prop;
  }
  return out as unknown as FieldProperties;
};

export const requireRecord = (
  store: Store,
  appId: number,
  id: number,
): StoredRecord => {
  const r = store.getRecord(appId, id);
  if (!r) {
    throw errors.recordNotFound(id);
  }
  return r;
};

/** 409 GAIA_CO02 when a revision was given and the record has moved on. */
export const checkRevision = (
  record: StoredRecord,
  expected: number | undefined,
): void => {
  if (expected !== undefined && expected !== record.revision) {
    throw errors.recordRevision();
  }
};

export const recordNumber = (schema: Schema, id: number): string =>
  schema.app.code ? `${schema.app.code}-${id}` : String(id);

/** The lowest-index state: where new records start (§7.7). */
export const initialState = (schema: Schema): string => {
  const states = Object.values(schema.settings.status.states ?? {}) as Json[];
  const first = [...states].sort(
    (a, b) => Number(a.index ?? 0) - Number(b.index ?? 0),
  )[0];
  return first ? String(first.name ?? "") : "";
};

/** A value for a field the stored record lacks (added to the form after it was written). */
const fillValue = (
  schema: Schema,
  def: FieldDef,
  record: StoredRecord,
): unknown => {
  if (def.type === "RECORD_NUMBER") {
    return recordNumber(schema, record.id);
  }
  if (def.type === "STATUS") {
    return initialState(schema);
  }
  return emptyValue(def.type);
};

/**
 * The record as GET returns it under the app's current live form. Records written under the
 * same form come back as stored (no copy); otherwise removed fields are dropped and new ones
 * appear empty. Rows of tables are returned as stored.
 */
export const conform = (schema: Schema, record: StoredRecord): RecordData => {
  const data = record.data;
  let same = Object.keys(data).length === schema.fields.length + 2;
  for (const f of schema.fields) {
    if (!same) {
      break;
    }
    same = data[f.code]?.type === f.type;
  }
  if (same) {
    return data;
  }
  const out: RecordData = {};
  for (const f of schema.fields) {
    const v = data[f.code];
    out[f.code] =
      v?.type === f.type
        ? v
        : { type: f.type, value: fillValue(schema, f, record) };
  }
  out.$id = { type: "__ID__", value: String(record.id) };
  out.$revision = { type: "__REVISION__", value: String(record.revision) };
  return out;
};

const entityCodes = (value: unknown): string[] => {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) =>
    isObject(item) && typeof item.code === "string" && item.code !== ""
      ? [item.code]
      : [],
  );
};

/**
 * The canonical index keys of a value: what searches (indexPlan), unique checks, updateKey
 * and lookups compare. NUMBER/CALC values are canonical decimals, lists give one key per item,
 * user-like fields their codes; empty values give none.
 */
export const indexKeys = (type: string, value: unknown): string[] => {
  if (value === null || value === undefined) {
    return [];
  }
  switch (type) {
    case "NUMBER":
    case "CALC": {
      const d = parseDecimal(String(value));
      return d ? [formatDecimal(d)] : [];
    }
    case "CHECK_BOX":
    case "MULTI_SELECT":
    case "CATEGORY":
      return Array.isArray(value)
        ? value.filter((v): v is string => typeof v === "string" && v !== "")
        : [];
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
    case "CREATOR":
    case "MODIFIER":
    case "STATUS_ASSIGNEE":
      return entityCodes(value);
    default: {
      if (typeof value !== "string" && typeof value !== "number") {
        return [];
      }
      const text = String(value);
      return text === "" ? [] : [text];
    }
  }
};

const indexers = new Map<string, Indexer>();

/** One indexer per (field, type), so the store's index for a field always gets the same one. */
export const indexerFor = (code: string, type: string): Indexer => {
  const name = `${type}\u0000${code}`;
  let indexer = indexers.get(name);
  if (!indexer) {
    indexer = (r: StoredRecord) => indexKeys(type, r.data[code]?.value);
    indexers.set(name, indexer);
  }
  return indexer;
};

/** Records whose `def` field has the value `value` (canonical comparison), ascending id. */
export const findByValue = (
  store: Store,
  appId: number,
  def: FieldDef,
  value: unknown,
): StoredRecord[] => {
  const keys = indexKeys(def.type, value);
  if (keys.length === 0) {
    return [];
  }
  const ids = store.lookup(
    appId,
    def.code,
    keys,
    indexerFor(def.code, def.type),
  );
  return [...ids]
    .sort((a, b) => a - b)
    .flatMap((id) => {
      const r = store.getRecord(appId, id);
      return r ? [r] : [];
    });
};

/** The highest record id ever given in the app (ids are never reused). */
export const maxRecordId = (store: Store, appId: number): number =>
  store.getDoc<number>("sequence", `record:${appId}`) ?? 0;

export const nextRecordId = (store: Store, appId: number): number =>
  store.nextSequence(`record:${appId}`);

/** A user as records show one: the acting user's display name, otherwise the code itself. */
export const userEntity = (
  ctx: RequestContext,
  code: string,
): { code: string; name: string } =>
  code === ctx.user.code ? { ...ctx.user } : { code, name: code };
