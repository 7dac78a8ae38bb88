/**
 * The portal's local read replica of kintone: the four apps the portal reads, kept in a SQLite
 * file and answered from there (searches never call kintone). `start()` loads everything, then
 * syncs every N seconds and reconciles deletions every M seconds; `requestSync()` (the webhook)
 * syncs at once, debounced. Operations run one at a time; a failed one leaves the data as it was,
 * and `status()` tells when the last success was and what the last failure was.
 */
import type { LogLine } from "../logger.ts";
import type { IsoDate } from "../../domain/date.ts";
import type { PublicationDay } from "../../domain/policy.ts";
import type { SearchQuery } from "../../domain/searchKeys.ts";
import { normalizeIdentifier } from "../../domain/text.ts";
import { describeKintoneError } from "../../kintone/client.ts";
import {
  appReader,
  clientFor,
  MAX_PAGE,
  type AppReader,
  type ClientOptions,
} from "./kintone.ts";
import { replicaApps, type ReplicaApp } from "./rows.ts";
import { progressIndexOf } from "./progressIndex.ts";
import { ReplicaStore } from "./store.ts";
import {
  fullLoadApp,
  reconcileApp,
  syncApp,
  type AppOutcome,
  type SyncContext,
} from "./sync.ts";
import type {
  KintoneRecord,
  RegistrationRow,
  ReplicaReader,
  SyncStatus,
} from "./types.ts";

export type { ReplicaApp } from "./rows.ts";

export interface ReplicaOptions extends ClientOptions {
  /** The SQLite file (created if missing). */
  file: string;
  /** The app ids in this kintone. */
  apps: Record<ReplicaApp, string>;
  now?: () => Date;
  /** One line per load, change, deletion or failure; never personal data. */
  log?: LogLine;
  /** Records per request, ≤ 500 (default 500). */
  pageSize?: number;
  /** How far this machine's clock may run ahead of kintone's (default 300 s). */
  clockSkewSeconds?: number;
  /** How long requestSync waits for more calls before syncing (default 200 ms). */
  debounceMs?: number;
  /**
   * Requested syncs (the webhook's) start at most this often (default 0): a flood of webhook
   * calls then costs at most one sync per interval, the last one deferred, never dropped.
   */
  requestIntervalMs?: number;
}

export interface ReplicaStatus extends SyncStatus {
  /** When the last failure happened, or null. */
  lastErrorAt: string | null;
  /** Seconds since lastSuccessAt (how old the data may be), or null before the first. */
  ageSeconds: number | null;
  /** Whether every app has been fully loaded (readiness). */
  loaded: boolean;
  /** Requests sent to kintone per app since the replica was opened. */
  requests: Record<string, number>;
}

/** What one operation did; it never throws. */
export interface SyncOutcome {
  ok: boolean;
  /** The first failure in one line, or null. */
  error: string | null;
  changed: number;
  deleted: number;
  requests: number;
}

export interface RegistrationReplicaRow extends RegistrationRow {
  /** 承認通知日時 (the approval mail was sent), or null. */
  approvalNotifiedAt: string | null;
}

/** A registration as the notice mails need it (portal/notify). */
export interface RegistrationNoticeRow {
  id: number;
  revision: number;
  status: string;
  email: string;
  /** 事業所名 and 差戻し理由, read from the record ("" when empty). */
  officeName: string;
  returnReason: string;
  approvalNotifiedAt: string | null;
}

/**
 * Called after an operation (full load, sync, reconcile) with the apps it read without error;
 * awaited inside the operation, so the next one starts after it.
 */
export type AfterSync = (apps: readonly ReplicaApp[]) => Promise<void> | void;

export interface Replica extends ReplicaReader {
  registrationByEmail(emailKey: string): RegistrationReplicaRow | undefined;
  registrationById(id: string): RegistrationReplicaRow | undefined;
  /** Every registration of a login address (by emailKey), whatever its status. */
  registrationsByEmail(emailKey: string): RegistrationReplicaRow[];
  /** The 事業所マスタ record of an office, or undefined. */
  officeByNo(officeNo: string): KintoneRecord | undefined;
  /** Every registration with the given statuses (the notice mails), by id. */
  registrationsIn(statuses: readonly string[]): RegistrationNoticeRow[];
  /**
   * The hook of the notice mails: `listener` runs after every operation that read some apps
   * without error (see AfterSync). A listener that throws is logged by name and changes nothing.
   * Returns a function that removes it.
   */
  afterSync(listener: AfterSync): () => void;
  status(): ReplicaStatus;
  /** Reloads every app through the cursor API, one transaction per app. */
  fullLoad(): Promise<SyncOutcome>;
  /** Reads what changed since the last sync (an app never loaded is loaded). */
  syncOnce(): Promise<SyncOutcome>;
  /** Removes the rows of records deleted in kintone. */
  reconcile(): Promise<SyncOutcome>;
  /** Full load, then sync and reconcile periodically. Resolves after the load. */
  start(o?: {
    syncIntervalSeconds?: number;
    reconcileIntervalSeconds?: number;
  }): Promise<SyncOutcome>;
  /** Stops the timers and waits for the running operation. */
  stop(): Promise<void>;
  /** A sync soon (debounced), of one app by its kintone id or of all; resolves when done. */
  requestSync(appId?: string): Promise<SyncOutcome>;
  close(): Promise<void>;
}

