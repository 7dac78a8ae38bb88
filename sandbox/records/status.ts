/**
 * Process-management record APIs (§4.10): record/status.json, records/status.json and
 * record/assignees.json. An action applies when its `from` is the record's status and its
 * `filterCond` (if any) matches the record; otherwise 400 GAIA_IL03. When the record has
 * assignees, only they may run it (GAIA_NT01) — API tokens act as "Administrator" — except
 * that an action of type SECONDARY (作業者以外でも実行できるアクション) may also be run by its
 * `executableUser`. When the next status is "one chosen from" candidates and there are any, the
 * caller must name the assignee. Running an action adds 2 to the revision (action + status
 * change), as kintone does. kintone's pages on these APIs:
 * https://cybozu.dev/ja/kintone/docs/rest-api/records/update-status/ and
 * https://cybozu.dev/ja/kintone/docs/rest-api/records/update-statuses
 */
import type { RequestContext } from "../core/context.ts";
import { errors, messages, t, validation } from "../core/errors.ts";
import {
  optionalRevision,
  optionalString,
  requiredArray,
  requiredId,
  requiredString,
} from "../core/params.ts";
import type { RecordData, StoredRecord } from "../core/store.ts";
import { compileQuery, matches } from "../query/index.ts";
import { queueWebhook } from "../webhooks/webhooks.ts";
import { touch } from "./build.ts";
import {
  checkRevision,
  conform,
  liveSchema,
  queryProperties,
  requireRecord,
  userEntity,
  type Json,
  type Schema,
} from "./model.ts";
import { assigneeChoice, namedIn } from "./process.ts";
import { queryContext } from "./read.ts";
import { MAX_RECORDS } from "./write.ts";

interface Action {
  name?: string;
  from?: string;
  to?: string;
  filterCond?: string;
  type?: string;
  executableUser?: { entities?: Parameters<typeof namedIn>[2] };
}

const processSchema = (ctx: RequestContext): Schema => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  if (!schema.statusOn) {
    throw errors.processDisabled();
  }
  return schema;
};

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const valueOf = (schema: Schema, data: RecordData, type: string): unknown => {
  const code = schema.system.get(type);
  return code ? data[code]?.value : undefined;
};

const conditionHolds = (
  ctx: RequestContext,
  schema: Schema,
  cond: string | undefined,
  data: RecordData,
): boolean => {
  if (!cond || cond.trim() === "") {
    return true;
  }
  const q = compileQuery(cond, queryProperties(schema));
  return matches(q, data, queryContext(ctx));
};

/** Who may run the action: anyone on a record without assignees, else its assignees, and for
 * a SECONDARY action also its executable users. API tokens are "Administrator". */
const checkAssignee = (
  ctx: RequestContext,
  schema: Schema,
  data: RecordData,
  action: Action,
): void => {
  const current = valueOf(schema, data, "STATUS_ASSIGNEE");
  const list = Array.isArray(current) ? (current as Json[]) : [];
  if (list.length === 0 || list.some((u) => u.code === ctx.user.code)) {
    return;
  }
  if (
    action.type === "SECONDARY" &&
    namedIn(ctx, schema, action.executableUser?.entities, data)
  ) {
    return;
  }
  throw errors.notAssignee();
};

interface StatusChange {
  id: number;
  action: string;
  assignee: string | undefined;
  /** Where the assignee parameter is (`assignee`, `records[0].assignee`), for its error. */
  assigneeKey: string;
  revision: number | undefined;
}

/**
 * The assignees of the record entering status `to`. "One chosen from" candidates needs the
 * caller's choice when there are candidates; kintone's page says the parameter is then required
 * without giving the error, so it is answered as any missing required parameter (CB_VA01).
 */
const nextAssignees = (
  ctx: RequestContext,
  schema: Schema,
  to: string,
  data: RecordData,
  change: StatusChange,
) => {
  const { type, candidates } = assigneeChoice(ctx, schema, to, data);
  if (type === "ALL" || type === "ANY") {
    return candidates;
  }
  if (change.assignee !== undefined) {
    return [userEntity(ctx, change.assignee)];
  }
  if (candidates.length > 0) {
    throw validation({ [change.assigneeKey]: [messages.requiredParam] });
  }
  return [];
};

