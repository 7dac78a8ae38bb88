/**
 * The audit log's durable commits off the main thread: a worker thread (commitWorker.ts) owns a
 * connection of its own to the audit file (`synchronous = FULL`) and writes the batches it is
 * sent, so the fsync of a commit no longer blocks the portal's event loop. Batches are sent as
 * they come (one per turn of the main thread's event loop, see log.ts); the worker writes every
 * batch waiting for it in one transaction, so the batches that arrive while one commit is being
 * written go in the next one, and it never waits for the main thread between commits.
 *
 * Each batch ends with a callback once it is on disk (or failed). The worker reports on a port of
 * its own, and also writes the number of the last batch finished to a shared buffer, so
 * `finish()` can wait for the batches in flight synchronously and read their outcome from the
 * port (close() must leave every accepted event in the file). A worker that cannot start or dies
 * makes `usable` false: the log then commits on the main thread as before.
 *
 * The shipper's bookkeeping (marking events shipped, purging, counting its requests) goes the same
 * way, as write operations in a batch: the worker is the file's only writer while it runs. Written
 * from the main thread, each had to wait for the worker's lock — SQLite's busy handler sleeps
 * 1, 2, 5, 10… ms — and under load stalled the event loop up to 17 ms, a few per cent of its time.
 */
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";

/** One event as stored: its id, its values as JSON, when it was recorded (ms). */
export type CommitRow = [id: string, json: string, at: number];

export const INSERT_EVENT =
  "INSERT INTO audit_events (id, record_json, recorded_at) VALUES (?, ?, ?)";

/** The shipper's writes to the file, done in a batch like the events. */
export type WriteOp =
  | { kind: "markShipped"; ids: readonly string[]; at: number }
  | { kind: "purgeShipped"; before: number }
  | { kind: "countRequests"; day: string; n: number };

const OP_SQL: { [K in WriteOp["kind"]]: readonly string[] } = {
  markShipped: [
    "UPDATE audit_events SET shipped_at = ? WHERE shipped_at IS NULL AND id IN (SELECT value FROM json_each(?))",
  ],
  purgeShipped: [
    "DELETE FROM audit_events WHERE shipped_at IS NOT NULL AND shipped_at < ?",
  ],
  countRequests: [
    "INSERT INTO ship_requests (day, requests) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests",
    "DELETE FROM ship_requests WHERE day < ?",
  ],
};

/**
 * Runs one operation inside the caller's transaction, with `run` executing a statement text
 * (prepared once by the caller); returns the rows its first statement changed.
 */
export const runOp = (
  run: (sql: string, ...params: Array<string | number>) => number,
  op: WriteOp,
): number => {
  const [first = "", second = ""] = OP_SQL[op.kind];
  if (op.kind === "markShipped") {
    return run(first, op.at, JSON.stringify(op.ids));
  }
  if (op.kind === "purgeShipped") {
    return run(first, op.before);
  }
  const changed = run(first, op.day, op.n);
  run(second, op.day);
  return changed;
};

/** A batch to write (main → worker); batches are numbered 1, 2, 3… */
export interface CommitRequest {
  n: number;
  rows: CommitRow[];
  ops?: readonly WriteOp[];
}

/**
 * Batches up to `upTo` written (worker → main); error is null once they are on disk. `changes`:
 * for each batch with operations, the rows each changed.
 */
export interface CommitResult {
  upTo: number;
  error: string | null;
  changes?: Array<[n: number, counts: number[]]>;
}

/** Called once per batch: null and each operation's changed rows once it is on disk. */
export type CommitDone = (error: Error | null, changes: number[]) => void;

/** What the worker is started with. */
export interface CommitWorkerData {
  file: string;
  /** Int32 slot 0: the number of the last batch finished. */
  signal: SharedArrayBuffer;
  /** Where the worker reports (CommitResult). */
  results: MessagePort;
}

