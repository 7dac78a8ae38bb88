/**
 * The portal's local audit log: every login, search, denial and rate-limit event is appended
 * here, synchronously, before the answer leaves the portal; the shipper (shipper.ts) then sends
 * it to the 閲覧ログ app. SQLite on disk (node:sqlite, WAL) with `synchronous = FULL`: once
 * `record` has returned, the event survives kill -9 and power loss.
 *
 * Each event gets a random UUID, the 閲覧ログ app's unique `eventId`, which makes shipping
 * idempotent. Events are stored already shaped as the app's field values (labels, lengths cut to
 * the fields' maximums), so shipping cannot fail on a value. The file is a queue, not an
 * archive: shipped events are deleted after a retention (default 7 days).
 *
 * The queue is capped: when kintone cannot take the events (down, or the shipper's daily budget
 * spent) and requests keep coming, at most `maxPending` events wait here; beyond that `record`
 * and `append` refuse with AuditQueueFull, so a flood fills neither the disk nor the app later,
 * and the portal, which answers only once its event is recorded, shows nothing (fail closed).
 * A log line warns when the queue passes `alarmRatio` of the cap.
 *
 * `append` (what the portal uses) commits on a worker thread (committer.ts): events are handed
 * over as soon as the worker is free (else at the end of the event loop's turn), and everything
 * handed over while a commit is being written goes in the next transaction, so the fsync holds
 * up neither the portal's other requests nor, for long, the event's own. Each promise still
 * resolves only once its event is on disk.
 *
 * Event ids are time-ordered (UUID version 7 layout, see timeOrderedId): each new id sorts after
 * the ones of earlier milliseconds, so the unique index on `id` grows at its end. Random ids
 * touched a different index page per event, and a commit wrote one page each: measured with
 * 100,000 events in the file, 40 µs of CPU per event against 16–19, and commits a third slower.
 */
import type { LogLine } from "../logger.ts";
import { randomUUID } from "node:crypto";
import { accessEventTypes, type AccessEventType } from "../../domain/codes.ts";
import { neutralizeFormula } from "../../domain/text.ts";
import {
  searchMethods,
  type SearchMethod,
  type SearchQuery,
} from "../../domain/searchKeys.ts";
import type { AccessLogValues } from "../../schemas/records.ts";
import { openSqlite, statementCache } from "../sqlite.ts";
import {
  INSERT_EVENT,
  runOp,
  startCommitter,
  type CommitRow,
  type WriteOp,
} from "./committer.ts";

/** One event as the portal reports it; everything but the type is optional. */
export interface AuditEvent {
  eventType: AccessEventType;
  /** Default: the log's clock. */
  occurredAt?: Date;
  /** The login address (as typed for ログイン要求, the registration's otherwise). */
  email?: string;
  /** 事業所番号 of the registration. */
  officeNo?: string;
  searchMethod?: SearchMethod;
  /** The normalized keys searched: "123456" or "0105 / 19500102" (see searchFieldsOf). */
  searchValues?: string;
  hitCount?: number;
  /** 申請番号 of the records shown. */
  shownRecords?: readonly string[];
  ip?: string;
  userAgent?: string;
}

/** An event waiting to be shipped, as the 閲覧ログ app's field values. */
export interface PendingEvent {
  id: string;
  values: AccessLogValues;
}

export interface AuditLogOptions {
  /** The clock (tests inject one). */
  now?: () => Date;
  /** Shipped events are deleted this many days after shipping. Default 7. */
  retentionDays?: number;
  /**
   * Most events waiting to be shipped: beyond it `record` throws and `append` rejects with
   * AuditQueueFull. Default 1,000,000: about 0.65 GB of typical events, 4.2 GB of events
   * whose typed address and User-Agent are as long as allowed (README.md).
   */
  maxPending?: number;
  /** A line is logged when the pending events reach this fraction of maxPending. Default 0.8. */
  alarmRatio?: number;
  /** One line when the queue passes the alarm threshold, falls back under it, or is full. */
  logLine?: LogLine;
}

/** The events waiting to be shipped have reached the cap (maxPending): this one is refused. */
export class AuditQueueFull extends Error {
  readonly max: number;

  constructor(max: number) {
    super(
      `audit: the local queue is full (${max} events waiting to be shipped)`,
    );
    this.name = "AuditQueueFull";
    this.max = max;
  }
}

export const DEFAULT_MAX_PENDING = 1_000_000;

