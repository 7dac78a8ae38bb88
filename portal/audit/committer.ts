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

/** A batch to write (main → worker); batches are numbered 1, 2, 3… */
export interface CommitRequest {
  n: number;
  rows: CommitRow[];
}

/** Batches up to `upTo` written (worker → main); error is null once they are on disk. */
export interface CommitResult {
  upTo: number;
  error: string | null;
}

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
  /** Writes `rows` durably; `done` is called once, with null when they are on disk. */
  commit: (rows: CommitRow[], done: (error: Error | null) => void) => void;
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
  const outstanding = new Map<number, (error: Error | null) => void>();

  const settleUpTo = (upTo: number, error: Error | null): void => {
    for (const [n, done] of outstanding) {
      if (n > upTo) {
        break;
      }
      outstanding.delete(n);
      done(error);
    }
    if (outstanding.size === 0) {
      worker?.unref();
    }
  };

  const onResult = (m: CommitResult): void => {
    settleUpTo(m.upTo, m.error === null ? null : new Error(m.error));
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
    done: (error: Error | null) => void,
  ): void => {
    sent += 1;
    outstanding.set(sent, done);
    try {
      const w = workerOf();
      // Referenced while batches are out: a process waiting for them does not exit.
      w.ref();
      w.postMessage({ n: sent, rows } satisfies CommitRequest);
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
