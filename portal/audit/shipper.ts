/**
 * Ships the local audit log (log.ts) to the 閲覧ログ app: the oldest pending events, 500 at a time
 * (up to 2,000) in one bulkRequest (requests of 100 records), on a timer and on demand (`flush`). An event is
 * marked shipped only after kintone accepted it, so nothing is lost.
 *
 * Nothing is doubled either, with a token that may only add records: when the portal stopped
 * after kintone committed a batch but before it was marked here, the next attempt fails with
 * CB_VA01 on `records[i].eventId.value` (the app's eventId is unique). Those events are already
 * in kintone: they are marked and the rest of the batch is sent again. Any other failure waits
 * (exponential backoff with jitter, up to maxBackoffMs) and retries; events are never dropped.
 *
 * A daily budget caps the requests to the app (`dailyRequestBudget`, default 5,000; kintone's
 * limit is 10,000 per app and day): once it is spent the shipper sends nothing until kintone's
 * day turns (09:00 JST), and the events wait in the local log (capped there, see log.ts).
 *
 * Log lines carry counts and error codes only, never a value of an event.
 */
import type { LogLine } from "../logger.ts";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  classifyKintoneError,
  kintoneErrorCode,
} from "../../kintone/client.ts";
import type { AuditLog, PendingEvent } from "./log.ts";

export interface ShipFailure {
  /** The error as thrown (an axios error may carry the request's headers: do not log it). */
  error: unknown;
  /** kintone's error code (CB_VA01, GAIA_NO01…) or the network error's (ECONNREFUSED…). */
  code: string;
  /** Consecutive failures so far (1 for the first). */
  attempt: number;
  /** When the next attempt is made. */
  delayMs: number;
}

export interface AuditShipperOptions {
  log: AuditLog;
  /** A client of the kintone holding the 閲覧ログ app, with the portal's add-only token. */
  client: KintoneRestAPIClient;
  /** The 閲覧ログ app's id. */
  app: string;
  /**
   * Events per bulkRequest, at most 2,000 (20 requests of 100). Default 500: reading and shaping
   * a batch holds the portal's event loop (about 20–40 ms for 2,000 under load), which showed in
   * the search's p99; the budget counts requests of 100 events, so smaller batches cost nothing.
   */
  batchSize?: number;
  /** Time between shipments while all is well. Default 30 s (≤ 2,880 requests a day). */
  intervalMs?: number;
  /** The first wait after a failure; it doubles with each failure. Default 1 s. */
  initialBackoffMs?: number;
  /** The longest wait after failures. Default 5 min. */
  maxBackoffMs?: number;
  onError?: (failure: ShipFailure) => void;
  /** One line per notable event, without personal data. */
  logLine?: LogLine;
  /** Jitter source (tests). */
  random?: () => number;
  /**
   * kintone API requests to the app per kintone day (see DEFAULT_DAILY_REQUESTS). A bulkRequest
   * counts as the requests it carries (one per 100 events), whether it succeeds or fails.
   */
  dailyRequestBudget?: number;
  /** The clock of the budget's day and of the status (tests inject one). */
  now?: () => Date;
}

export interface ShipResult {
  /** Events added to kintone by this shipment. */
  shipped: number;
  /** Events kintone already had (a batch committed before a crash), now marked. */
  alreadyInKintone: number;
  /** Events still waiting. */
  pending: number;
}

export interface ShipperStatus {
  pending: number;
  /** The local log's cap on pending events (beyond it the portal refuses to answer). */
  maxPending: number;
  /** Today's budget (kintone's day, named by its UTC date) and the requests counted so far. */
  budget: { day: string; used: number; limit: number };
  /** Consecutive failures (0 when the last shipment succeeded). */
  failures: number;
  lastErrorCode: string | null;
  lastSuccessAt: Date | null;
  nextAttemptAt: Date | null;
  /** Since start: events added to kintone, and events found already there. */
  totals: { shipped: number; alreadyInKintone: number };
}

export interface AuditShipper {
  /** Ships every pending event now; rejects when kintone refused or could not be reached. */
  flush: () => Promise<ShipResult>;
  /** Stops the timer and waits for a shipment under way. Pending events stay in the log. */
  stop: () => Promise<void>;
  status: () => ShipperStatus;
}

const RECORDS_PER_REQUEST = 100;
const REQUESTS_PER_BULK = 20;
export const MAX_BATCH = RECORDS_PER_REQUEST * REQUESTS_PER_BULK;
const DEFAULT_BATCH = 500;

/** Lets requests waiting for the event loop run between two batches of a backlog. */
const yieldToRequests = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/**
 * kintone allows 10,000 API requests per app and day on the Standard course (docs/
 * kintone-behaviour.md §10; warned, not blocked). That document does not say how a bulkRequest is
 * counted; cybozu's guide counts each execution of an API as one request, per app. Assumption,
 * on the safe side: a bulkRequest counts as each of its requests (one per 100 records), so the
 * budget holds whether kintone counts the bulkRequest once or its parts. Half the limit: the
 * rest is left to whatever else calls the API on the 閲覧ログ app (staff's exports or reports,
 * customizations, the deploy tool). Of the 5,000, the timer alone may use up to 2,880 (one
 * request every 30 s while something is pending); the rest, and the quiet days, ship backlogs.
 * 5,000 requests are at least 500,000 events a day. The count is per audit file: portals
 * sharing one 閲覧ログ app must share the limit between their budgets.
 */
