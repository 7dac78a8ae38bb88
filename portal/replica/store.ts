/**
 * The replica's SQLite file (node:sqlite, WAL): one table per app, a `meta` row per app (its id
 * in kintone, when it was loaded, the 更新日時 high-water mark) and the sync state. Every write
 * is one synchronous transaction, so a reader never sees half of one. A full load goes to a
 * temporary table first and replaces the app's table in one transaction at the end.
 *
 * The file is a cache of kintone: when its layout (`SCHEMA_VERSION`) changes, it is emptied and
 * loaded again.
 */
import type { DatabaseSync } from "node:sqlite";
import {
  immediateTransaction,
  openSqlite,
  statementCache,
  type Sql,
} from "../sqlite.ts";
import {
  metaOf,
  replicaApps,
  tableSpecs,
  type ReplicaApp,
  type TableSpec,
} from "./rows.ts";
import type { KintoneRecord } from "./types.ts";

/**
 * 2: the progress table holds 認定日 and 取下げ日 (the publication rule) and the normalized
 * 被保険者番号, indexed by 更新日時 too.
 */
const SCHEMA_VERSION = 2;

/** Where an app's incremental sync resumes. */
export interface AppMeta {
  /** The app's id in kintone when it was loaded; another id means another app. */
  appId: string;
  /** When the last full load finished (the replica's clock); null before one. */
  loadedAt: string | null;
  /** The greatest 更新日時 read (kintone DATETIME), or null for an empty app. */
  mark: string | null;
  /** Whether the next sync asks `>=` the mark (true) or `>` it (the minute is over). */
  inclusive: boolean;
}

export type SqlValue = string | number | null;

const tableSql = (spec: TableSpec, name: string = spec.app): string =>
  `CREATE TABLE IF NOT EXISTS ${name} (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, updatedAt TEXT NOT NULL, ${spec.columns
    .map((c) => `${c} TEXT`)
    .join(", ")}, record TEXT NOT NULL)`;

const indexSql = (spec: TableSpec): string[] =>
  spec.indexes.map(
    (cols) =>
      `CREATE INDEX IF NOT EXISTS ${spec.app}_by_${cols.join("_")} ON ${spec.app} (${cols.join(", ")})`,
  );

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS meta (app TEXT PRIMARY KEY, appId TEXT NOT NULL, loadedAt TEXT, mark TEXT, inclusive INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)",
  ...replicaApps.flatMap((app) => [
    tableSql(tableSpecs[app]),
    ...indexSql(tableSpecs[app]),
  ]),
];

const rowValues = (spec: TableSpec, record: KintoneRecord): SqlValue[] => {
  const meta = metaOf(record);
  const cols = spec.columnsOf(record);
  return [
    meta.id,
    meta.revision,
    meta.updatedAt,
    ...spec.columns.map((c) => cols[c] ?? null),
    JSON.stringify(record),
  ];
};

const insertSql = (spec: TableSpec, table: string, upsert: boolean): string => {
  const names = ["id", "revision", "updatedAt", ...spec.columns, "record"];
  const base = `INSERT INTO ${table} (${names.join(", ")}) VALUES (${names
    .map(() => "?")
    .join(", ")})`;
  if (!upsert) {
    return `${base} ON CONFLICT(id) DO NOTHING`;
  }
  const updates = names
    .filter((n) => n !== "id")
    .map((n) => `${n} = excluded.${n}`)
    .join(", ");
  return `${base} ON CONFLICT(id) DO UPDATE SET ${updates} WHERE excluded.revision <> ${table}.revision OR excluded.record <> ${table}.record`;
};

export class ReplicaStore {
  readonly #db: DatabaseSync;
  readonly #state = new Map<string, string | null>();
  readonly #sql: Sql;
  readonly #appVersions = new Map<ReplicaApp, number>();

