/**
 * Building the stored form of an added or updated record: request values normalised, defaults
 * for absent fields (add only), table rows with ids and kintone's update semantics (§4.3),
 * lookups copied, CALC fields computed, system fields set, and the CB_VA01 checks run on the
 * merged record. Errors are collected in the writer; lookups and files throw at once.
 */
import { kintoneTime } from "../core/clock.ts";
import type { RecordData, StoredRecord } from "../core/store.ts";
import { computeCalcs } from "./calc.ts";
import { applyLookup, isLookup, lookupTargets } from "./lookup.ts";
import {
  SYSTEM_TYPES,
  conform,
  emptyValue,
  initialState,
  nextRecordId,
  recordNumber,
  type FieldDef,
  type Json,
} from "./model.ts";
import { assigneesFor } from "./process.ts";
import {
  addError,
  checkRecord,
  defaultValue,
  hasValue,
  normalizeValue,
  topLoc,
  valueIn,
  type Writer,
} from "./values.ts";
import { messages } from "../core/errors.ts";

export interface Row {
  id: string;
  value: RecordData;
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const ROW_SEQUENCE = "subtableRow";

const rowLoc = (table: FieldDef, index: number, inner: FieldDef) => ({
  chain: `${table.code}.value[${index}].value.${inner.code}`,
  inTable: true,
});

/** A new row: sent cells normalised, the others at their defaults, lookups run. */
const newRow = (w: Writer, table: FieldDef, raw: Json, index: number): Row => {
  const inner = table.inner ?? [];
  const targets = lookupTargets(inner);
  const value: RecordData = {};
  for (const def of inner) {
    let v: unknown;
    if (def.type === "CALC") {
      v = "";
    } else if (hasValue(raw, def.code) && !targets.has(def.code)) {
      v = normalizeValue(
        w,
        def,
        valueIn(raw, def.code),
        rowLoc(table, index, def),
      );
    } else {
      v = defaultValue(w, def);
    }
    value[def.code] = { type: def.type, value: v };
  }
  for (const def of inner.filter(isLookup)) {
    applyLookup(w, def, value);
  }
  return { id: String(w.ctx.store.nextSequence(ROW_SEQUENCE)), value };
};

/** An existing row updated cell by cell: omitted cells keep their values. */
const mergedRow = (
  w: Writer,
  table: FieldDef,
  existing: Row,
  raw: Json,
  index: number,
): Row => {
  const inner = table.inner ?? [];
  const targets = lookupTargets(inner);
  const value: RecordData = {};
  const changed: FieldDef[] = [];
  for (const def of inner) {
    const old = existing.value[def.code];
    let v = old?.type === def.type ? old.value : emptyValue(def.type);
    if (
      def.type !== "CALC" &&
      hasValue(raw, def.code) &&
      !targets.has(def.code)
    ) {
      v = normalizeValue(
        w,
        def,
        valueIn(raw, def.code),
        rowLoc(table, index, def),
      );
      if (isLookup(def)) {
        changed.push(def);
      }
    }
    value[def.code] = { type: def.type, value: v };
  }
  for (const def of changed) {
    applyLookup(w, def, value);
  }
  return { id: existing.id, value };
};

/**
 * A table's value from the request: the rows sent replace the table; a row whose `id` names an
 * existing row is merged into it, any other row is new (fresh id); rows not sent are gone.
 */
const tableValue = (
  w: Writer,
  table: FieldDef,
  raw: unknown,
  existing: readonly Row[],
): Row[] => {
  if (!Array.isArray(raw)) {
    addError(
      w.errors,
      `${w.prefix}.${table.code}.value`,
      messages.invalidFormat,
    );
    return [...existing];
  }
  const used = new Set<string>();
  return raw.map((item: unknown, i) => {
    const rawRow = isObject(item) ? item : {};
    const cells = isObject(rawRow.value) ? rawRow.value : {};
    const id =
      rawRow.id === undefined || rawRow.id === null ? "" : String(rawRow.id);
    const match = used.has(id) ? undefined : existing.find((r) => r.id === id);
    if (match) {
      used.add(id);
      return mergedRow(w, table, match, cells, i);
    }
    return newRow(w, table, cells, i);
  });
};

const rowsOf = (data: RecordData, code: string): Row[] =>
  Array.isArray(data[code]?.value) ? (data[code]?.value as Row[]) : [];

/** The value of a field in a record being added. */
const addedValue = (
  w: Writer,
  def: FieldDef,
  raw: Json,
  id: number,
): unknown => {
  const given = hasValue(raw, def.code);
  switch (def.type) {
    case "RECORD_NUMBER":
      return recordNumber(w.schema, id);
    case "CREATOR":
    case "MODIFIER":
      return given
        ? normalizeValue(w, def, valueIn(raw, def.code), topLoc(def.code))
        : { ...w.ctx.user };
    case "CREATED_TIME":
    case "UPDATED_TIME":
      return given
        ? normalizeValue(w, def, valueIn(raw, def.code), topLoc(def.code))
        : kintoneTime(w.ctx.now);
    case "STATUS":
      return initialState(w.schema);
    case "CATEGORY":
    case "STATUS_ASSIGNEE":
      return [];
    case "CALC":
      return "";
    case "SUBTABLE":
      return given ? tableValue(w, def, valueIn(raw, def.code), []) : [];
    default:
      return given
        ? normalizeValue(w, def, valueIn(raw, def.code), topLoc(def.code))
        : defaultValue(w, def);
  }
};

const finish = (w: Writer, data: RecordData, id: number, revision: number) => {
  computeCalcs(w.schema, data);
  data.$id = { type: "__ID__", value: String(id) };
  data.$revision = { type: "__REVISION__", value: String(revision) };
  checkRecord(w, data, id);
  return { id, revision, data };
};

/** A new record from a request record (`{code: {value}}`); unknown codes are ignored. */
export const buildNew = (w: Writer, raw: Json): StoredRecord => {
  const { schema } = w;
  const id = nextRecordId(w.ctx.store, schema.appId);
  const targets = lookupTargets(schema.fields);
  const data: RecordData = {};
  for (const def of schema.fields) {
    const value = targets.has(def.code)
      ? emptyValue(def.type)
      : addedValue(w, def, raw, id);
    data[def.code] = { type: def.type, value };
  }
  for (const def of schema.fields.filter(isLookup)) {
    applyLookup(w, def, data);
  }
  const assignee = schema.system.get("STATUS_ASSIGNEE");
  if (assignee) {
    data[assignee] = {
      type: "STATUS_ASSIGNEE",
      value: assigneesFor(w.ctx, schema, initialState(schema), data),
    };
  }
  return finish(w, data, id, 1);
};

/** An existing record with the request's fields merged in (system fields are not settable). */
export const buildUpdate = (
  w: Writer,
  stored: StoredRecord,
  raw: Json,
): StoredRecord => {
  const { schema } = w;
  const data: RecordData = { ...conform(schema, stored) };
  const targets = lookupTargets(schema.fields);
  const changed: FieldDef[] = [];
  for (const def of schema.fields) {
    if (
      !hasValue(raw, def.code) ||
      SYSTEM_TYPES.has(def.type) ||
      def.type === "CALC" ||
      targets.has(def.code)
    ) {
      continue;
    }
    const value =
      def.type === "SUBTABLE"
        ? tableValue(w, def, valueIn(raw, def.code), rowsOf(data, def.code))
        : normalizeValue(w, def, valueIn(raw, def.code), topLoc(def.code));
    data[def.code] = { type: def.type, value };
    if (isLookup(def)) {
      changed.push(def);
    }
  }
  for (const def of changed) {
    applyLookup(w, def, data);
  }
  touch(w, data);
  return finish(w, data, stored.id, stored.revision + 1);
};

/** MODIFIER and UPDATED_TIME: who changed the record, and when. */
export const touch = (w: Pick<Writer, "ctx" | "schema">, data: RecordData) => {
  const modifier = w.schema.system.get("MODIFIER");
  const updated = w.schema.system.get("UPDATED_TIME");
  if (modifier) {
    data[modifier] = { type: "MODIFIER", value: { ...w.ctx.user } };
  }
  if (updated) {
    data[updated] = { type: "UPDATED_TIME", value: kintoneTime(w.ctx.now) };
  }
};