export const DEFAULT_DAILY_REQUESTS = 5_000;

/**
 * kintone's day for the request count: it resets at 09:00 JST, which is 00:00 UTC (cybozu's
 * "kintone APIリクエスト数の超過メールが届いたら?"), so the day is named by its UTC date.
 */
export const kintoneDayOf = (d: Date): string => d.toISOString().slice(0, 10);

const requestsFor = (events: number): number =>
  Math.ceil(events / RECORDS_PER_REQUEST);

const EVENT_ID_ERROR = /^records\[(\d+)\]\.eventId\.value$/;

const chunksOf = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
};

const recordOf = (e: PendingEvent): Record<string, { value: string }> =>
  Object.fromEntries(
    Object.entries(e.values).map(([code, value]) => [code, { value }]),
  );

/**
 * The events of `sent` that kintone refused because their eventId already exists. eventId is a
 * UUID (never empty, never longer than the field allows), so the only error its field can get is
 * the unique check's. `bulkRequestIndex` tells which request of 100 failed.
 */
export const alreadyInKintone = (
  e: unknown,
  sent: readonly PendingEvent[],
): string[] => {
  const f = classifyKintoneError(e);
  if (f.kind !== "refused" || f.code !== "CB_VA01" || !f.errors) {
    return [];
  }
  const base = (f.bulkRequestIndex ?? 0) * RECORDS_PER_REQUEST;
  const ids: string[] = [];
  for (const key of Object.keys(f.errors)) {
    const m = EVENT_ID_ERROR.exec(key);
    const event = m ? sent[base + Number(m[1])] : undefined;
    if (event) {
      ids.push(event.id);
    }
  }
  return ids;
};

/** The field codes a CB_VA01 names (`records[3].userAgent.value` → userAgent): no values. */
export const refusedFieldsOf = (e: unknown): string[] => {
  const f = classifyKintoneError(e);
  if (f.kind !== "refused" || !f.errors) {
    return [];
  }
  const codes = Object.keys(f.errors).map(
    (key) => /^records\[\d+\]\.([A-Za-z0-9_]+)\./.exec(key)?.[1] ?? "?",
  );
  return [...new Set(codes)].sort();
};