export interface AuditLog {
  /**
   * Appends an event durably and returns its id (the app's eventId). Throws if it cannot, and
   * AuditQueueFull when maxPending events are already waiting.
   */
  record: (event: AuditEvent) => string;
  /**
   * The same, committed on the worker thread together with the other events appended meanwhile:
   * resolves with the id once the event is on disk, rejects if the commit failed (at once, with
   * AuditQueueFull, when the queue is full, counting the events waiting for a commit).
   */
  append: (event: AuditEvent) => Promise<string>;
  /** The oldest events not yet shipped, at most `limit`. */
  pending: (limit: number) => PendingEvent[];
  /** Marks events as accepted by kintone; resolves with how many changed. */
  markShipped: (ids: readonly string[]) => Promise<number>;
  /** Deletes events shipped before the retention; resolves with how many. */
  purgeShipped: () => Promise<number>;
  /** Events waiting and shipped (counted in the file), and the cap on those waiting. */
  counts: () => { pending: number; shipped: number; max: number };
  /** kintone requests the shipper counted on `day` (its budget; see shipper.ts). */
  requestsOn: (day: string) => number;
  /** Adds `n` requests to `day`'s count and forgets earlier days; resolves with the count. */
  countRequests: (day: string, n: number) => Promise<number>;
  close: () => void;
}

/** Maximum lengths of the 閲覧ログ app's text fields (schemas/apps/accessLog.ts). */
const MAX = {
  email: 254,
  officeNo: 10,
  searchValues: 200,
  ip: 64,
  userAgent: 512,
} as const;

