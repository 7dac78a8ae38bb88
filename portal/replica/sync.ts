/**
 * Bringing one app's table in line with kintone, with as few requests as possible.
 *
 * - Full load: every record through a cursor into a temporary table, swapped in at the end.
 * - Sync of a small app (fewer rows than a page): one GET of all records `order by $id asc
 *   limit <page>` — the whole app in one request, so deletions are seen at once too.
 * - Sync of a large app, by 更新日時: `updatedAt >= "<mark>" order by updatedAt asc, $id asc
 *   limit <page>`, and through a cursor for the rest when that page is full. kintone keeps
 *   更新日時 to the minute, so the mark's own minute is asked again (`>=`) and the upsert makes
 *   that harmless — until that minute is over on both clocks: then `>` is asked, so a burst of
 *   more than a page of changes within one minute is not read again on every sync.
 * - Reconciliation (deletions): the number of records with `$id <= <greatest local id>` in
 *   kintone against the rows here, one count request when nothing was deleted; where they differ,
 *   the id range is halved by count requests until a part is small enough to list its `$id`s a
 *   page at a time (`$id > n order by $id asc limit <page>`, fields `$id` only).
 */
import type { AppReader } from "./kintone.ts";
import type { AppMeta, ReplicaStore } from "./store.ts";
import { metaOf, UPDATED_AT } from "./rows.ts";
import type { KintoneRecord } from "./types.ts";

export interface SyncContext {
  store: ReplicaStore;
  reader: AppReader;
  /** Records per request (≤ 500). */
  pageSize: number;
  /** How far this machine's clock may be ahead of kintone's, in milliseconds. */
  skewMs: number;
  now: () => Date;
}

export interface AppOutcome {
  /** Rows added or changed. */
  changed: number;
  deleted: number;
}

const MINUTE_MS = 60_000;
const BY_UPDATE = `order by ${UPDATED_AT} asc, $id asc`;

const later = (a: string | null, b: string | null): string | null => {
  if (a === null || b === null) {
    return a ?? b;
  }
  return Date.parse(b) > Date.parse(a) ? b : a;
};

const latestUpdate = (records: readonly KintoneRecord[]): string | null =>
  records.reduce<string | null>((m, r) => {
    const at = metaOf(r).updatedAt;
    return at === "" ? m : later(m, at);
  }, null);

/**
 * The mark after a read that began at `startedAt`: exclusive once the mark's minute had ended
 * in kintone before the read began (this clock, less the skew it may be ahead by, is past the
 * minute), since every record of that minute was then read.
 */
export const markAfter = (
  mark: string | null,
  startedAt: Date,
  skewMs: number,
): Pick<AppMeta, "mark" | "inclusive"> => ({
  mark,
  inclusive:
    mark === null ||
    Date.parse(mark) + MINUTE_MS > startedAt.getTime() - skewMs,
});

export const fullLoadApp = async (c: SyncContext): Promise<AppOutcome> => {
  const { app } = c.reader;
  const startedAt = c.now();
  const before = c.store.count(app);
  let mark: string | null = null;
  let loaded = 0;
  c.store.beginLoad(app);
  try {
    await c.reader.cursor("order by $id asc", c.pageSize, (records) => {
      c.store.loadPage(app, records);
      mark = later(mark, latestUpdate(records));
      loaded += records.length;
    });
  } catch (e) {
    c.store.abortLoad(app);
    throw e;
  }
  c.store.commitLoad(app, {
    appId: c.reader.appId,
    loadedAt: startedAt.toISOString(),
    ...markAfter(mark, startedAt, c.skewMs),
  });
  return { changed: loaded, deleted: Math.max(0, before - loaded) };
};

const idsOf = (records: readonly KintoneRecord[]): number[] =>
  records.map((r) => metaOf(r).id);

/** The whole of a small app in one request; not `complete` when it no longer fits in a page. */
const snapshot = async (
  c: SyncContext,
  meta: AppMeta,
  startedAt: Date,
): Promise<AppOutcome & { complete: boolean }> => {
  const { app } = c.reader;
  const records = await c.reader.page(`order by $id asc limit ${c.pageSize}`);
  const changed = c.store.upsert(app, records);
  if (records.length >= c.pageSize) {
    return { changed, deleted: 0, complete: false };
  }
  const deleted = c.store.deleteMissing(
    app,
    idsOf(records),
    Number.MAX_SAFE_INTEGER,
  );
  c.store.setMeta(app, {
    ...meta,
    ...markAfter(later(meta.mark, latestUpdate(records)), startedAt, c.skewMs),
  });
  return { changed, deleted, complete: true };
};