/** Equal jitter: between half and all of min(max, initial × 2^(attempt−1)). */
export const backoffDelay = (
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number => {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

/**
 * The day's request budget, counted in the log's file (a restart does not start it afresh):
 * `spend` counts a request before it is sent, or refuses when it would go over.
 */
const requestBudget = (
  log: AuditLog,
  limit: number,
  now: () => Date,
  logLine: LogLine,
) => {
  let spentLoggedOn: string | null = null;
  const remaining = (): number =>
    Math.max(0, limit - log.requestsOn(kintoneDayOf(now())));
  return {
    /** Events that still fit in today's budget. */
    room: (): number => remaining() * RECORDS_PER_REQUEST,
    spend: async (events: number): Promise<boolean> => {
      const cost = requestsFor(events);
      if (cost > remaining()) {
        return false;
      }
      await log.countRequests(kintoneDayOf(now()), cost);
      return true;
    },
    /** One line per day when the budget stops the shipping. */
    noteSpent: (pending: number): void => {
      const day = kintoneDayOf(now());
      if (spentLoggedOn !== day) {
        spentLoggedOn = day;
        logLine(
          `audit: today's budget of ${limit} kintone requests to the access log app is spent; ${pending} event(s) wait for kintone's next day (09:00 JST)`,
          "warn",
        );
      }
    },
    status: () => {
      const day = kintoneDayOf(now());
      return { day, used: log.requestsOn(day), limit };
    },
  };
};

export const startAuditShipper = (o: AuditShipperOptions): AuditShipper => {
  const batchSize = Math.min(
    MAX_BATCH,
    Math.max(1, o.batchSize ?? DEFAULT_BATCH),
  );
  const intervalMs = o.intervalMs ?? 30_000;
  const initialBackoffMs = o.initialBackoffMs ?? 1_000;
  const maxBackoffMs = Math.max(initialBackoffMs, o.maxBackoffMs ?? 300_000);
  const random = o.random ?? Math.random;
  const logLine = o.logLine ?? (() => undefined);
  const now = o.now ?? (() => new Date());
  const { log, client, app } = o;
  const budget = requestBudget(
    log,
    Math.max(1, Math.trunc(o.dailyRequestBudget ?? DEFAULT_DAILY_REQUESTS)),
    now,
    logLine,
  );

  let failures = 0;
  let lastErrorCode: string | null = null;
  let lastSuccessAt: Date | null = null;
  let nextAttemptAt: Date | null = null;
  const totals = { shipped: 0, alreadyInKintone: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Sends the events in one bulkRequest, counted first; false if the budget has no room. */
  const post = async (events: readonly PendingEvent[]): Promise<boolean> => {
    if (!(await budget.spend(events.length))) {
      return false;
    }
    await client.bulkRequest({
      requests: chunksOf(events, RECORDS_PER_REQUEST).map((chunk) => ({
        method: "POST",
        endpointName: "records" as const,
        payload: { app, records: chunk.map(recordOf) },
      })),
    });
    return true;
  };

  /**
   * Sends one batch; events kintone already has are marked and the rest sent again. `held`: the
   * budget stopped it (what was not sent stays pending).
   */
  const shipBatch = async (
    batch: readonly PendingEvent[],
  ): Promise<{ shipped: number; already: number; held: boolean }> => {
    let rest = batch;
    let already = 0;
    while (rest.length > 0) {
      try {
        if (!(await post(rest))) {
          return { shipped: 0, already, held: true };
        }
        await log.markShipped(rest.map((e) => e.id));
        totals.shipped += rest.length;
        return { shipped: rest.length, already, held: false };
      } catch (e) {
        const known = alreadyInKintone(e, rest);
        if (known.length === 0) {
          throw e;
        }
        await log.markShipped(known);
        totals.alreadyInKintone += known.length;
        already += known.length;
        const skip = new Set(known);
        rest = rest.filter((ev) => !skip.has(ev.id));
      }
    }
    return { shipped: 0, already, held: false };
  };

  /**
   * Ships batches until a batch is not full (everything recorded so far is out) or the day's
   * budget is spent (`held`). `sent`: whether a request went to kintone.
   */
  const shipAll = async (): Promise<{
    result: ShipResult;
    sent: boolean;
    held: boolean;
  }> => {
    let shipped = 0;
    let already = 0;
    let held = false;
    let sent = false;
    for (;;) {
      // A batch no larger than the budget's room: it runs out between batches, not inside one.
      const limit = Math.min(batchSize, budget.room());
      if (limit === 0) {
        held = true;
        break;
      }
      const batch = log.pending(limit);
      if (batch.length > 0) {
        sent = true;
        const r = await shipBatch(batch);
        shipped += r.shipped;
        already += r.already;
        held = r.held;
      }
      if (held || batch.length < limit || stopped) {
        break;
      }
      await yieldToRequests();
    }
    await log.purgeShipped();
    if (already > 0) {
      logLine(`audit: ${already} event(s) were already in kintone`);
    }
    const { pending } = log.counts();
    if (held && pending > 0) {
      budget.noteSpent(pending);
    }
    return {
      result: { shipped, alreadyInKintone: already, pending },
      sent,
      held,
    };
  };

  const schedule = (delayMs: number): void => {
    clearTimeout(timer);
    if (stopped) {
      nextAttemptAt = null;
      return;
    }
    nextAttemptAt = new Date(now().getTime() + delayMs);
    timer = setTimeout(() => {
      run().catch(() => undefined);
    }, delayMs);
    timer.unref();
  };

  const failed = (e: unknown): void => {
    failures += 1;
    lastErrorCode = kintoneErrorCode(e);
    const delayMs = backoffDelay(
      failures,
      initialBackoffMs,
      maxBackoffMs,
      random,
    );
    const fields = refusedFieldsOf(e);
    logLine(
      `audit: shipping failed (${lastErrorCode}${fields.length > 0 ? ` on ${fields.join(", ")}` : ""}, attempt ${failures}); retry in ${delayMs} ms`,
      "warn",
    );
    schedule(delayMs);
    try {
      o.onError?.({
        error: e,
        code: lastErrorCode,
        attempt: failures,
        delayMs,
      });
    } catch {
      // A failing observer must not stop the shipper.
    }
  };

  const shipNow = async (): Promise<ShipResult> => {
    try {
      const { result, sent, held } = await shipAll();
      // Held by the budget before anything was sent: neither a success nor a failure.
      if (sent || !held) {
        failures = 0;
        lastErrorCode = null;
        lastSuccessAt = now();
      }
      schedule(intervalMs);
      return result;
    } catch (e) {
      failed(e);
      throw e;
    }
  };

  /** Shipments run one after another: each waits for the one before. */
  let queue: Promise<unknown> = Promise.resolve();
  const run = (): Promise<ShipResult> => {
    const next = queue.then(() => {
      clearTimeout(timer);
      return shipNow();
    });
    queue = next.catch(() => undefined);
    return next;
  };

  schedule(0);

  return {
    flush: run,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      nextAttemptAt = null;
      await queue;
    },
    status: () => {
      const { pending, max } = log.counts();
      return {
        pending,
        maxPending: max,
        budget: budget.status(),
        failures,
        lastErrorCode,
        lastSuccessAt,
        nextAttemptAt,
        totals: { ...totals },
      };
    },
  };
};
