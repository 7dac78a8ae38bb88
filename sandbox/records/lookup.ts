/**
 * Lookups on write (§4.12): a SINGLE_LINE_TEXT/NUMBER/LINK field with a `lookup` setting finds
 * the source app's record whose `relatedKeyField` equals the key and copies `fieldMappings`
 * into the record (or into the same table row). A key with no match → 400 GAIA_LO04; an empty
 * key clears the targets. Values sent for mapping targets are ignored. Rights on the source
 * app are not checked.
 */
import { errors } from "../core/errors.ts";
import type { RecordData } from "../core/store.ts";
import { getApp, listApps, type AppSettings } from "../apps/model.ts";
import {
  conform,
  emptyValue,
  findByValue,
  isEmptyValue,
  schemaOf,
  type FieldDef,
  type Schema,
} from "./model.ts";
import type { Writer } from "./values.ts";

interface LookupSetting {
  relatedApp?: { app?: unknown; code?: unknown };
  relatedKeyField?: unknown;
  fieldMappings?: Array<{ field?: unknown; relatedField?: unknown }>;
}

const settingOf = (def: FieldDef): LookupSetting | null => {
  const l = def.prop.lookup;
  return typeof l === "object" && l !== null ? (l as LookupSetting) : null;
};

export const isLookup = (def: FieldDef): boolean => settingOf(def) !== null;

/** The codes lookups of these fields write into (ignored when sent). */
export const lookupTargets = (defs: readonly FieldDef[]): Set<string> =>
  new Set(
    defs.flatMap((def) =>
      (settingOf(def)?.fieldMappings ?? []).map((m) => String(m.field ?? "")),
    ),
  );

const sourceSchema = (w: Writer, setting: LookupSetting): Schema | null => {
  const id = Number(setting.relatedApp?.app ?? NaN);
  const code = String(setting.relatedApp?.code ?? "");
  const app = Number.isInteger(id)
    ? getApp(w.ctx.store, id)
    : listApps(w.ctx.store).find((a) => code !== "" && a.code === code);
  return app?.live ? schemaOf(app, app.live as AppSettings) : null;
};

const findSource = (
  w: Writer,
  source: Schema,
  keyField: string,
  key: unknown,
): RecordData | null => {
  const def = source.byCode.get(keyField);
  if (!def) {
    return null;
  }
  if (def.type === "RECORD_NUMBER") {
    const m = /(\d+)$/.exec(String(key));
    const r = m ? w.ctx.store.getRecord(source.appId, Number(m[1])) : undefined;
    return r ? conform(source, r) : null;
  }
  const [first] = findByValue(w.ctx.store, source.appId, def, key);
  return first ? conform(source, first) : null;
};

/** A source value in the shape of the target field's type. */
const converted = (value: unknown, sourceType: string, targetType: string) => {
  if (value === undefined) {
    return emptyValue(targetType);
  }
  if (sourceType === "RECORD_NUMBER" && targetType === "NUMBER") {
    return /(\d+)$/.exec(String(value))?.[1] ?? "";
  }
  return structuredClone(value);
};

/**
 * Runs the lookup of `def` whose key is in `container` (the record, or a row's `value`),
 * writing the mapped values into the same container.
 */
export const applyLookup = (
  w: Writer,
  def: FieldDef,
  container: RecordData,
): void => {
  const setting = settingOf(def);
  if (!setting) {
    return;
  }
  const key = container[def.code]?.value;
  const mappings = (setting.fieldMappings ?? []).map((m) => ({
    field: String(m.field ?? ""),
    related: String(m.relatedField ?? ""),
  }));
  if (isEmptyValue(key)) {
    for (const m of mappings) {
      const target = container[m.field];
      if (target) {
        container[m.field] = {
          type: target.type,
          value: emptyValue(target.type),
        };
      }
    }
    return;
  }
  const source = sourceSchema(w, setting);
  const found = source
    ? findSource(w, source, String(setting.relatedKeyField ?? ""), key)
    : null;
  if (!source || !found) {
    throw errors.lookupMissing(String(key), def.code);
  }
  for (const m of mappings) {
    const target = container[m.field];
    if (target) {
      const from = found[m.related];
      container[m.field] = {
        type: target.type,
        value: converted(from?.value, from?.type ?? "", target.type),
      };
    }
  }
};
