/**
 * Reading records: record.json GET and records.json GET (§4.1, §4.4), and the search both it
 * and the cursor API run. A search narrows its candidates before matching: top-level equality
 * conditions go through the store's field indexes (`indexPlan`), `$id` bounds through the id
 * range (`idRange`), and when the order is by `$id` the scan walks ids in that order and stops
 * once the page is full (unless the total count was asked for).
 */
import type { RequestContext } from "../core/context.ts";
import {
  optionalArray,
  optionalBoolean,
  optionalString,
  requiredId,
} from "../core/params.ts";
import type { RecordData, StoredRecord, Store } from "../core/store.ts";
import {
  compareRecords,
  compileQuery,
  createMatcher,
  effectiveOrder,
  idRange,
  indexPlan,
  type CompiledQuery,
  type QueryContext,
} from "../query/index.ts";
import {
  conform,
  indexerFor,
  liveSchema,
  maxRecordId,
  queryProperties,
  requireRecord,
  type Schema,
} from "./model.ts";

export const queryContext = (ctx: RequestContext): QueryContext => ({
  now: ctx.now.toISOString(),
  timeZone: "Asia/Tokyo",
  loginUser: ctx.user.code,
  primaryOrganization:
    ctx.auth.kind === "password"
      ? (ctx.auth.user.primaryOrganization ?? null)
      : null,
});

/** The record as returned, optionally reduced to `fields` (codes, `$id`, `$revision`). */
export const present = (
  schema: Schema,
  record: StoredRecord,
  fields: readonly string[] | undefined,
): RecordData => {
  const data = conform(schema, record);
  if (!fields || fields.length === 0) {
    return data;
  }
  const out: RecordData = {};
  for (const code of fields) {
    const v = Object.hasOwn(data, code) ? data[code] : undefined;
    if (v) {
      out[code] = v;
    }
  }
  return out;
};

export const fieldsParam = (ctx: RequestContext): string[] | undefined => {
  const list = optionalArray(ctx.params, "fields");
  return list?.filter((f): f is string => typeof f === "string" && f !== "");
};

// ---- candidates ----

interface Bounds {
  lo: number;
  hi: number;
}

const boundsOf = (store: Store, schema: Schema, q: CompiledQuery): Bounds => {
  const range = idRange(q);
  let lo = 1;
  let hi = maxRecordId(store, schema.appId);
  if (range.lower) {
    const v = range.lower.value;
    lo = Math.max(lo, range.lower.inclusive ? Math.ceil(v) : Math.floor(v) + 1);
  }
  if (range.upper) {
    const v = range.upper.value;
    hi = Math.min(hi, range.upper.inclusive ? Math.floor(v) : Math.ceil(v) - 1);
  }
  return { lo, hi };
};

/** Ids from the index plan (intersection of every lookup), or null when there is no plan. */
const plannedIds = (
  store: Store,
  schema: Schema,
  q: CompiledQuery,
): number[] | null => {
  const plan = indexPlan(q);
  if (plan.length === 0) {
    return null;
  }
  const sets = plan.map((lookup): Set<number> =>
    lookup.field === "$id"
      ? new Set(lookup.values.map(Number).filter(Number.isInteger))
      : store.lookup(
          schema.appId,
          lookup.field,
          lookup.values,
          indexerFor(lookup.field, lookup.type),
        ),
  );
  const [smallest, ...others] = sets.sort((a, b) => a.size - b.size);
  return [...(smallest ?? [])]
    .filter((id) => others.every((set) => set.has(id)))
    .sort((a, b) => a - b);
};

/** Records with ids in `bounds`, in `direction` order, without scanning far outside it. */
const inRange = function* (
  store: Store,
  appId: number,
  bounds: Bounds,
  direction: "asc" | "desc",
): Generator<StoredRecord> {
  const span = bounds.hi - bounds.lo + 1;
  if (span <= 0) {
    return;
  }
  if (span <= 4 * Math.max(store.countRecords(appId), 1)) {
    const step = direction === "asc" ? 1 : -1;
    const first = direction === "asc" ? bounds.lo : bounds.hi;
    for (let id = first, n = 0; n < span; id += step, n++) {
      const r = store.getRecord(appId, id);
      if (r) {
        yield r;
      }
    }
    return;
  }
  const all = [...store.listRecords(appId)].filter(
    (r) => r.id >= bounds.lo && r.id <= bounds.hi,
  );
  yield* direction === "asc" ? all : all.reverse();
};

export interface SearchResult {
  records: StoredRecord[];
  totalCount: number | null;
}

export interface SearchOptions {
  /** Page to return; undefined → every match (cursors). */
  page?: { offset: number; limit: number };
  total: boolean;
}

const byIdOnly = (q: CompiledQuery): "asc" | "desc" | null => {
  const [first] = effectiveOrder(q);
  return first?.field.kind === "id" ? first.direction : null;
};

/** Matches, sorts and pages an app's records for a compiled query. */
export const search = (
  ctx: RequestContext,
  schema: Schema,
  q: CompiledQuery,
  options: SearchOptions,
): SearchResult => {
  const store = ctx.store;
  const match = createMatcher(q, queryContext(ctx));
  const planned = plannedIds(store, schema, q);
  const direction = byIdOnly(q);
  const bounds = boundsOf(store, schema, q);
  if (planned === null && direction !== null) {
    const want = options.page
      ? options.page.offset + options.page.limit
      : Infinity;
    const hits: StoredRecord[] = [];
    let total = 0;
    for (const r of inRange(store, schema.appId, bounds, direction)) {
      if (match(r.data)) {
        total++;
        if (hits.length < want) {
          hits.push(r);
        } else if (!options.total) {
          break;
        }
      }
    }
    return {
      records: options.page ? hits.slice(options.page.offset) : hits,
      totalCount: options.total ? total : null,
    };
  }
  const candidates: Iterable<StoredRecord> =
    planned === null
      ? inRange(store, schema.appId, bounds, "asc")
      : planned.flatMap((id) => {
          const r = store.getRecord(schema.appId, id);
          return r && id >= bounds.lo && id <= bounds.hi ? [r] : [];
        });
  const matched: StoredRecord[] = [];
  for (const r of candidates) {
    if (match(r.data)) {
      matched.push(r);
    }
  }
  const compare = compareRecords(q);
  matched.sort((a, b) => compare(a.data, b.data));
  const page = options.page;
  return {
    records: page
      ? matched.slice(page.offset, page.offset + page.limit)
      : matched,
    totalCount: options.total ? matched.length : null,
  };
};

// ---- routes ----

export const getRecordRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const record = requireRecord(
    ctx.store,
    schema.appId,
    requiredId(ctx.params, "id"),
  );
  return { record: conform(schema, record) };
};

export const getRecordsRoute = (ctx: RequestContext): unknown => {
  const schema = liveSchema(ctx, requiredId(ctx.params, "app"));
  const q = compileQuery(
    optionalString(ctx.params, "query") ?? "",
    queryProperties(schema),
  );
  const fields = fieldsParam(ctx);
  const total = optionalBoolean(ctx.params, "totalCount") ?? false;
  const result = search(ctx, schema, q, {
    page: { offset: q.offset, limit: q.limit },
    total,
  });
  return {
    records: result.records.map((r) => present(schema, r, fields)),
    totalCount: result.totalCount === null ? null : String(result.totalCount),
  };
};
