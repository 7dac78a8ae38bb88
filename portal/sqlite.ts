/**
 * The portal's SQLite files (replica, logins and sessions, rate limits, audit log): each is opened
 * the same way — its folder made, WAL journal, a busy timeout — and reads through a cache of
 * prepared statements. Only the durability differs: the audit log fsyncs every commit (FULL),
 * the others only at checkpoints (NORMAL: safe across a crash of the process).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

export interface OpenOptions {
  synchronous: "FULL" | "NORMAL";
  /** Statements run after opening (CREATE TABLE IF NOT EXISTS …). */
  schema?: string;
}

export const openSqlite = (file: string, o: OpenOptions): DatabaseSync => {
  if (file !== ":memory:") {
    mkdirSync(dirname(file), { recursive: true });
  }
  const db = new DatabaseSync(file);
  // The busy timeout first: setting the journal mode waits, too, for another connection that
  // is closing (its last checkpoint), instead of failing with "database is locked".
  db.exec(
    `PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = ${o.synchronous};`,
  );
  if (o.schema) {
    db.exec(o.schema);
  }
  return db;
};

export type Sql = (text: string) => StatementSync;

/** Prepares each statement text once and hands the same statement out afterwards. */
export const statementCache = (db: DatabaseSync): Sql => {
  const cache = new Map<string, StatementSync>();
  return (text) => {
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  };
};

/** Runs `work` in one write transaction (BEGIN IMMEDIATE), rolled back if it throws. */
export const immediateTransaction = <T>(db: DatabaseSync, work: () => T): T => {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
};
