/**
 * Ships the local audit log (log.ts) to the 閲覧ログ app: the oldest pending events, up to 2,000
 * at a time in one bulkRequest (20 × 100 records), on a timer and on demand (`flush`). An event is
 * marked shipped only after kintone accepted it, so nothing is lost.
 *
 * Nothing is doubled either, with a token that may only add records: when the portal stopped
 * after kintone committed a batch but before it was marked here, the next attempt fails with
 * CB_VA01 on `records[i].eventId.value` (the app's eventId is unique). Those events are already
 * in kintone: they are marked and the rest of the batch is sent again. Any other failure waits
 * (exponential backoff with jitter, up to maxBackoffMs) and retries; events are never dropped.
 *
 * Log lines carry counts and error codes only, never a value of an event.
 */
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
  /** Events per bulkRequest, at most 2,000 (20 requests of 100). Default 2,000. */
  batchSize?: number;
  /** Time between shipments while all is well. Default 30 s (≤ 2,880 requests a day). */
  intervalMs?: number;
  /** The first wait after a failure; it doubles with each failure. Default 1 s. */
  initialBackoffMs?: number;
  /** The longest wait after failures. Default 5 min. */
  maxBackoffMs?: number;
  onError?: (failure: ShipFailure) => void;
  /** One line per notable event, without personal data. */
  logLine?: (line: string) => void;
  /** Jitter source (tests). */
  random?: () => number;
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

export const startAuditShipper = (o: AuditShipperOptions): AuditShipper => {
  const batchSize = Math.min(MAX_BATCH, Math.max(1, o.batchSize ?? MAX_BATCH));
  const intervalMs = o.intervalMs ?? 30_000;
  const initialBackoffMs = o.initialBackoffMs ?? 1_000;
  const maxBackoffMs = Math.max(initialBackoffMs, o.maxBackoffMs ?? 300_000);
  const random = o.random ?? Math.random;
  const logLine = o.logLine ?? (() => undefined);
  const { log, client, app } = o;

  let failures = 0;
  let lastErrorCode: string | null = null;
  let lastSuccessAt: Date | null = null;
  let nextAttemptAt: Date | null = null;
  const totals = { shipped: 0, alreadyInKintone: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const post = async (events: readonly PendingEvent[]): Promise<void> => {
    await client.bulkRequest({
      requests: chunksOf(events, RECORDS_PER_REQUEST).map((chunk) => ({
        method: "POST",
        endpointName: "records" as const,
        payload: { app, records: chunk.map(recordOf) },
      })),
    });
  };

  /** Sends one batch; events kintone already has are marked and the rest sent again. */
  const shipBatch = async (
    batch: readonly PendingEvent[],
  ): Promise<{ shipped: number; already: number }> => {
    let rest = batch;
    let already = 0;
    while (rest.length > 0) {
      try {
        await post(rest);
        log.markShipped(rest.map((e) => e.id));
        totals.shipped += rest.length;
        return { shipped: rest.length, already };
      } catch (e) {
        const known = alreadyInKintone(e, rest);
        if (known.length === 0) {
          throw e;
        }
        log.markShipped(known);
        totals.alreadyInKintone += known.length;
        already += known.length;
        const skip = new Set(known);
        rest = rest.filter((ev) => !skip.has(ev.id));
      }
    }
    return { shipped: 0, already };
  };

  /** Ships batches until a batch is not full (everything recorded so far is out). */
  const shipAll = async (): Promise<ShipResult> => {
    let shipped = 0;
    let already = 0;
    for (;;) {
      const batch = log.pending(batchSize);
      if (batch.length > 0) {
        const r = await shipBatch(batch);
        shipped += r.shipped;
        already += r.already;
      }
      if (batch.length < batchSize || stopped) {
        break;
      }
    }
    log.purgeShipped();
    if (already > 0) {
      logLine(`audit: ${already} event(s) were already in kintone`);
    }
    return {
      shipped,
      alreadyInKintone: already,
      pending: log.counts().pending,
    };
  };

  const schedule = (delayMs: number): void => {
    clearTimeout(timer);
    if (stopped) {
      nextAttemptAt = null;
      return;
    }
    nextAttemptAt = new Date(Date.now() + delayMs);
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
      const result = await shipAll();
      failures = 0;
      lastErrorCode = null;
      lastSuccessAt = new Date();
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
    status: () => ({
      pending: log.counts().pending,
      failures,
      lastErrorCode,
      lastSuccessAt,
      nextAttemptAt,
      totals: { ...totals },
    }),
  };
};