const incremental = async (
  c: SyncContext,
  meta: AppMeta,
  startedAt: Date,
): Promise<AppOutcome> => {
  const { app } = c.reader;
  const condition =
    meta.mark === null
      ? ""
      : `${UPDATED_AT} ${meta.inclusive ? ">=" : ">"} "${meta.mark}" `;
  const query = `${condition}${BY_UPDATE}`;
  const first = await c.reader.page(`${query} limit ${c.pageSize}`);
  let changed = c.store.upsert(app, first);
  let mark = later(meta.mark, latestUpdate(first));
  if (first.length >= c.pageSize) {
    await c.reader.cursor(query, c.pageSize, (records) => {
      changed += c.store.upsert(app, records);
      mark = later(mark, latestUpdate(records));
    });
  }
  c.store.setMeta(app, { ...meta, ...markAfter(mark, startedAt, c.skewMs) });
  return { changed, deleted: 0 };
};

/** Whether the app's rows come from a full load of this app (same id in kintone). */
const loadedMeta = (c: SyncContext): AppMeta | null => {
  const meta = c.store.meta(c.reader.app);
  if (meta && meta.appId !== c.reader.appId) {
    c.store.forget(c.reader.app);
    return null;
  }
  return meta?.loadedAt ? meta : null;
};

/** One sync of one app: a full load if it was never loaded, else the changes since its mark. */
export const syncApp = async (c: SyncContext): Promise<AppOutcome> => {
  const meta = loadedMeta(c);
  if (meta === null) {
    return fullLoadApp(c);
  }
  const startedAt = c.now();
  if (c.store.count(c.reader.app) < c.pageSize) {
    const small = await snapshot(c, meta, startedAt);
    if (small.complete) {
      return small;
    }
    const rest = await incremental(c, meta, startedAt);
    return { changed: small.changed + rest.changed, deleted: 0 };
  }
  return incremental(c, meta, startedAt);
};

const inRange = (lo: number, hi: number): string =>
  `$id > ${lo} and $id <= ${hi}`;

/**
 * Lists the ids in (lo, hi] a page at a time, deletes the rows kintone lacks and fetches the
 * records this replica lacks.
 */
const reconcileLeaf = async (
  c: SyncContext,
  lo: number,
  hi: number,
): Promise<AppOutcome> => {
  const { app } = c.reader;
  const ids: number[] = [];
  for (let last = lo; ;) {
    const page = idsOf(
      await c.reader.page(
        `${inRange(last, hi)} order by $id asc limit ${c.pageSize}`,
        ["$id"],
      ),
    );
    ids.push(...page);
    if (page.length < c.pageSize) {
      break;
    }
    last = page[page.length - 1] ?? hi;
  }
  const deleted = c.store.deleteRange(app, lo, hi, ids);
  let changed = 0;
  const absent = c.store.absent(app, ids);
  for (let i = 0; i < absent.length; i += c.pageSize) {
    const part = absent.slice(i, i + c.pageSize);
    const records = await c.reader.page(
      `$id in (${part.join(", ")}) limit ${c.pageSize}`,
    );
    changed += c.store.upsert(app, records);
  }
  return { changed, deleted };
};

const localCount = (c: SyncContext, lo: number, hi: number): number =>
  c.store.get<{ n: number }>(
    `SELECT count(*) AS n FROM ${c.reader.app} WHERE id > ? AND id <= ?`,
    lo,
    hi,
  )?.n ?? 0;

/** Brings the rows with id in (lo, hi] to kintone's, given kintone's count there. */
const reconcileRange = async (
  c: SyncContext,
  lo: number,
  hi: number,
  remote: number,
): Promise<AppOutcome> => {
  const local = localCount(c, lo, hi);
  if (remote === local) {
    return { changed: 0, deleted: 0 };
  }
  if (remote === 0) {
    const deleted = c.store.deleteRange(c.reader.app, lo, hi);
    return { changed: 0, deleted };
  }
  if (local <= c.pageSize) {
    return reconcileLeaf(c, lo, hi);
  }
  const mid =
    c.store.get<{ id: number }>(
      `SELECT id FROM ${c.reader.app} WHERE id > ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?`,
      lo,
      hi,
      Math.floor(local / 2),
    )?.id ?? hi;
  const left = await c.reader.count(inRange(lo, mid));
  const a = await reconcileRange(c, lo, mid, left);
  const b = await reconcileRange(c, mid, hi, remote - left);
  return { changed: a.changed + b.changed, deleted: a.deleted + b.deleted };
};

/** Removes the rows of records deleted in kintone (and fetches any record found missing). */
export const reconcileApp = async (c: SyncContext): Promise<AppOutcome> => {
  const meta = loadedMeta(c);
  const maxId = c.store.maxId(c.reader.app);
  if (meta === null || maxId === null) {
    return { changed: 0, deleted: 0 };
  }
  const remote = await c.reader.count(`$id <= ${maxId}`);
  return reconcileRange(c, 0, maxId, remote);
};