  constructor(file: string) {
    this.#db = openSqlite(file, { synchronous: "NORMAL" });
    this.#sql = statementCache(this.#db);
    const version = this.get<{ user_version: number }>("PRAGMA user_version");
    if (version?.user_version !== SCHEMA_VERSION) {
      this.#db.exec(
        ["meta", "state", ...replicaApps]
          .map((t) => `DROP TABLE IF EXISTS ${t};`)
          .join(" "),
      );
      this.#db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    SCHEMA.forEach((sql) => this.#db.exec(sql));
  }

  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.#sql(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.#sql(sql).all(...params) as T[];
  }

  /**
   * Every write goes through the methods below, which move the app's version (`versionOf`):
   * a write from outside could leave the memos and the search index stale.
   */
  #run(sql: string, ...params: SqlValue[]): number {
    return Number(this.#sql(sql).run(...params).changes);
  }

  /**
   * Goes up with every write that changed one of the app's rows (upsert, delete, full load,
   * forget): what is kept in memory from that table is good while it stays the same.
   */
  versionOf(app: ReplicaApp): number {
    return this.#appVersions.get(app) ?? 0;
  }

  #changed(app: ReplicaApp, changes: number): number {
    if (changes > 0) {
      this.#appVersions.set(app, this.versionOf(app) + 1);
    }
    return changes;
  }

  transaction<T>(work: () => T): T {
    return immediateTransaction(this.#db, work);
  }

  meta(app: ReplicaApp): AppMeta | undefined {
    const row = this.get<{
      appId: string;
      loadedAt: string | null;
      mark: string | null;
      inclusive: number;
    }>("SELECT appId, loadedAt, mark, inclusive FROM meta WHERE app = ?", app);
    return row && { ...row, inclusive: row.inclusive === 1 };
  }

  setMeta(app: ReplicaApp, m: AppMeta): void {
    this.#run(
      "INSERT INTO meta (app, appId, loadedAt, mark, inclusive) VALUES (?, ?, ?, ?, ?) ON CONFLICT(app) DO UPDATE SET appId = excluded.appId, loadedAt = excluded.loadedAt, mark = excluded.mark, inclusive = excluded.inclusive",
      app,
      m.appId,
      m.loadedAt,
      m.mark,
      m.inclusive ? 1 : 0,
    );
  }

  /** Forgets an app's rows and meta (its id in kintone changed). */
  forget(app: ReplicaApp): void {
    this.transaction(() => {
      this.#changed(app, this.#run(`DELETE FROM ${app}`));
      this.#run("DELETE FROM meta WHERE app = ?", app);
    });
  }

  /** Read on every page (the sync note), so kept in memory; this process is the only writer. */
  state(key: string): string | null {
    let value = this.#state.get(key);
    if (value === undefined) {
      value =
        this.get<{ value: string | null }>(
          "SELECT value FROM state WHERE key = ?",
          key,
        )?.value ?? null;
      this.#state.set(key, value);
    }
    return value;
  }

  setState(key: string, value: string | null): void {
    this.#run(
      "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
    this.#state.set(key, value);
  }

  /** Inserts or updates records (unchanged ones are left); returns how many rows changed. */
  upsert(app: ReplicaApp, records: readonly KintoneRecord[]): number {
    const spec = tableSpecs[app];
    const sql = insertSql(spec, app, true);
    return this.#changed(
      app,
      this.transaction(() =>
        records.reduce((n, r) => n + this.#run(sql, ...rowValues(spec, r)), 0),
      ),
    );
  }

  /** Deletes the rows with id ≤ `upTo` that are not in `keep`; returns how many. */
  deleteMissing(
    app: ReplicaApp,
    keep: readonly number[],
    upTo: number,
  ): number {
    return this.#changed(
      app,
      this.transaction(() =>
        this.#run(
          `DELETE FROM ${app} WHERE id <= ? AND id NOT IN (SELECT value FROM json_each(?))`,
          upTo,
          JSON.stringify(keep),
        ),
      ),
    );
  }

  /** Deletes the rows with lo < id ≤ hi that are not in `keep`; returns how many. */
  deleteRange(
    app: ReplicaApp,
    lo: number,
    hi: number,
    keep: readonly number[] = [],
  ): number {
    return this.#changed(
      app,
      this.#run(
        `DELETE FROM ${app} WHERE id > ? AND id <= ? AND id NOT IN (SELECT value FROM json_each(?))`,
        lo,
        hi,
        JSON.stringify(keep),
      ),
    );
  }

  /** The ids of `ids` that have no row. */
  absent(app: ReplicaApp, ids: readonly number[]): number[] {
    return this.all<{ value: number }>(
      `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM ${app})`,
      JSON.stringify(ids),
    ).map((r) => r.value);
  }

  count(app: ReplicaApp): number {
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM ${app}`)?.n ?? 0;
  }

  maxId(app: ReplicaApp): number | null {
    return (
      this.get<{ m: number | null }>(`SELECT max(id) AS m FROM ${app}`)?.m ??
      null
    );
  }

  /** Starts a full load: an empty temporary table beside the app's. */
  beginLoad(app: ReplicaApp): void {
    this.#db.exec(`DROP TABLE IF EXISTS temp.load_${app}`);
    this.#db.exec(tableSql(tableSpecs[app], `temp.load_${app}`));
  }

  /** Adds a page of a full load to the temporary table. */
  loadPage(app: ReplicaApp, records: readonly KintoneRecord[]): void {
    const spec = tableSpecs[app];
    const sql = insertSql(spec, `temp.load_${app}`, false);
    this.transaction(() => {
      records.forEach((r) => this.#run(sql, ...rowValues(spec, r)));
    });
  }

  /** Replaces the app's rows by the loaded ones and sets its meta, in one transaction. */
  commitLoad(app: ReplicaApp, meta: AppMeta): void {
    this.transaction(() => {
      this.#changed(app, 1);
      this.#run(`DELETE FROM main.${app}`);
      this.#run(`INSERT INTO main.${app} SELECT * FROM temp.load_${app}`);
      this.setMeta(app, meta);
    });
    this.abortLoad(app);
  }

  abortLoad(app: ReplicaApp): void {
    this.#db.exec(`DROP TABLE IF EXISTS temp.load_${app}`);
  }

  close(): void {
    if (this.#db.isOpen) {
      this.#db.close();
    }
  }
}
