/**
 * Adding, updating and deleting records: record.json POST/PUT, records.json POST/PUT (upsert)
 * and DELETE (§4.2, §4.3, §4.5–§4.7). Multi-record APIs are all-or-nothing (the request's
 * transaction) and fire no webhooks; record.json fires ADD_RECORD / UPDATE_RECORD.
 */
import { checkRight } from "../core/auth.ts";
import type { RequestContext } from "../core/context.ts";
import {
  errors,
  messages,
  t,
  validation,
  type LocalizedText,
} from "../core/errors.ts";
import {
  optionalArray,
  optionalBoolean,
  optionalRevision,
  requiredArray,
  requiredId,
} from "../core/params.ts";
import type { StoredRecord } from "../core/store.ts";
import { queueWebhook } from "../webhooks/webhooks.ts";
import { buildNew, buildUpdate } from "./build.ts";
import { dropComments } from "./comments.ts";
import {
  checkRevision,
  findByValue,
  liveSchema,
  requireRecord,
  type FieldDef,
  type Json,
  type Schema,
} from "./model.ts";
import { notUniqueKey, type ErrorMap, type Writer } from "./values.ts";

export const MAX_RECORDS = 100;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const throwIfErrors = (errorMap: ErrorMap): void => {
  if (Object.keys(errorMap).length > 0) {
    throw validation(errorMap);
  }
};

const bad = (key: string, text: LocalizedText) => validation({ [key]: [text] });

const recordParam = (value: unknown, key: string): Json => {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isObject(value)) {
    throw bad(key, messages.invalidFormat);
  }
  return value;
};

const writer = (
  ctx: RequestContext,
  schema: Schema,
  prefix: string,
  errorMap: ErrorMap,
): Writer => ({
  ctx,
  schema,
  errors: errorMap,
  prefix,
});

// ---- targets of updates ----

type Target =
  | { kind: "record"; record: StoredRecord }
  | { kind: "missing"; field: FieldDef; value: unknown }
  /** An id with no record, in UPSERT mode: a new record (with a new id) is added. */
  | { kind: "missingId" };

const bothGiven = (): LocalizedText =>
  t(
    "idとupdateKeyは同時に指定できません。",
    "Specify either id or updateKey, not both.",
  );

const updateKeyTarget = (
  ctx: RequestContext,
  schema: Schema,
  updateKey: unknown,
  keyPrefix: string,
): Target => {
  const uk = isObject(updateKey) ? updateKey : {};
  const field = schema.byCode.get(String(uk.field ?? ""));
  if (!field || field.prop.unique !== true) {
    throw bad(`${keyPrefix}updateKey.field`, notUniqueKey());
  }
  const value = uk.value;
  if (value === undefined || value === null || value === "") {
    throw bad(`${keyPrefix}updateKey.value`, messages.requiredParam);
  }
  const [found] = findByValue(ctx.store, schema.appId, field, value);
  return found
    ? { kind: "record", record: found }
    : { kind: "missing", field, value };
};

/** The record an update names by `id` or `updateKey` (exactly one of them). */
const targetOf = (
  ctx: RequestContext,
  schema: Schema,
  item: Json,
  keyPrefix: string,
  upsert = false,
): Target => {
  const hasId = item.id !== undefined && item.id !== null && item.id !== "";
  const hasKey = item.updateKey !== undefined && item.updateKey !== null;
  if (hasId && hasKey) {
    throw bad(`${keyPrefix}id`, bothGiven());
  }
  if (!hasKey) {
    const idKey = `${keyPrefix}id`;
    const id = requiredId({ [idKey]: item.id }, idKey);
    const record = ctx.store.getRecord(schema.appId, id);
    if (!record && upsert) {
      return { kind: "missingId" };
    }
    return {
      kind: "record",
      record: record ?? requireRecord(ctx.store, schema.appId, id),
    };
  }
  return updateKeyTarget(ctx, schema, item.updateKey, keyPrefix);
};

const revisionOf = (item: Json, keyPrefix: string): number | undefined => {
  const key = `${keyPrefix}revision`;
  return optionalRevision({ [key]: item.revision }, key);
};

// ---- record.json ----

export const addRecordRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const raw = recordParam(ctx.params.record, "record");
  const errorMap: ErrorMap = {};
  const record = buildNew(writer(ctx, schema, "record", errorMap), raw);
  throwIfErrors(errorMap);
  ctx.store.putRecord(schema.appId, record);
  queueWebhook(ctx, schema.app, { type: "ADD_RECORD", record: record.data });
  return { id: String(record.id), revision: String(record.revision) };
};

