/**
 * The audit log's commit thread (started by committer.ts): its own connection to the audit file,
 * `synchronous = FULL`; each batch it receives is written in one transaction, fsynced, and
 * reported (shared buffer first, then a message). "close" closes the connection and ends it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "../sqlite.ts";
import {
  INSERT_EVENT,
  OUTCOME_FAILED,
  OUTCOME_OK,
  SLOT_DONE,
  SLOT_OUTCOME,
  type CommitRequest,
  type CommitResult,
} from "./committer.ts";

const { file, signal } = workerData as {
  file: string;
  signal: SharedArrayBuffer;
};
const slots = new Int32Array(signal);
const db = openSqlite(file, { synchronous: "FULL" });
const insert = db.prepare(INSERT_EVENT);

const write = (rows: CommitRequest["rows"]): string | null => {
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const [id, json, at] of rows) {
        insert.run(id, json, at);
      }
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

parentPort?.on("message", (m: CommitRequest | "close") => {
  if (m === "close") {
    db.close();
    parentPort?.close();
    return;
  }
  const error = write(m.rows);
  Atomics.store(
    slots,
    SLOT_OUTCOME,
    error === null ? OUTCOME_OK : OUTCOME_FAILED,
  );
  Atomics.store(slots, SLOT_DONE, m.n);
  Atomics.notify(slots, SLOT_DONE);
  parentPort?.postMessage({ n: m.n, error } satisfies CommitResult);
});