type Step = (c: SyncContext) => Promise<AppOutcome>;

interface Pending {
  apps: Set<ReplicaApp>;
  promise: Promise<SyncOutcome>;
  resolve: (o: SyncOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

const REGISTRATION_COLUMNS =
  "id, emailKey, email, officeNo, status, lastLoginAt, approvedAt, approvalNotifiedAt, createdAt";

interface RegistrationSqlRow {
  id: number;
  emailKey: string;
  email: string;
  officeNo: string;
  status: string;
  lastLoginAt: string | null;
  approvedAt: string | null;
  approvalNotifiedAt: string | null;
  createdAt: string;
}

const toRegistration = (
  r: RegistrationSqlRow | undefined,
): RegistrationReplicaRow | undefined => r && { ...r, id: String(r.id) };

const ACTIVE = "利用中";

/** Entries a memo keeps at most (the keys may come from anyone: login addresses). */
const MAX_MEMO = 10_000;

/**
 * Answers kept in memory while the app's table is unchanged: emptied as soon as its version
 * moves (any write that changed one of its rows: sync, full load, reconcile), so a registration
 * suspended in kintone is seen as such right after the sync that brought the change.
 */
const memoOf = <K, V>(store: ReplicaStore, app: ReplicaApp) => {
  const kept = new Map<K, V>();
  let version = store.versionOf(app);
  return (key: K, read: (key: K) => V): V => {
    if (version !== store.versionOf(app) || kept.size >= MAX_MEMO) {
      kept.clear();
      version = store.versionOf(app);
    }
    if (kept.has(key)) {
      return kept.get(key) as V;
    }
    const value = read(key);
    kept.set(key, value);
    return value;
  };
};

/** A value handed out from memory to every request: nobody may change it. */
const deepFrozen = <T>(value: T): T => {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFrozen);
    Object.freeze(value);
  }
  return value;
};

const readers = (store: ReplicaStore) => {
  const byEmail = memoOf<string, RegistrationReplicaRow | undefined>(
    store,
    "registration",
  );
  const byId = memoOf<string, RegistrationReplicaRow | undefined>(
    store,
    "registration",
  );
  /** Progress records parsed from their JSON, by id (the same record is searched again). */
  const parsed = memoOf<number, KintoneRecord>(store, "progress");
  const index = progressIndexOf(store);
  /** lastDataChange's answer, for the version of the progress table it was read at. */
  let latest: { version: number; value: string | null } | undefined;
  const recordOf = (id: number): KintoneRecord =>
    deepFrozen(
      JSON.parse(
        store.get<{ record: string }>(
          "SELECT record FROM progress WHERE id = ?",
          id,
        )?.record ?? "{}",
      ) as KintoneRecord,
    );
  return {
    searchProgress: (query: SearchQuery, on: PublicationDay) =>
      index.find(query, on).map((id) => parsed(id, recordOf)),
    lastDataChange: () => {
      const version = store.versionOf("progress");
      if (latest === undefined || latest.version !== version) {
        const m = store.get<{ m: string | null }>(
          "SELECT max(updatedAt) AS m FROM progress",
        )?.m;
        latest = { version, value: m ? m : null };
      }
      return latest.value;
    },
    registrationByEmail: (key: string) =>
      key === ""
        ? undefined
        : byEmail(key, () =>
            deepFrozen(
              toRegistration(
                store.get<RegistrationSqlRow>(
                  `SELECT ${REGISTRATION_COLUMNS} FROM registration WHERE emailKey = ? ORDER BY status = ? DESC, id DESC LIMIT 1`,
                  key,
                  ACTIVE,
                ),
              ),
            ),
          ),
    registrationsByEmail: (key: string) =>
      store
        .all<RegistrationSqlRow>(
          `SELECT ${REGISTRATION_COLUMNS} FROM registration WHERE emailKey = ? ORDER BY id DESC`,
          key,
        )
        .map((row) => toRegistration(row))
        .filter((r): r is RegistrationReplicaRow => r !== undefined),
    registrationById: (id: string) =>
      /^[1-9]\d{0,15}$/.test(id)
        ? byId(id, () =>
            deepFrozen(
              toRegistration(
                store.get<RegistrationSqlRow>(
                  `SELECT ${REGISTRATION_COLUMNS} FROM registration WHERE id = ?`,
                  Number(id),
                ),
              ),
            ),
          )
        : undefined,
    hasValidConsent: (insuredNo: string, today: IsoDate) => {
      const no = normalizeIdentifier(insuredNo);
      return (
        no !== "" &&
        store.get(
          "SELECT 1 AS found FROM consent WHERE insuredNo = ? AND consentDate <> '' AND consentDate <= ? AND (consentWithdrawalDate IS NULL OR consentWithdrawalDate = '' OR consentWithdrawalDate > ?) LIMIT 1",
          no,
          today,
          today,
        ) !== undefined
      );
    },
    registrationsIn: (statuses: readonly string[]) =>
      store.all<RegistrationNoticeRow>(
        "SELECT id, revision, status, email, coalesce(json_extract(record, '$.officeName.value'), '') AS officeName, coalesce(json_extract(record, '$.returnReason.value'), '') AS returnReason, approvalNotifiedAt FROM registration WHERE status IN (SELECT value FROM json_each(?)) ORDER BY id",
        JSON.stringify(statuses),
      ),
    officeByNo: (officeNo: string) => {
      const row = store.get<{ record: string }>(
        "SELECT record FROM offices WHERE officeNo = ? ORDER BY id DESC LIMIT 1",
        officeNo.trim(),
      );
      return row && (JSON.parse(row.record) as KintoneRecord);
    },
  };
};

