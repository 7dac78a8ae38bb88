/**
 * Rate limits against enumeration: sliding-window logs kept in memory, optionally written behind
 * to SQLite (batched every second) so a restart or a crash does not hand out a fresh quota.
 *
 * A rule allows at most `limit` events in ANY window of `windowSeconds` (a sliding log, not fixed
 * windows: no double burst at a window edge). When refused, the answer says exactly when the next
 * event will be allowed: the moment the oldest event that must leave the window does.
 *
 * Refused attempts are not counted (`take` counts only what it allows), so a user who retries
 * while blocked does not push the time further away.
 *
 * Keys never rest as given: account ids, IPs and addresses are SHA-256'd with a salt (random
 * per process in memory; stored in the file when persisted), so neither the memory nor the file
 * holds an email address. IPv6 addresses count per /64 (one subscriber's prefix).
 */
import type { LogLine } from "../logger.ts";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { isIPv4, isIPv6 } from "node:net";
import type { DatabaseSync } from "node:sqlite";
import { openSqlite } from "../sqlite.ts";
import {
  ruleId,
  type LimitKind,
  type LimitRule,
  type LimitScope,
} from "./rules.ts";

/** Who an event is counted against; a rule whose key is missing or empty is skipped. */
export interface LimitKeys {
  /** The registration record id of the logged-in account. */
  account?: string | null;
  /** The client's IP address (req.ip). */
  ip?: string | null;
  /** emailKey() of the address a login mail is asked for. */
  address?: string | null;
}

export type LimitDecision =
  | { ok: true }
  | {
      ok: false;
      /** Whole seconds until the next event is allowed (≥ 1); for Retry-After. */
      retryAfterSeconds: number;
      /** The instant the next event is allowed. */
      retryAt: Date;
      /** The rule that refused (the one that blocks longest when several do). */
      rule: LimitRule;
    };

export interface RateLimiterOptions {
  rules: readonly LimitRule[];
  /** The clock (tests inject one). */
  now?: () => Date;
  /**
   * A SQLite file that keeps the counts across restarts (e.g. <dataDir>/limits.sqlite). Without
   * it the counts live in memory only.
   */
  file?: string;
  /**
   * How often counted events are written to the file, in one transaction (default 1000 ms): a
   * search pays no disk write; a hard kill forgets at most this last moment of counts.
   */
  flushIntervalMs?: number;
  /** How often expired entries are dropped (memory and file); 0 = never (call purge()). Default 60. */
  cleanupIntervalSeconds?: number;
  /**
   * Most keys tracked at once (default 200,000). Beyond it, after a purge, the keys unused for
   * longest are forgotten first (down to 90 %): memory stays bounded under a flood of fresh IPs
   * or addresses.
   */
  maxKeys?: number;
  /** One line per problem (the file failing), without personal data. */
  log?: LogLine;
}

export interface RateLimiter {
  /** Whether one more event of this kind is allowed now; counts nothing. */
  check(kind: LimitKind, keys: LimitKeys): LimitDecision;
  /** Counts one event of this kind against every rule of the kind (allowed or not). */
  hit(kind: LimitKind, keys: LimitKeys): void;
  /** check, then hit when allowed: one call for "may I, and count it". */
  take(kind: LimitKind, keys: LimitKeys): LimitDecision;
  /** Drops expired entries now (the timer does it periodically). */
  purge(): void;
  /** How many keys are tracked (for tests and metrics). */
  size(): number;
  close(): void;
}

const MAX_KEY_LENGTH = 512;