/** Runs one action on one record and stores it; returns the stored record. */
const runAction = (
  ctx: RequestContext,
  schema: Schema,
  change: StatusChange,
): StoredRecord => {
  const stored = requireRecord(ctx.store, schema.appId, change.id);
  checkRevision(stored, change.revision);
  const data: RecordData = { ...conform(schema, stored) };
  const status = String(valueOf(schema, data, "STATUS") ?? "");
  const actions = (schema.settings.status.actions ?? []) as Action[];
  const action = actions.find(
    (a) => a.name === change.action && a.from === status,
  );
  if (!action || !conditionHolds(ctx, schema, action.filterCond, data)) {
    throw errors.statusAction();
  }
  checkAssignee(ctx, schema, data, action);
  const to = String(action.to ?? "");
  const assignees = nextAssignees(ctx, schema, to, data, change);
  const statusCode = schema.system.get("STATUS") as string;
  const assigneeCode = schema.system.get("STATUS_ASSIGNEE") as string;
  data[statusCode] = { type: "STATUS", value: to };
  data[assigneeCode] = {
    type: "STATUS_ASSIGNEE",
    value: assignees,
  };
  touch({ ctx, schema }, data);
  const revision = stored.revision + 2;
  data.$revision = { type: "__REVISION__", value: String(revision) };
  const record = { id: stored.id, revision, data };
  ctx.store.putRecord(schema.appId, record);
  return record;
};

export const updateStatusRoute = (ctx: RequestContext): unknown => {
  const schema = processSchema(ctx);
  const record = runAction(ctx, schema, {
    id: requiredId(ctx.params, "id"),
    action: requiredString(ctx.params, "action"),
    assignee: optionalString(ctx.params, "assignee"),
    assigneeKey: "assignee",
    revision: optionalRevision(ctx.params),
  });
  queueWebhook(ctx, schema.app, { type: "UPDATE_STATUS", record: record.data });
  return { revision: String(record.revision) };
};

export const updateStatusesRoute = (ctx: RequestContext): unknown => {
  const schema = processSchema(ctx);
  const list = requiredArray(ctx.params, "records");
  if (list.length > MAX_RECORDS) {
    throw validation({
      records: [messages.tooManyRecords(MAX_RECORDS, "updated")],
    });
  }
  const records = list.map((raw, i) => {
    const item = isObject(raw) ? raw : {};
    const p = `records[${i}].`;
    const record = runAction(ctx, schema, {
      id: requiredId({ [`${p}id`]: item.id }, `${p}id`),
      action: requiredString({ [`${p}action`]: item.action }, `${p}action`),
      assignee: optionalString({ assignee: item.assignee }, "assignee"),
      assigneeKey: `${p}assignee`,
      revision: optionalRevision(
        { [`${p}revision`]: item.revision },
        `${p}revision`,
      ),
    });
    return { id: String(record.id), revision: String(record.revision) };
  });
  return { records };
};

const MAX_ASSIGNEES = 100;

export const updateAssigneesRoute = (ctx: RequestContext): unknown => {
  const schema = processSchema(ctx);
  const stored = requireRecord(
    ctx.store,
    schema.appId,
    requiredId(ctx.params, "id"),
  );
  checkRevision(stored, optionalRevision(ctx.params));
  const codes = requiredArray(ctx.params, "assignees");
  if (codes.length > MAX_ASSIGNEES) {
    throw validation({
      assignees: [
        t(
          `作業者は${MAX_ASSIGNEES}人まで指定できます。`,
          `Up to ${MAX_ASSIGNEES} assignees can be specified.`,
        ),
      ],
    });
  }
  const users = codes.map((c, i) => {
    if (typeof c !== "string" || c === "") {
      throw validation({ [`assignees[${i}]`]: [messages.invalidFormat] });
    }
    return userEntity(ctx, c);
  });
  const data: RecordData = { ...conform(schema, stored) };
  data[schema.system.get("STATUS_ASSIGNEE") as string] = {
    type: "STATUS_ASSIGNEE",
    value: users.filter(
      (u, i) => users.findIndex((x) => x.code === u.code) === i,
    ),
  };
  touch({ ctx, schema }, data);
  const revision = stored.revision + 1;
  data.$revision = { type: "__REVISION__", value: String(revision) };
  ctx.store.putRecord(schema.appId, { id: stored.id, revision, data });
  return { revision: String(revision) };
};