const oneLine = (errors: readonly string[]): string | null => {
  if (errors.length === 0) {
    return null;
  }
  const more = errors.length > 1 ? `; and ${errors.length - 1} more` : "";
  return `${errors[0] ?? ""}${more}`;
};

export const openReplica = (o: ReplicaOptions): Replica => {
  const pageSize = Math.min(MAX_PAGE, Math.max(1, o.pageSize ?? MAX_PAGE));
  const now = o.now ?? (() => new Date());
  const log = o.log ?? (() => undefined);
  const appReaders = Object.fromEntries(
    replicaApps.map((app) => [
      app,
      appReader(clientFor(o, app), app, o.apps[app]),
    ]),
  ) as Record<ReplicaApp, AppReader>;
  const store = new ReplicaStore(o.file);
  const contextOf = (app: ReplicaApp): SyncContext => ({
    store,
    reader: appReaders[app],
    pageSize,
    skewMs: (o.clockSkewSeconds ?? 300) * 1000,
    now,
  });
  const countAll = (): Record<string, number> =>
    Object.fromEntries(replicaApps.map((app) => [app, store.count(app)]));
  let counts = countAll();
  let closed = false;
  let tail: Promise<unknown> = Promise.resolve();

  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };

  const totalRequests = (): number =>
    replicaApps.reduce((n, app) => n + appReaders[app].requests(), 0);

  const record = (
    label: string,
    everyApp: boolean,
    errors: string[],
    done: AppOutcome,
  ): void => {
    counts = countAll();
    const at = now().toISOString();
    if (errors.length === 0) {
      // A sync of one app (the webhook) says nothing of the others' freshness.
      if (everyApp) {
        store.setState("lastSuccessAt", at);
        store.setState("lastError", null);
      }
    } else {
      store.setState("lastError", oneLine(errors));
      store.setState("lastErrorAt", at);
      log(`replica: ${label} failed: ${oneLine(errors) ?? ""}`, "warn");
    }
    if (label === "full load") {
      log(`replica: full load: ${done.changed} records`);
    } else if (done.changed > 0 || done.deleted > 0) {
      log(
        `replica: ${label}: ${done.changed} added or changed, ${done.deleted} deleted`,
      );
    }
  };

  const listeners = new Set<AfterSync>();
  const runListeners = async (read: readonly ReplicaApp[]): Promise<void> => {
    for (const listener of read.length > 0 ? [...listeners] : []) {
      try {
        await listener(read);
      } catch (e) {
        log(
          `replica: after-sync hook failed: ${e instanceof Error ? e.name : "error"}`,
          "error",
        );
      }
    }
  };

  const operate = (
    label: string,
    apps: readonly ReplicaApp[],
    step: Step,
  ): Promise<SyncOutcome> =>
    enqueue(async () => {
      if (closed) {
        return {
          ok: false,
          error: "replica closed",
          changed: 0,
          deleted: 0,
          requests: 0,
        };
      }
      const before = totalRequests();
      const errors: string[] = [];
      const done: AppOutcome = { changed: 0, deleted: 0 };
      const read: ReplicaApp[] = [];
      for (const app of apps) {
        try {
          const r = await step(contextOf(app));
          done.changed += r.changed;
          done.deleted += r.deleted;
          read.push(app);
        } catch (e) {
          const reason = describeKintoneError(e);
          errors.push(`${app}: ${reason}`);
          if (reason.startsWith("kintone unreachable")) {
            break; // the other apps would wait for the same dead server
          }
        }
      }
      record(label, apps.length === replicaApps.length, errors, done);
      await runListeners(read);
      return {
        ok: errors.length === 0,
        error: oneLine(errors),
        ...done,
        requests: totalRequests() - before,
      };
    });

  const fullLoad = () => operate("full load", replicaApps, fullLoadApp);
  const syncOnce = () => operate("sync", replicaApps, syncApp);
  const reconcile = () => operate("reconcile", replicaApps, reconcileApp);

  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Which start() the timers belong to; 0 when stopped. */
  let generation = 0;
  let starts = 0;
  const every = (seconds: number, work: () => Promise<unknown>): void => {
    const mine = generation;
    const tick = (): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        work().then(
          () => {
            if (generation === mine) {
              tick();
            }
          },
          () => undefined,
        );
      }, seconds * 1000);
      timer.unref();
      timers.add(timer);
    };
    tick();
  };

  let pending: Pending | null = null;
  /** When the last requested sync started (monotonic clock), for requestIntervalMs. */
  let lastRequestedFire = Number.NEGATIVE_INFINITY;
  const fire = (): void => {
    const p = pending;
    pending = null;
    lastRequestedFire = performance.now();
    if (p) {
      const apps = replicaApps.filter((a) => p.apps.has(a));
      operate("sync", apps, syncApp).then(p.resolve, () => undefined);
    }
  };
  const requestSync = (appId?: string): Promise<SyncOutcome> => {
    const one = replicaApps.find(
      (a) => appId !== undefined && o.apps[a] === appId,
    );
    if (!pending) {
      let resolve: (x: SyncOutcome) => void = () => undefined;
      const promise = new Promise<SyncOutcome>((r) => {
        resolve = r;
      });
      const wait = Math.max(
        o.debounceMs ?? 200,
        lastRequestedFire + (o.requestIntervalMs ?? 0) - performance.now(),
      );
      const timer = setTimeout(fire, wait);
      timer.unref();
      pending = { apps: new Set(), promise, resolve, timer };
    }
    (one ? [one] : replicaApps).forEach((a) => pending?.apps.add(a));
    return pending.promise;
  };

  const clearTimers = (): void => {
    generation = 0;
    timers.forEach((t) => clearTimeout(t));
    timers.clear();
  };

  const stop = async (): Promise<void> => {
    clearTimers();
    if (pending) {
      clearTimeout(pending.timer);
      fire();
    }
    await tail;
  };

  return {
    ...readers(store),
    lastSuccessAt: () => store.state("lastSuccessAt"),
    status: () => {
      const lastSuccessAt = store.state("lastSuccessAt");
      return {
        lastSuccessAt,
        lastError: store.state("lastError"),
        lastErrorAt: store.state("lastErrorAt"),
        ageSeconds:
          lastSuccessAt === null
            ? null
            : Math.max(
                0,
                Math.floor(
                  (now().getTime() - Date.parse(lastSuccessAt)) / 1000,
                ),
              ),
        counts,
        loaded: replicaApps.every((a) => {
          const meta = store.meta(a);
          return meta?.appId === o.apps[a] && meta.loadedAt !== null;
        }),
        requests: Object.fromEntries(
          replicaApps.map((a) => [a, appReaders[a].requests()]),
        ),
      };
    },
    afterSync: (listener: AfterSync) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    fullLoad,
    syncOnce,
    reconcile,
    start: async (s = {}) => {
      const outcome = await fullLoad();
      clearTimers();
      generation = ++starts;
      every(s.syncIntervalSeconds ?? 40, syncOnce);
      every(s.reconcileIntervalSeconds ?? 3600, reconcile);
      return outcome;
    },
    stop,
    requestSync,
    close: async () => {
      await stop();
      closed = true;
      store.close();
    },
  };
};
