/**
 * The audit log's durable commits off the main thread: a worker thread (commitWorker.ts) owns a
 * connection of its own to the audit file (`synchronous = FULL`) and writes each batch of events
 * in one transaction, so the fsync of a commit no longer blocks the portal's event loop. One
 * batch at a time: the caller (log.ts) gathers what arrives meanwhile into the next one.
 *
 * Each batch ends with a callback once it is on disk (or failed). Besides the message, the
 * worker writes the batch's number and outcome to a shared buffer, so `finish()` can wait for
 * the batch in flight synchronously (close() must leave every accepted event in the file).
 * A worker that cannot start or dies makes `usable` false: the log then commits on the main
 * thread as before.
 */
import { Worker } from "node:worker_threads";

/** One event as stored: its id, its values as JSON, when it was recorded (ms). */
export type CommitRow = [id: string, json: string, at: number];

export const INSERT_EVENT =
  "INSERT INTO audit_events (id, record_json, recorded_at) VALUES (?, ?, ?)";

/** A batch to write (main → worker). */
export interface CommitRequest {
  n: number;
  rows: CommitRow[];
}

/** A batch written or not (worker → main); error is null once it is on disk. */
export interface CommitResult {
  n: number;
  error: string | null;
}

/** Shared buffer slots: the last batch finished, and its outcome. */
export const SLOT_DONE = 0;
export const SLOT_OUTCOME = 1;
export const OUTCOME_OK = 1;
export const OUTCOME_FAILED = 2;

export interface Committer {
  /** Whether batches can go to the worker (false once it failed). */
  readonly usable: boolean;
  /** Writes `rows` in one transaction; `done` is called once, with null when they are on disk. */
  commit: (rows: CommitRow[], done: (error: Error | null) => void) => void;
  /** Blocks until the batch in flight (if any) is finished, and calls its `done`. */
  finish: () => void;
  /** Ends the worker (after finish). */
  close: () => void;
}

/** How long finish() waits for a batch: beyond the busy timeout (5 s) and a slow disk. */
const FINISH_TIMEOUT_MS = 60_000;

export const startCommitter = (file: string): Committer => {
  const shared = new SharedArrayBuffer(8);
  const signal = new Int32Array(shared);
  let worker: Worker | null = null;
  let broken = false;
  let sent = 0;
  let inFlight: { n: number; done: (error: Error | null) => void } | null =
    null;

  const settle = (n: number, error: Error | null): void => {
    if (inFlight?.n !== n) {
      return;
    }
    const { done } = inFlight;
    inFlight = null;
    worker?.unref();
    done(error);
  };

  const fail = (e: unknown): void => {
    broken = true;
    const w = worker;
    worker = null;
    if (inFlight) {
      settle(
        inFlight.n,
        e instanceof Error
          ? e
          : new Error(`audit: commit worker: ${String(e)}`),
      );
    }
    w?.terminate().catch(() => undefined);
  };

  const workerOf = (): Worker => {
    if (worker) {
      return worker;
    }
    const w = new Worker(new URL("./commitWorker.ts", import.meta.url), {
      workerData: { file, signal: shared },
    });
    w.on("message", (m: CommitResult) => {
      settle(m.n, m.error === null ? null : new Error(m.error));
    });
    w.on("error", fail);
    w.on("exit", (code) => {
      if (worker === w) {
        fail(new Error(`audit: the commit worker exited (${code})`));
      }
    });
    w.unref();
    worker = w;
    return w;
  };

  const commit = (
    rows: CommitRow[],
    done: (error: Error | null) => void,
  ): void => {
    if (inFlight) {
      throw new Error("audit: a commit is already in flight");
    }
    sent += 1;
    inFlight = { n: sent, done };
    try {
      const w = workerOf();
      // Referenced while a batch is out: a process waiting for it does not exit.
      w.ref();
      w.postMessage({ n: sent, rows } satisfies CommitRequest);
    } catch (e) {
      fail(e);
    }
  };

  const finish = (): void => {
    if (!inFlight) {
      return;
    }
    const { n } = inFlight;
    const deadline = Date.now() + FINISH_TIMEOUT_MS;
    let last = Atomics.load(signal, SLOT_DONE);
    while (last < n && Date.now() < deadline) {
      Atomics.wait(signal, SLOT_DONE, last, 100);
      last = Atomics.load(signal, SLOT_DONE);
    }
    if (last >= n) {
      settle(
        n,
        Atomics.load(signal, SLOT_OUTCOME) === OUTCOME_OK
          ? null
          : new Error("audit: the commit failed"),
      );
    } else {
      fail(new Error("audit: the commit did not finish"));
    }
  };

  return {
    get usable() {
      return !broken;
    },
    commit,
    finish,
    close: () => {
      finish();
      const w = worker;
      worker = null;
      broken = true;
      // The worker closes its connection and ends; nothing waits for it.
      w?.postMessage("close");
      w?.unref();
    },
  };
};