export const updateRecordRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  // Without UPSERT (record.json has none), targetOf never answers "missingId".
  const target = targetOf(ctx, schema, ctx.params, "");
  if (target.kind !== "record") {
    throw errors.updateKeyNoMatch();
  }
  checkRevision(target.record, revisionOf(ctx.params, ""));
  const raw = recordParam(ctx.params.record, "record");
  const errorMap: ErrorMap = {};
  const record = buildUpdate(
    writer(ctx, schema, "record", errorMap),
    target.record,
    raw,
  );
  throwIfErrors(errorMap);
  ctx.store.putRecord(schema.appId, record);
  queueWebhook(ctx, schema.app, { type: "UPDATE_RECORD", record: record.data });
  return { revision: String(record.revision) };
};

// ---- records.json ----

const recordsParam = (
  ctx: RequestContext,
  verb: "added" | "updated",
): unknown[] => {
  const list = requiredArray(ctx.params, "records");
  if (list.length > MAX_RECORDS) {
    throw bad("records", messages.tooManyRecords(MAX_RECORDS, verb));
  }
  return list;
};

export const addRecordsRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const list = recordsParam(ctx, "added");
  const errorMap: ErrorMap = {};
  const added = list.map((item, i) => {
    const prefix = `records[${i}]`;
    const record = buildNew(
      writer(ctx, schema, prefix, errorMap),
      recordParam(item, prefix),
    );
    ctx.store.putRecord(schema.appId, record);
    return record;
  });
  throwIfErrors(errorMap);
  return {
    ids: added.map((r) => String(r.id)),
    revisions: added.map((r) => String(r.revision)),
  };
};

/**
 * UPSERT's insert (「複数のレコードを更新する」): needs the add right as well; a missing updateKey
 * value becomes the new record's key, a missing id gives a new record with a new id.
 */
const insertMissing = (
  w: Writer,
  target: Exclude<Target, { kind: "record" }>,
  raw: Json,
): StoredRecord => {
  const { ctx, schema } = w;
  checkRight(ctx.auth, schema.appId, "add", {
    rights: schema.settings.acl,
    creator: schema.app.creator.code,
  });
  return buildNew(
    w,
    target.kind === "missing"
      ? { ...raw, [target.field.code]: { value: target.value } }
      : raw,
  );
};

export const updateRecordsRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const list = recordsParam(ctx, "updated");
  const upsert = optionalBoolean(ctx.params, "upsert") ?? false;
  const errorMap: ErrorMap = {};
  const results = list.map((entry, i) => {
    const prefix = `records[${i}]`;
    const item = recordParam(entry, prefix);
    const target = targetOf(ctx, schema, item, `${prefix}.`, upsert);
    const w = writer(ctx, schema, prefix, errorMap);
    const raw = recordParam(item.record, `${prefix}.record`);
    if (target.kind === "missing" && !upsert) {
      throw errors.updateKeyNoMatch();
    }
    let record: StoredRecord;
    if (target.kind !== "record") {
      record = insertMissing(w, target, raw);
    } else {
      checkRevision(target.record, revisionOf(item, `${prefix}.`));
      record = buildUpdate(w, target.record, raw);
    }
    ctx.store.putRecord(schema.appId, record);
    const out: Json = {
      id: String(record.id),
      revision: String(record.revision),
    };
    if (upsert) {
      out.operation = target.kind === "record" ? "UPDATE" : "INSERT";
    }
    return out;
  });
  throwIfErrors(errorMap);
  return { records: results };
};

const idsTooMany = (): LocalizedText =>
  t(
    `一度に1件から${MAX_RECORDS}件までのレコードを削除できます。`,
    `Between 1 and ${MAX_RECORDS} records can be deleted at one time.`,
  );

const deleteIds = (ctx: RequestContext): number[] => {
  const ids = optionalArray(ctx.params, "ids") ?? [];
  if (ids.length === 0) {
    throw validation({ ids: [idsTooMany(), messages.requiredParam] });
  }
  if (ids.length > MAX_RECORDS) {
    throw bad("ids", idsTooMany());
  }
  return Array.from(ids, (raw, i) =>
    requiredId({ [`ids[${i}]`]: raw }, `ids[${i}]`),
  );
};

export const deleteRecordsRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const ids = deleteIds(ctx);
  const revisions = optionalArray(ctx.params, "revisions") ?? [];
  ids.forEach((id, i) => {
    const record = requireRecord(ctx.store, schema.appId, id);
    const key = `revisions[${i}]`;
    checkRevision(record, optionalRevision({ [key]: revisions[i] }, key));
    ctx.store.deleteRecord(schema.appId, id);
    dropComments(ctx.store, schema.appId, id);
  });
  return {};
};
