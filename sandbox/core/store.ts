/**
 * The local kintone's storage: SQLite on disk (node:sqlite, WAL) as the durable copy, and the
 * same data in memory for reads. Every request that writes runs in `transaction`: its writes go
 * to SQLite inside BEGIN IMMEDIATE … COMMIT and to an overlay that reads see at once; the
 * overlay reaches the in-memory copy only after COMMIT, so a failed request leaves both as they
 * were. Handlers are synchronous, so transactions never interleave.
 *
 * Records live in their own table; everything else (apps, tokens, plugins, comments, webhooks,
 * counters) is a JSON document keyed by (kind, key). Files keep their bytes in SQLite only.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** A record as the REST API returns it: every field `{type, value}`, `$id` and `$revision` included. */
export type RecordData = Record<string, { type: string; value: unknown }>;

export interface StoredRecord {
  id: number;
  revision: number;
  data: RecordData;
}

export interface StoredFile {
  key: string;
  name: string;
  contentType: string;
  size: number;
  /** Upload keys are temporary; stored keys are what records and settings hand out. */
  stored: boolean;
  createdAt: string;
}

const DELETED = Symbol("deleted");
type Slot<T> = T | typeof DELETED;

interface Overlay {
  docs: Map<string, Map<string, Slot<unknown>>>;
  records: Map<number, Map<number, Slot<StoredRecord>>>;
  files: Map<string, Slot<StoredFile>>;
}

/** Computes the index keys of one field of a record (canonical strings; several for lists). */
export type Indexer = (record: StoredRecord) => string[];