const DAY = 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  record_json TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  shipped_at INTEGER
);
CREATE INDEX IF NOT EXISTS audit_events_pending ON audit_events (seq) WHERE shipped_at IS NULL;
CREATE INDEX IF NOT EXISTS audit_events_shipped ON audit_events (shipped_at) WHERE shipped_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS ship_requests (
  day TEXT PRIMARY KEY,
  requests INTEGER NOT NULL
);
`;

/** The search method and values of a parsed query, as the log wants them. */
/** What was searched: the 6 digits, or the whole 被保険者番号 when 10 characters were typed. */
export const searchFieldsOf = (
  query: SearchQuery,
): { searchMethod: SearchMethod; searchValues: string } =>
  query.method === "insuredNo"
    ? {
        searchMethod: "insuredNo",
        searchValues: query.insuredNo ?? query.insuredNoLast6,
      }
    : {
        searchMethod: "dates",
        searchValues: `${query.applicationDateMMDD} / ${query.birthDateYMD}`,
      };

/** Control characters (line breaks, tabs…) become spaces: these are single-line fields. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A single-line text cut to `max` characters (code points, as kintone counts). Staff export
 * 閲覧ログ to spreadsheets and much of it is typed by anyone (an address, a User-Agent), so a
 * value that would start a formula is neutralized.
 */
const line = (value: string | undefined, max: number): string => {
  const clean = neutralizeFormula((value ?? "").replace(CONTROL, " ").trim());
  if (clean.length <= max) {
    return clean; // no more code points than UTF-16 units
  }
  const chars = [...clean];
  return chars.length > max ? chars.slice(0, max).join("") : clean;
};

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Written here
 * rather than taken from the `uuid` package: its v7 cost 4.8 µs a call on this machine against
 * 0.2 µs for node:crypto's pooled randomUUID, whose version-4 id supplies the random part and
 * the variant bits; only the time and the version digit are put in.
 */
export const timeOrderedId = (ms = Date.now()): string => {
  const time = ms.toString(16).padStart(12, "0");
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
};

/** kintone's DATETIME form: UTC to the second. */
const dateTimeOf = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const countOf = (n: number | undefined): string =>
  n !== undefined && Number.isFinite(n) && n >= 0 ? String(Math.trunc(n)) : "";

/** The event as the app's field values (every value valid for its field). */
export const valuesOf = (
  id: string,
  event: AuditEvent,
  at: Date,
): AccessLogValues => ({
  eventId: id,
  occurredAt: dateTimeOf(event.occurredAt ?? at),
  eventType: accessEventTypes[event.eventType].label,
  email: line(event.email, MAX.email),
  officeNo: line(event.officeNo, MAX.officeNo),
  searchMethod: event.searchMethod
    ? searchMethods[event.searchMethod].label
    : "",
  searchValues: line(event.searchValues, MAX.searchValues),
  hitCount: countOf(event.hitCount),
  shownRecords: (event.shownRecords ?? [])
    .map((s) => line(s, 100))
    .filter((s) => s !== "")
    .join("\n"),
  ip: line(event.ip, MAX.ip),
  userAgent: line(event.userAgent, MAX.userAgent),
});

/**
 * The number of events waiting, kept in memory (set from the file at open, changed by appends
 * and markShipped; no COUNT per append), with the alarm: one line when it reaches the threshold,
 * one when it falls back under it, and one at the first refusal of a full queue. Another process
 * writing the same file is not seen until `counts()` (the portal is the file's only writer).
 */
const queueGauge = (
  initial: number,
  max: number,
  alarmRatio: number,
  logLine: LogLine,
) => {
  const threshold = Math.max(1, Math.ceil(max * alarmRatio));
  const percent = Math.round(alarmRatio * 100);
  let pending = initial;
  let alarmed = false;
  let fullLogged = false;
  const watch = (): void => {
    if (!alarmed && pending >= threshold) {
      alarmed = true;
      logLine(
        `audit: local queue at ${percent}% of its cap (${pending} pending, cap ${max}) — check shipping to kintone`,
        "warn",
      );
    } else if (alarmed && pending < threshold) {
      alarmed = false;
      fullLogged = false;
      logLine(
        `audit: local queue back under ${percent}% of its cap (${pending} pending)`,
      );
    }
  };
  watch();
  return {
    /** Throws AuditQueueFull unless `more` events fit beside those waiting. */
    admit: (more: number): void => {
      if (pending + more <= max) {
        return;
      }
      if (!fullLogged) {
        fullLogged = true;
        logLine(
          `audit: local queue full (cap ${max}): new events are refused and the portal shows no records until shipping catches up`,
          "error",
        );
      }
      throw new AuditQueueFull(max);
    },
    add: (n: number): void => {
      pending = Math.max(0, pending + n);
      watch();
    },
    set: (n: number): void => {
      pending = n;
      watch();
    },
  };
};

export const openAuditLog = (
  file: string,
  options: AuditLogOptions = {},
): AuditLog => {
  const now = options.now ?? (() => new Date());
  const retentionMs = (options.retentionDays ?? 7) * DAY;
  const maxPending = Math.max(
    1,
    Math.trunc(options.maxPending ?? DEFAULT_MAX_PENDING),
  );
  // FULL: each commit is fsynced to the WAL, so a returned record() survives power loss too.
  const db = openSqlite(file, { synchronous: "FULL", schema: SCHEMA });
  const sql = statementCache(db);
  const run = (text: string, ...params: Array<string | number>): number =>
    Number(sql(text).run(...params).changes);

  /** Each count goes through its partial index. */
  const count = (where: string): number =>
    Number(
      (
        sql(`SELECT COUNT(*) AS n FROM audit_events WHERE ${where}`).get() as {
          n: number;
        }
      ).n,
    );
  const gauge = queueGauge(
    count("shipped_at IS NULL"),
    maxPending,
    options.alarmRatio ?? 0.8,
    options.logLine ?? (() => undefined),
  );

  const rowOf = (id: string, event: AuditEvent, at: Date): CommitRow => [
    id,
    JSON.stringify(valuesOf(id, event, at)),
    at.getTime(),
  ];
  const insert = (row: CommitRow): void => {
    sql(INSERT_EVENT).run(...row);
  };

  interface Waiting {
    row: CommitRow;
    resolve: (id: string) => void;
    reject: (e: unknown) => void;
  }
  /** Appended, not yet handed to a commit. */
  let waiting: Waiting[] = [];
  /** How many events the batches handed to the worker and not yet settled hold. */
  let committing = 0;
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  const committer = startCommitter(file);

  const record = (event: AuditEvent): string => {
    // The events waiting for a commit have their places already.
    gauge.admit(waiting.length + committing + 1);
    const id = timeOrderedId();
    const row = rowOf(id, event, now());
    if (closed || !committer.usable) {
      insert(row);
    } else {
      // Through the worker too, waiting for it here: it stays the file's only writer (a write
      // from this thread and the worker's would wait on each other's lock).
      let failed: Error | null = null;
      committer.commit([row], (error) => {
        failed = error;
      });
      committer.finish();
      if (failed) {
        throw failed;
      }
    }
    gauge.add(1);
    return id;
  };

  const settle = (batch: Waiting[], error: unknown): void => {
    if (error) {
      for (const w of batch) {
        w.reject(error);
      }
      return;
    }
    gauge.add(batch.length);
    for (const w of batch) {
      w.resolve(w.row[0]);
    }
  };

  /** Writes a batch in one transaction on this thread (closing, or no worker). */
  const commitHere = (batch: Waiting[]): void => {
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const w of batch) {
          insert(w.row);
        }
        db.exec("COMMIT");
      } catch (e) {
        db.exec("ROLLBACK");
        throw e;
      }
    } catch (e) {
      settle(batch, e);
      return;
    }
    settle(batch, null);
  };

  /** Hands events to the worker; it commits them with every other batch waiting for it. */
  const handOver = (batch: Waiting[]): void => {
    committing += batch.length;
    committer.commit(
      batch.map((w) => w.row),
      (error) => {
        committing -= batch.length;
        settle(batch, error);
      },
    );
  };

  /** Hands the events waiting to the worker, or commits them here (no worker, or closing). */
  const commitWaiting = (): void => {
    if (scheduled) {
      clearImmediate(scheduled);
      scheduled = null;
    }
    if (waiting.length === 0) {
      return;
    }
    const batch = waiting;
    waiting = [];
    if (closed || !committer.usable) {
      commitHere(batch);
      return;
    }
    handOver(batch);
  };

  const append = (event: AuditEvent): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      if (closed) {
        throw new Error("audit: the log is closed");
      }
      gauge.admit(waiting.length + committing + 1);
      // The time is taken now, not at the commit: it is when the portal handled the request.
      waiting.push({
        row: rowOf(timeOrderedId(), event, now()),
        resolve,
        reject,
      });
      if (committer.usable && committer.idle) {
        // The worker is not writing: the events waiting go now, not at the end of this turn of
        // the event loop, so the commit runs while this thread handles the next requests (handing
        // a turn's events over together left the worker idle while the thread worked and the
        // thread idle while the worker wrote: a quarter of the time). While it writes, events
        // gather here and go together when it is done, or at the end of the turn.
        commitWaiting();
        return;
      }
      scheduled ??= setImmediate(commitWaiting);
    });

  const pending = (limit: number): PendingEvent[] =>
    (
      sql(
        "SELECT id, record_json FROM audit_events WHERE shipped_at IS NULL ORDER BY seq LIMIT ?",
      ).all(Math.max(0, Math.trunc(limit))) as Array<{
        id: string;
        record_json: string;
      }>
    ).map((r) => ({
      id: r.id,
      values: JSON.parse(r.record_json) as AccessLogValues,
    }));

  /**
   * The shipper's writes: on the worker, in a batch with the events (the worker is then the
   * file's only writer; see committer.ts), or here when there is no worker.
   */
  const writeOps = (ops: readonly WriteOp[]): Promise<number[]> => {
    if (!closed && committer.usable) {
      return new Promise<number[]>((resolve, reject) => {
        committer.commit(
          [],
          (error, changes) => (error ? reject(error) : resolve(changes)),
          ops,
        );
      });
    }
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        const changes = ops.map((op) => runOp(run, op));
        db.exec("COMMIT");
        return Promise.resolve(changes);
      } catch (e) {
        db.exec("ROLLBACK");
        throw e;
      }
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };

  const markShipped = async (ids: readonly string[]): Promise<number> => {
    if (ids.length === 0) {
      return 0;
    }
    const [changed = 0] = await writeOps([
      { kind: "markShipped", ids: [...ids], at: now().getTime() },
    ]);
    gauge.add(-changed);
    return changed;
  };

  const purgeShipped = async (): Promise<number> =>
    (
      await writeOps([
        { kind: "purgeShipped", before: now().getTime() - retentionMs },
      ])
    )[0] ?? 0;

  const counts = () => {
    const waitingInFile = count("shipped_at IS NULL");
    // The file's count is the truth (it sees another process's writes too): the gauge follows,
    // unless batches are in flight (they may or may not be in the count yet; they add on their
    // end).
    if (committing === 0) {
      gauge.set(waitingInFile);
    }
    return {
      pending: waitingInFile,
      shipped: count("shipped_at IS NOT NULL"),
      max: maxPending,
    };
  };

  const requestsOn = (day: string): number =>
    Number(
      (
        sql("SELECT requests FROM ship_requests WHERE day = ?").get(day) as
          { requests: number } | undefined
      )?.requests ?? 0,
    );

  const countRequests = async (day: string, n: number): Promise<number> => {
    await writeOps([{ kind: "countRequests", day, n }]);
    return requestsOn(day);
  };

  return {
    record,
    append,
    pending,
    markShipped,
    purgeShipped,
    counts,
    requestsOn,
    countRequests,
    close: () => {
      closed = true;
      if (scheduled) {
        clearImmediate(scheduled);
        scheduled = null;
      }
      // The batches in flight finish, and events appended but not yet handed over are written
      // here, before the file closes.
      committer.finish();
      commitWaiting();
      committer.close();
      db.close();
    },
  };
};