export interface Committer {
  /** Whether batches can go to the worker (false once it failed). */
  readonly usable: boolean;
  /** Whether the worker has finished every batch sent (read from shared memory, no message). */
  readonly idle: boolean;
  /** Writes `rows` and `ops` durably; `done` is called once, with null when they are on disk. */
  commit: (
    rows: CommitRow[],
    done: CommitDone,
    ops?: readonly WriteOp[],
  ) => void;
  /** Blocks until the batches in flight are finished, and calls their `done`. */
  finish: () => void;
  /** Ends the worker (after finish). */
  close: () => void;
}

/** How long finish() waits: beyond the busy timeout (5 s) and a slow disk. */
const FINISH_TIMEOUT_MS = 60_000;

export const startCommitter = (file: string): Committer => {
  const shared = new SharedArrayBuffer(4);
  const signal = new Int32Array(shared);
  let worker: Worker | null = null;
  let results: MessagePort | null = null;
  let broken = false;
  let sent = 0;
  /** Batches sent and not yet settled, in order. */
  const outstanding = new Map<number, CommitDone>();

  const settleUpTo = (
    upTo: number,
    error: Error | null,
    changes: ReadonlyMap<number, number[]> = new Map(),
  ): void => {
    for (const [n, done] of outstanding) {
      if (n > upTo) {
        break;
      }
      outstanding.delete(n);
      done(error, changes.get(n) ?? []);
    }
    if (outstanding.size === 0) {
      worker?.unref();
    }
  };

  const onResult = (m: CommitResult): void => {
    settleUpTo(
      m.upTo,
      m.error === null ? null : new Error(m.error),
      new Map(m.changes ?? []),
    );
  };

  const fail = (e: unknown): void => {
    broken = true;
    const w = worker;
    worker = null;
    results?.close();
    results = null;
    settleUpTo(
      Number.POSITIVE_INFINITY,
      e instanceof Error ? e : new Error(`audit: commit worker: ${String(e)}`),
    );
    w?.terminate().catch(() => undefined);
  };

  const workerOf = (): Worker => {
    if (worker) {
      return worker;
    }
    const channel = new MessageChannel();
    const data: CommitWorkerData = {
      file,
      signal: shared,
      results: channel.port2,
    };
    const w = new Worker(new URL("./commitWorker.ts", import.meta.url), {
      workerData: data,
      transferList: [channel.port2],
    });
    channel.port1.on("message", onResult);
    channel.port1.unref();
    w.on("error", fail);
    w.on("exit", (code) => {
      if (worker === w) {
        fail(new Error(`audit: the commit worker exited (${code})`));
      }
    });
    worker = w;
    results = channel.port1;
    return w;
  };

  const commit = (
    rows: CommitRow[],
    done: CommitDone,
    ops?: readonly WriteOp[],
  ): void => {
    sent += 1;
    outstanding.set(sent, done);
    try {
      const w = workerOf();
      // Referenced while batches are out: a process waiting for them does not exit.
      w.ref();
      w.postMessage({
        n: sent,
        rows,
        ...(ops ? { ops } : {}),
      } satisfies CommitRequest);
    } catch (e) {
      fail(e);
    }
  };

  const finish = (): void => {
    if (outstanding.size === 0) {
      return;
    }
    const deadline = Date.now() + FINISH_TIMEOUT_MS;
    let last = Atomics.load(signal, 0);
    while (last < sent && Date.now() < deadline) {
      Atomics.wait(signal, 0, last, 100);
      last = Atomics.load(signal, 0);
    }
    // The worker posts its report before it moves the shared count: the reports are there.
    for (
      let m = results && receiveMessageOnPort(results);
      m;
      m = results && receiveMessageOnPort(results)
    ) {
      onResult(m.message as CommitResult);
    }
    if (outstanding.size > 0) {
      fail(new Error("audit: the commit did not finish"));
    }
  };

  return {
    get usable() {
      return !broken;
    },
    get idle() {
      return Atomics.load(signal, 0) >= sent;
    },
    commit,
    finish,
    close: () => {
      finish();
      const w = worker;
      worker = null;
      broken = true;
      results?.close();
      results = null;
      // The worker closes its connection and ends; nothing waits for it.
      w?.postMessage("close");
      w?.unref();
    },
  };
};