interface FieldIndex {
  indexer: Indexer;
  byKey: Map<string, Set<number>>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS records (app INTEGER NOT NULL, id INTEGER NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (app, id));
CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, stored INTEGER NOT NULL, created_at TEXT NOT NULL, data BLOB NOT NULL);
`;

export class Store {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #docs = new Map<string, Map<string, unknown>>();
  readonly #records = new Map<number, Map<number, StoredRecord>>();
  readonly #files = new Map<string, StoredFile>();
  readonly #indexes = new Map<number, Map<string, FieldIndex>>();
  #overlay: Overlay | null = null;

  /** Opens (creating) the database at `path`, or an in-memory one for ":memory:". */
  constructor(path: string) {
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true });
    }
    this.#db = new DatabaseSync(path);
    this.#db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
    );
    this.#db.exec(SCHEMA);
    this.#load();
  }

  close(): void {
    this.#db.close();
  }

  #sql(text: string): StatementSync {
    let s = this.#statements.get(text);
    if (!s) {
      s = this.#db.prepare(text);
      this.#statements.set(text, s);
    }
    return s;
  }

  #load(): void {
    for (const row of this.#sql(
      "SELECT kind, key, data FROM docs ORDER BY rowid",
    ).all()) {
      this.#docsOf(String(row.kind)).set(
        String(row.key),
        JSON.parse(String(row.data)),
      );
    }
    for (const row of this.#sql(
      "SELECT app, id, revision, data FROM records ORDER BY app, id",
    ).all()) {
      this.#recordsOf(Number(row.app)).set(Number(row.id), {
        id: Number(row.id),
        revision: Number(row.revision),
        data: JSON.parse(String(row.data)) as RecordData,
      });
    }
    for (const row of this.#sql(
      "SELECT key, name, content_type, size, stored, created_at FROM files",
    ).all()) {
      this.#files.set(String(row.key), {
        key: String(row.key),
        name: String(row.name),
        contentType: String(row.content_type),
        size: Number(row.size),
        stored: Number(row.stored) === 1,
        createdAt: String(row.created_at),
      });
    }
  }

  #docsOf(kind: string): Map<string, unknown> {
    let m = this.#docs.get(kind);
    if (!m) {
      m = new Map();
      this.#docs.set(kind, m);
    }
    return m;
  }

  #recordsOf(app: number): Map<number, StoredRecord> {
    let m = this.#records.get(app);
    if (!m) {
      m = new Map();
      this.#records.set(app, m);
    }
    return m;
  }

  #tx(): Overlay {
    if (!this.#overlay) {
      throw new Error("a write outside a transaction");
    }
    return this.#overlay;
  }

  get inTransaction(): boolean {
    return this.#overlay !== null;
  }

  /**
   * Runs `fn` as one transaction: all its writes commit together or not at all. Nested calls
   * join the outer transaction (bulkRequest runs several handlers in one).
   */
  transaction<T>(fn: () => T): T {
    if (this.#overlay) {
      return fn();
    }
    this.#overlay = { docs: new Map(), records: new Map(), files: new Map() };
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.#db.exec("COMMIT");
      this.#apply(this.#overlay);
      return result;
    } catch (e) {
      if (this.#db.isTransaction) {
        this.#db.exec("ROLLBACK");
      }
      throw e;
    } finally {
      this.#overlay = null;
    }
  }

  #apply(o: Overlay): void {
    for (const [kind, slots] of o.docs) {
      const base = this.#docsOf(kind);
      for (const [key, v] of slots) {
        if (v === DELETED) {
          base.delete(key);
        } else {
          base.set(key, v);
        }
      }
    }
    for (const [app, slots] of o.records) {
      const base = this.#recordsOf(app);
      const indexes = this.#indexes.get(app);
      const added: StoredRecord[] = [];
      for (const [id, v] of slots) {
        const old = base.get(id);
        if (old) {
          this.#unindexRecord(indexes, old);
        }
        if (v === DELETED) {
          base.delete(id);
        } else if (old) {
          base.set(id, v);
          this.#indexRecord(indexes, v);
        } else {
          added.push(v);
        }
      }
      // New ids are higher than every existing one: appending in id order keeps the map sorted.
      for (const r of added.sort((a, b) => a.id - b.id)) {
        base.set(r.id, r);
        this.#indexRecord(indexes, r);
      }
    }
    for (const [key, v] of o.files) {
      if (v === DELETED) {
        this.#files.delete(key);
      } else {
        this.#files.set(key, v);
      }
    }
  }

  #unindexRecord(
    indexes: Map<string, FieldIndex> | undefined,
    r: StoredRecord,
  ): void {
    for (const idx of indexes?.values() ?? []) {
      for (const k of idx.indexer(r)) {
        idx.byKey.get(k)?.delete(r.id);
      }
    }
  }

  #indexRecord(
    indexes: Map<string, FieldIndex> | undefined,
    r: StoredRecord,
  ): void {
    for (const idx of indexes?.values() ?? []) {
      for (const k of idx.indexer(r)) {
        let ids = idx.byKey.get(k);
        if (!ids) {
          ids = new Set();
          idx.byKey.set(k, ids);
        }
        ids.add(r.id);
      }
    }
  }

  // ---- documents ----

  getDoc<T>(kind: string, key: string | number): T | undefined {
    const k = String(key);
    const slot = this.#overlay?.docs.get(kind)?.get(k);
    if (slot !== undefined) {
      return slot === DELETED ? undefined : (slot as T);
    }
    return this.#docs.get(kind)?.get(k) as T | undefined;
  }

  /** Every document of a kind, in insertion order, the transaction's writes included. */
  listDocs<T>(kind: string): T[] {
    const base = this.#docs.get(kind) ?? new Map<string, unknown>();
    const pending = this.#overlay?.docs.get(kind);
    if (!pending || pending.size === 0) {
      return [...base.values()] as T[];
    }
    const out: T[] = [];
    for (const [k, v] of base) {
      const p = pending.get(k);
      if (p === undefined) {
        out.push(v as T);
      } else if (p !== DELETED) {
        out.push(p as T);
      }
    }
    for (const [k, p] of pending) {
      if (!base.has(k) && p !== DELETED) {
        out.push(p as T);
      }
    }
    return out;
  }

  putDoc(kind: string, key: string | number, data: unknown): void {
    const o = this.#tx();
    const k = String(key);
    this.#sql(
      "INSERT OR REPLACE INTO docs (kind, key, data) VALUES (?, ?, ?)",
    ).run(kind, k, JSON.stringify(data));
    let m = o.docs.get(kind);
    if (!m) {
      m = new Map();
      o.docs.set(kind, m);
    }
    m.set(k, structuredClone(data));
  }

  deleteDoc(kind: string, key: string | number): void {
    const o = this.#tx();
    const k = String(key);
    this.#sql("DELETE FROM docs WHERE kind = ? AND key = ?").run(kind, k);
    let m = o.docs.get(kind);
    if (!m) {
      m = new Map();
      o.docs.set(kind, m);
    }
    m.set(k, DELETED);
  }

  /** The next value of a named counter (record ids, comment ids…), starting at 1. */
  nextSequence(name: string): number {
    const n = (this.getDoc<number>("sequence", name) ?? 0) + 1;
    this.putDoc("sequence", name, n);
    return n;
  }

  // ---- records ----

  getRecord(app: number, id: number): StoredRecord | undefined {
    const slot = this.#overlay?.records.get(app)?.get(id);
    if (slot !== undefined) {
      return slot === DELETED ? undefined : slot;
    }
    return this.#records.get(app)?.get(id);
  }

  /** The app's records in ascending id, the transaction's writes included. */
  listRecords(app: number): Iterable<StoredRecord> {
    const base = this.#records.get(app) ?? new Map<number, StoredRecord>();
    const pending = this.#overlay?.records.get(app);
    if (!pending || pending.size === 0) {
      return base.values();
    }
    const out: StoredRecord[] = [];
    for (const [id, r] of base) {
      const p = pending.get(id);
      if (p === undefined) {
        out.push(r);
      } else if (p !== DELETED) {
        out.push(p);
      }
    }
    const added = [...pending].filter(
      ([id, p]) => !base.has(id) && p !== DELETED,
    );
    for (const [, p] of added.sort(([a], [b]) => a - b)) {
      out.push(p as StoredRecord);
    }
    return out;
  }

  countRecords(app: number): number {
    const base = this.#records.get(app);
    const pending = this.#overlay?.records.get(app);
    let n = base?.size ?? 0;
    for (const [id, p] of pending ?? []) {
      const existed = base?.has(id) ?? false;
      if (p === DELETED && existed) {
        n--;
      } else if (p !== DELETED && !existed) {
        n++;
      }
    }
    return n;
  }

  putRecord(app: number, record: StoredRecord): void {
    const o = this.#tx();
    this.#sql(
      "INSERT OR REPLACE INTO records (app, id, revision, data) VALUES (?, ?, ?, ?)",
    ).run(app, record.id, record.revision, JSON.stringify(record.data));
    let m = o.records.get(app);
    if (!m) {
      m = new Map();
      o.records.set(app, m);
    }
    m.set(record.id, record);
  }

  deleteRecord(app: number, id: number): void {
    const o = this.#tx();
    this.#sql("DELETE FROM records WHERE app = ? AND id = ?").run(app, id);
    let m = o.records.get(app);
    if (!m) {
      m = new Map();
      o.records.set(app, m);
    }
    m.set(id, DELETED);
  }

  /**
   * The ids of records whose index keys for `field` include one of `keys`, or null when the
   * index cannot be used. The index is built on first use and kept up to date on commit;
   * `indexer` must give the same keys for the same record every time.
   */
  lookup(
    app: number,
    field: string,
    keys: readonly string[],
    indexer: Indexer,
  ): Set<number> {
    let perApp = this.#indexes.get(app);
    if (!perApp) {
      perApp = new Map();
      this.#indexes.set(app, perApp);
    }
    let idx = perApp.get(field);
    if (!idx) {
      idx = { indexer, byKey: new Map() };
      perApp.set(field, idx);
      for (const r of this.#records.get(app)?.values() ?? []) {
        this.#indexRecord(new Map([[field, idx]]), r);
      }
    }
    const out = new Set<number>();
    for (const k of keys) {
      for (const id of idx.byKey.get(k) ?? []) {
        out.add(id);
      }
    }
    const pending = this.#overlay?.records.get(app);
    for (const [id, p] of pending ?? []) {
      out.delete(id);
      if (p !== DELETED && idx.indexer(p).some((k) => keys.includes(k))) {
        out.add(id);
      }
    }
    return out;
  }

  /** Forget the app's indexes (its fields changed). */
  dropIndexes(app: number): void {
    this.#indexes.delete(app);
  }

  // ---- files ----

  getFile(key: string): StoredFile | undefined {
    const slot = this.#overlay?.files.get(key);
    if (slot !== undefined) {
      return slot === DELETED ? undefined : slot;
    }
    return this.#files.get(key);
  }

  fileData(key: string): Uint8Array | undefined {
    const row = this.#sql("SELECT data FROM files WHERE key = ?").get(key);
    return row ? (row.data as Uint8Array) : undefined;
  }

  putFile(file: StoredFile, data: Uint8Array): void {
    const o = this.#tx();
    this.#sql(
      "INSERT OR REPLACE INTO files (key, name, content_type, size, stored, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      file.key,
      file.name,
      file.contentType,
      file.size,
      file.stored ? 1 : 0,
      file.createdAt,
      data,
    );
    o.files.set(file.key, file);
  }

  /** A stored copy of an uploaded (or stored) file under a new key; the bytes are copied in SQLite. */
  copyFile(from: string, to: StoredFile): void {
    const o = this.#tx();
    this.#sql(
      "INSERT INTO files (key, name, content_type, size, stored, created_at, data) SELECT ?, ?, ?, ?, ?, ?, data FROM files WHERE key = ?",
    ).run(
      to.key,
      to.name,
      to.contentType,
      to.size,
      to.stored ? 1 : 0,
      to.createdAt,
      from,
    );
    o.files.set(to.key, to);
  }

  deleteFile(key: string): void {
    const o = this.#tx();
    this.#sql("DELETE FROM files WHERE key = ?").run(key);
    o.files.set(key, DELETED);
  }
}