/** The part of an IP address that is counted: IPv4 as is (also when IPv4-mapped), IPv6 by /64. */
export const ipKey = (ip: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) {
    return mapped[1];
  }
  const address = ip.split("%")[0] ?? "";
  if (!isIPv6(address)) {
    return ip;
  }
  const groupsOf = (part: string): string[] =>
    part === ""
      ? []
      : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const zeros = Array<string>(8 - left.length - right.length).fill("0");
  return `${[...left, ...zeros, ...right]
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
};

const keyOf = (scope: LimitScope, keys: LimitKeys): string | null => {
  const raw = keys[scope];
  if (typeof raw !== "string" || raw === "") {
    return null;
  }
  const value = scope === "ip" ? ipKey(raw) : raw;
  return value.slice(0, MAX_KEY_LENGTH);
};

/** One rule per id; when two share an id (same kind, scope and window) the smaller limit wins. */
const distinct = (rules: readonly LimitRule[]): LimitRule[] => {
  const byId = new Map<string, LimitRule>();
  for (const r of rules) {
    if (
      Number.isInteger(r.limit) &&
      r.limit > 0 &&
      Number.isFinite(r.windowSeconds) &&
      r.windowSeconds > 0
    ) {
      const seen = byId.get(ruleId(r));
      if (!seen || seen.limit > r.limit) {
        byId.set(ruleId(r), r);
      }
    }
  }
  return [...byId.values()];
};

/** Index of the first entry still inside the window (entries are sorted ascending). */
const firstInside = (times: number[], after: number): number => {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= after) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
};

const insertSorted = (times: number[], at: number): void => {
  const last = times[times.length - 1];
  if (last === undefined || last <= at) {
    times.push(at);
    return;
  }
  times.splice(firstInside(times, at), 0, at);
};

interface Persistence {
  salt: Buffer;
  /** Queues an event; written with the next flush. */
  insert: (rule: string, key: string, at: number) => void;
  /** Writes the queued events in one transaction. */
  flush: () => void;
  rows: () => Array<{ rule: string; key: string; at: number }>;
  deleteBefore: (rule: string, at: number) => void;
  deleteOtherRules: (ids: string[]) => void;
  close: () => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hits (rule TEXT NOT NULL, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS hits_rule_at ON hits (rule, at);
`;

const saltOf = (db: DatabaseSync): Buffer => {
  const stored = db
    .prepare("SELECT value FROM meta WHERE name = 'salt'")
    .get() as { value: string } | undefined;
  if (stored) {
    return Buffer.from(stored.value, "base64url");
  }
  const salt = randomBytes(32);
  db.prepare("INSERT INTO meta (name, value) VALUES ('salt', ?)").run(
    salt.toString("base64url"),
  );
  return salt;
};

