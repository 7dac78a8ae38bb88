/**
 * The audit log's commit thread (started by committer.ts): its own connection to the audit file,
 * `synchronous = FULL`. When a batch arrives it takes every other batch already waiting, writes
 * them all in one transaction (fsynced), and reports them: first on the results port, then in the
 * shared buffer. "close" closes the connection and ends the thread.
 */
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
} from "node:worker_threads";
import { openSqlite, statementCache } from "../sqlite.ts";
import {
  INSERT_EVENT,
  runOp,
  type CommitRequest,
  type CommitResult,
  type CommitWorkerData,
} from "./committer.ts";

type Message = CommitRequest | "close";

if (!parentPort) {
  throw new Error("commitWorker.ts runs as a worker thread (committer.ts)");
}
const port = parentPort;
const { file, signal, results } = workerData as CommitWorkerData;
const slots = new Int32Array(signal);
const db = openSqlite(file, { synchronous: "FULL" });
const insert = db.prepare(INSERT_EVENT);
const sql = statementCache(db);
const run = (text: string, ...params: Array<string | number>): number =>
  Number(sql(text).run(...params).changes);

/** Writes the batches in one transaction: their events, then their operations. */
const write = (
  batches: readonly CommitRequest[],
): Pick<CommitResult, "error" | "changes"> => {
  try {
    const changes: Array<[number, number[]]> = [];
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const batch of batches) {
        for (const [id, json, at] of batch.rows) {
          insert.run(id, json, at);
        }
        if (batch.ops) {
          changes.push([batch.n, batch.ops.map((op) => runOp(run, op))]);
        }
      }
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
    return { error: null, changes };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};

const close = (): void => {
  db.close();
  results.close();
  port.close();
};

port.on("message", (first: Message) => {
  const batches: CommitRequest[] = [];
  let closing = first === "close";
  if (first !== "close") {
    batches.push(first);
  }
  // Everything that arrived while the last commit was being written goes in this one.
  while (!closing) {
    const next = receiveMessageOnPort(port)?.message as Message | undefined;
    if (next === undefined) {
      break;
    }
    if (next === "close") {
      closing = true;
    } else {
      batches.push(next);
    }
  }
  const last = batches.at(-1);
  if (last) {
    results.postMessage({
      upTo: last.n,
      ...write(batches),
    } satisfies CommitResult);
    Atomics.store(slots, 0, last.n);
    Atomics.notify(slots, 0);
  }
  if (closing) {
    close();
  }
});