const openFile = (file: string): Persistence => {
  const db = openSqlite(file, { synchronous: "NORMAL", schema: SCHEMA });
  const insert = db.prepare(
    "INSERT INTO hits (rule, key, at) VALUES (?, ?, ?)",
  );
  const remove = db.prepare("DELETE FROM hits WHERE rule = ? AND at <= ?");
  let queue: Array<[string, string, number]> = [];
  const flush = (): void => {
    if (queue.length === 0) {
      return;
    }
    const batch = queue;
    queue = [];
    db.exec("BEGIN");
    try {
      for (const [rule, key, at] of batch) {
        insert.run(rule, key, at);
      }
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  };
  return {
    salt: saltOf(db),
    insert: (rule, key, at) => {
      queue.push([rule, key, at]);
    },
    flush,
    rows: () =>
      db.prepare("SELECT rule, key, at FROM hits ORDER BY at").all() as Array<{
        rule: string;
        key: string;
        at: number;
      }>,
    deleteBefore: (rule, at) => {
      flush();
      remove.run(rule, at);
    },
    deleteOtherRules: (ids) => {
      db.prepare(
        `DELETE FROM hits WHERE rule NOT IN (${ids.map(() => "?").join(", ") || "''"})`,
      ).run(...ids);
    },
    close: () => {
      flush();
      db.close();
    },
  };
};

/**
 * Forgets every count kept in a limits file (the demo's start: an evaluator who reached a limit
 * is free again after a restart). Never for production, where a restart must not hand out a fresh
 * quota. A missing file is left missing.
 */
export const clearLimitCounts = (file: string): void => {
  if (!existsSync(file)) {
    return;
  }
  const db = openSqlite(file, { synchronous: "NORMAL", schema: SCHEMA });
  try {
    db.exec("DELETE FROM hits");
  } finally {
    db.close();
  }
};

export const createRateLimiter = (o: RateLimiterOptions): RateLimiter => {
  const rules = distinct(o.rules);
  const now = o.now ?? (() => new Date());
  const maxKeys = o.maxKeys ?? 200_000;
  const persisted = o.file === undefined ? null : openFile(o.file);
  const salt = persisted?.salt ?? randomBytes(32);
  const log = o.log ?? (() => undefined);
  /** The file is a safeguard: when it fails, counting goes on in memory (and it is logged). */
  const safely = (write: () => void): void => {
    try {
      write();
    } catch (e) {
      log(
        `limits: the file could not be written (${e instanceof Error ? e.name : "error"})`,
        "error",
      );
    }
  };
  /** `${ruleId}|${hashed key}` → event times (ms), ascending; least recently used first. */
  const logs = new Map<string, number[]>();

  const hashed = (scope: LimitScope, value: string): string =>
    createHash("sha256")
      .update(salt)
      .update(`${scope}\u0000${value}`)
      .digest("base64url")
      .slice(0, 22);

  /** The log keys of the rules of `kind` that apply to these keys. */
  const applicable = (
    kind: LimitKind,
    keys: LimitKeys,
  ): Array<{ rule: LimitRule; id: string; key: string }> =>
    rules.flatMap((rule) => {
      const value = rule.kind === kind ? keyOf(rule.scope, keys) : null;
      return value === null
        ? []
        : [{ rule, id: ruleId(rule), key: hashed(rule.scope, value) }];
    });

  const windowMs = (r: LimitRule): number => r.windowSeconds * 1000;

  /** The log, with entries that left the window dropped. */
  const live = (logKey: string, rule: LimitRule, at: number): number[] => {
    const times = logs.get(logKey);
    if (!times) {
      return [];
    }
    const first = firstInside(times, at - windowMs(rule));
    if (first > 0) {
      times.splice(0, first);
    }
    if (times.length === 0) {
      logs.delete(logKey);
    }
    return times;
  };

  type Entry = ReturnType<typeof applicable>[number];

  const decide = (entries: Entry[], at: number): LimitDecision => {
    let worst: { retryAt: number; rule: LimitRule } | null = null;
    for (const { rule, id, key } of entries) {
      const times = live(`${id}|${key}`, rule, at);
      if (times.length >= rule.limit) {
        const retryAt =
          (times[times.length - rule.limit] as number) + windowMs(rule);
        if (!worst || retryAt > worst.retryAt) {
          worst = { retryAt, rule };
        }
      }
    }
    if (!worst) {
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((worst.retryAt - at) / 1000)),
      retryAt: new Date(worst.retryAt),
      rule: worst.rule,
    };
  };

  const purge = (): void => {
    const at = now().getTime();
    const byId = new Map(rules.map((r) => [ruleId(r), r]));
    for (const logKey of [...logs.keys()]) {
      const rule = byId.get(logKey.slice(0, logKey.indexOf("|")));
      if (rule) {
        live(logKey, rule, at);
      }
    }
    if (logs.size > maxKeys) {
      // Down to 90 %: a flood of new keys costs one sweep per 10 % of maxKeys, not one per key.
      const keep = Math.floor(maxKeys * 0.9);
      for (const logKey of logs.keys()) {
        if (logs.size <= keep) {
          break;
        }
        logs.delete(logKey);
      }
    }
    safely(() => {
      for (const r of rules) {
        persisted?.deleteBefore(ruleId(r), at - windowMs(r));
      }
    });
  };

  const record = (entries: Entry[], at: number): void => {
    for (const { id, key } of entries) {
      const logKey = `${id}|${key}`;
      const times = logs.get(logKey) ?? [];
      insertSorted(times, at);
      logs.delete(logKey);
      logs.set(logKey, times);
      persisted?.insert(id, key, at);
    }
    if (logs.size > maxKeys) {
      purge();
    }
  };

  if (persisted) {
    persisted.deleteOtherRules(rules.map(ruleId));
    for (const row of persisted.rows()) {
      const logKey = `${row.rule}|${row.key}`;
      const times = logs.get(logKey) ?? [];
      insertSorted(times, Number(row.at));
      logs.set(logKey, times);
    }
    purge();
  }

  const every = (o.cleanupIntervalSeconds ?? 60) * 1000;
  const timer = every > 0 ? setInterval(purge, every) : null;
  timer?.unref();
  const flushEvery = o.flushIntervalMs ?? 1000;
  const flusher = persisted
    ? setInterval(() => safely(persisted.flush), flushEvery)
    : null;
  flusher?.unref();

  return {
    check: (kind, keys) => decide(applicable(kind, keys), now().getTime()),
    hit: (kind, keys) => {
      record(applicable(kind, keys), now().getTime());
    },
    take: (kind, keys) => {
      const entries = applicable(kind, keys);
      const at = now().getTime();
      const decision = decide(entries, at);
      if (decision.ok) {
        record(entries, at);
      }
      return decision;
    },
    purge,
    size: () => logs.size,
    close: () => {
      if (timer) {
        clearInterval(timer);
      }
      if (flusher) {
        clearInterval(flusher);
      }
      safely(() => persisted?.close());
    },
  };
};
