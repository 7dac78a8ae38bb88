/**
 * The portal's own small store for login links and sessions: SQLite on disk (node:sqlite, WAL),
 * in a file of its own, apart from the replica.
 *
 * Secrets never rest in the database as they are handed out: a login link's token and a
 * session's id are random (32 bytes, base64url) and only their SHA-256 hashes are stored, so a
 * copy of the file yields no working link and no live cookie. Lookups go by hash, so no
 * constant-time comparison is needed there; the CSRF check compares in constant time.
 *
 * A login link works once: consuming it is one UPDATE that succeeds only while the link is
 * unused and unexpired, so two concurrent consumes cannot both win. Used and expired links are
 * kept for a while (so a second click can be told "used" rather than "unknown"), then purged.
 *
 * A session started with 「この端末を記憶する」 (createSession's `remembered`) has an idle limit
 * of its own, rememberedIdleMinutes, which the limits in force give on every lookup: turning the
 * choice off in the settings gives the remembered sessions the normal idle limit at once. The
 * absolute limit is the same for every session (README.md in this folder tells why).
 */
import { hash as hashOnce, randomBytes, timingSafeEqual } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import {
  immediateTransaction,
  openSqlite,
  statementCache,
  type Sql,
} from "../sqlite.ts";

/** Who a link or a session belongs to: the registration record and its login address key. */
export interface LoginIdentity {
  /** kintone record id of the 事業所利用登録 record. */
  registrationId: string;
  /** emailKey() of the login address. */
  emailKey: string;
}

export type ConsumeResult =
  | ({ ok: true } & LoginIdentity)
  | { ok: false; reason: "unknown" | "used" | "expired" };

export interface SessionLimits {
  /** The session ends after this many minutes without a request (touchSession). */
  idleMinutes: number;
  /** The session ends this many hours after login, whatever the activity. */
  absoluteHours: number;
  /**
   * The idle limit of a remembered session (createSession's `remembered`), in minutes; absent
   * or 0, or shorter than idleMinutes: idleMinutes. The absolute limit applies all the same.
   */
  rememberedIdleMinutes?: number;
}

export interface NewSessionOptions {
  /** 「この端末を記憶する」: the session has the remembered idle limit. Default false. */
  remembered?: boolean;
}

export interface Session extends LoginIdentity {
  /** The session id as the cookie carries it (never stored; only its hash is). */
  id: string;
  /** The token the pages put in every form; check with checkCsrf. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Started with 「この端末を記憶する」 (the remembered idle limit applies). */
  remembered: boolean;
}

export interface NewSession {
  id: string;
  csrfToken: string;
}

export interface AuthStoreOptions {
  /** The clock (tests inject one). */
  now?: () => Date;
  /** Used when getSession / purgeExpired are called without limits. Default 30 min / 12 h. */
  sessionLimits?: SessionLimits;
  /** How long used or expired links are kept (to answer "used"/"expired"), in hours. Default 24. */
  linkRetentionHours?: number;
}

export interface AuthStore {
  /** Creates a one-time login link; returns the plaintext token (put it in the mailed URL). */
  createLoginLink(identity: LoginIdentity, ttlMinutes: number): string;
  /** Uses a link up: ok once, then "used"; "expired" after its TTL; "unknown" otherwise. */
  consumeLoginLink(token: string): ConsumeResult;
  /** Starts a session with a fresh random id (call at every login: session rotation). */
  createSession(
    identity: LoginIdentity,
    options?: NewSessionOptions,
  ): NewSession;
  /** The live session for a cookie value, or null; an idle or too old session is deleted. */
  getSession(id: string, limits?: SessionLimits): Session | null;
  /** Records activity (resets the idle timeout). False when there is no such session. */
  touchSession(id: string): boolean;
  destroySession(id: string): void;
  /** Ends every session of a registration (suspended, deleted); returns how many. */
  destroySessionsOf(registrationId: string): number;
  /** Whether a submitted form token is the session's CSRF token (constant time). */
  checkCsrf(session: Pick<Session, "csrfToken">, token: unknown): boolean;
  /** Deletes expired sessions and links past their retention; returns the counts. */
  purgeExpired(limits?: SessionLimits): { links: number; sessions: number };
  close(): void;
}

export const defaultSessionLimits: SessionLimits = {
  idleMinutes: 30,
  absoluteHours: 12,
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS login_links (
  token_hash TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL,
  email_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS login_links_expires_at ON login_links (expires_at);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL,
  email_key TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  remembered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_registration_id ON sessions (registration_id);
CREATE INDEX IF NOT EXISTS sessions_last_seen_at ON sessions (last_seen_at);
CREATE INDEX IF NOT EXISTS sessions_created_at ON sessions (created_at);
`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tokens and ids are 43 characters; anything much longer is not ours and is not hashed. */
const MAX_SECRET_LENGTH = 256;

/** 32 random bytes, base64url (43 characters, 256 bits). */
const randomSecret = (): string => randomBytes(32).toString("base64url");

/** SHA-256 of a string, hex (one-shot: no Hash object per call). */
const sha256 = (value: string): string => hashOnce("sha256", value, "hex");

const plausibleSecret = (value: unknown): value is string =>
  typeof value === "string" &&
  value.length > 0 &&
  value.length <= MAX_SECRET_LENGTH;

const assertPositive = (name: string, value: number): void => {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number`);
  }
};

const assertIdentity = (identity: LoginIdentity): void => {
  if (
    typeof identity.registrationId !== "string" ||
    identity.registrationId === "" ||
    typeof identity.emailKey !== "string" ||
    identity.emailKey === ""
  ) {
    throw new TypeError("registrationId and emailKey are required");
  }
};

const assertLimits = (limits: SessionLimits): void => {
  assertPositive("idleMinutes", limits.idleMinutes);
  assertPositive("absoluteHours", limits.absoluteHours);
  const remembered = limits.rememberedIdleMinutes ?? 0;
  if (!Number.isFinite(remembered) || remembered < 0) {
    throw new RangeError("rememberedIdleMinutes must be zero or more");
  }
};

/** A session's idle limit in milliseconds: a remembered one's is never the shorter. */
const idleMsOf = (limits: SessionLimits, remembered: boolean): number =>
  (remembered
    ? Math.max(limits.idleMinutes, limits.rememberedIdleMinutes ?? 0)
    : limits.idleMinutes) * MINUTE;

/**
 * Constant-time equality of two strings: their digests are compared, so neither the content nor
 * the length of `expected` shows in the time taken. Never true for an empty `expected`.
 */
export const safeEqual = (expected: string, actual: unknown): boolean => {
  if (typeof actual !== "string" || expected === "") {
    return false;
  }
  const digest = (s: string): Buffer => hashOnce("sha256", s, "buffer");
  return timingSafeEqual(digest(expected), digest(actual));
};

/**
 * Constant-time equality of a token this server made (random, of a fixed length that is no
 * secret) and a submitted value: a value of another length is refused at once, and equal lengths
 * are compared without hashing (checked on every search). Never true for an empty `expected`.
 */
export const sameToken = (expected: string, actual: unknown): boolean => {
  if (
    typeof actual !== "string" ||
    expected === "" ||
    actual.length !== expected.length
  ) {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  // Equal UTF-16 lengths may still differ in bytes (non-ASCII in the submitted value).
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The session's CSRF token against a submitted one (a form field, a header). */
export const checkCsrf = (
  session: Pick<Session, "csrfToken">,
  token: unknown,
): boolean => sameToken(session.csrfToken, token);

const linkFunctions = (sql: Sql, clock: () => number, retentionMs: number) => {
  const purgeLinks = (): number =>
    Number(
      sql("DELETE FROM login_links WHERE expires_at < ?").run(
        clock() - retentionMs,
      ).changes,
    );

  const createLoginLink = (
    identity: LoginIdentity,
    ttlMinutes: number,
  ): string => {
    assertIdentity(identity);
    assertPositive("ttlMinutes", ttlMinutes);
    purgeLinks();
    const token = randomSecret();
    const now = clock();
    sql(
      "INSERT INTO login_links (token_hash, registration_id, email_key, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)",
    ).run(
      sha256(token),
      identity.registrationId,
      identity.emailKey,
      now,
      now + Math.round(ttlMinutes * MINUTE),
    );
    return token;
  };

  const consumeLoginLink = (token: string): ConsumeResult => {
    if (!plausibleSecret(token)) {
      return { ok: false, reason: "unknown" };
    }
    const hash = sha256(token);
    const now = clock();
    // One statement: only one caller can flip used_at from NULL.
    const won = sql(
      "UPDATE login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING registration_id, email_key",
    ).get(now, hash, now);
    if (won) {
      return {
        ok: true,
        registrationId: String(won.registration_id),
        emailKey: String(won.email_key),
      };
    }
    const row = sql("SELECT used_at FROM login_links WHERE token_hash = ?").get(
      hash,
    );
    if (!row) {
      return { ok: false, reason: "unknown" };
    }
    return { ok: false, reason: row.used_at === null ? "expired" : "used" };
  };

  return { createLoginLink, consumeLoginLink, purgeLinks };
};

/** A session's row as read from the file, kept in memory (see sessionFunctions). */
interface CachedSession extends LoginIdentity {
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  remembered: boolean;
}

/** Sessions kept in memory at most; beyond it the cache starts afresh. */
const MAX_CACHED_SESSIONS = 100_000;

const sessionFunctions = (
  sql: Sql,
  clock: () => number,
  defaults: SessionLimits,
) => {
  /**
   * The rows of sessions found, by id hash, so that a request does not read the file: this
   * process is the file's only writer, and every write of a session row (create, destroy,
   * destroySessionsOf, purge) updates the cache. Its last activity is the file's value when read;
   * `seen` has the later ones. The limits are checked on every lookup, as against the file.
   */
  const cache = new Map<string, CachedSession>();
  /**
   * The id hashed last, and its hash: getSession and touchSession of one request (called one
   * after the other) hash the id once.
   */
  let lastId = "";
  let lastHash = "";
  const hashOf = (id: string): string => {
    if (id !== lastId) {
      lastHash = sha256(id);
      lastId = id;
    }
    return lastHash;
  };
  const cached = (hash: string): CachedSession | undefined => {
    const hit = cache.get(hash);
    if (hit) {
      return hit;
    }
    const row = sql(
      "SELECT registration_id, email_key, csrf_token, created_at, last_seen_at, remembered FROM sessions WHERE id_hash = ?",
    ).get(hash);
    if (!row) {
      return undefined;
    }
    const session: CachedSession = {
      registrationId: String(row.registration_id),
      emailKey: String(row.email_key),
      csrfToken: String(row.csrf_token),
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      remembered: Number(row.remembered) === 1,
    };
    if (cache.size >= MAX_CACHED_SESSIONS) {
      cache.clear();
    }
    cache.set(hash, session);
    return session;
  };
  /**
   * The latest activity of each session, by id hash, kept in memory so that the idle limit is
   * exact; written to the file at most every `persistEveryMs` (a tenth of the idle limit, at
   * most a minute), so a search does not cost a disk write and a restart loses little.
   */
  const seen = new Map<string, { at: number; persisted: number }>();
  const persistEveryMs = Math.min(MINUTE, (defaults.idleMinutes * MINUTE) / 10);
  /** Writes a session's last activity; whether the session exists. */
  const writeLastSeen = (hash: string, at: number): boolean =>
    Number(
      sql("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?").run(
        at,
        hash,
      ).changes,
    ) > 0;

  const createSession = (
    identity: LoginIdentity,
    options: NewSessionOptions = {},
  ): NewSession => {
    assertIdentity(identity);
    const id = randomSecret();
    const csrfToken = randomSecret();
    const now = clock();
    sql(
      "INSERT INTO sessions (id_hash, registration_id, email_key, csrf_token, created_at, last_seen_at, remembered) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      sha256(id),
      identity.registrationId,
      identity.emailKey,
      csrfToken,
      now,
      now,
      options.remembered === true ? 1 : 0,
    );
    return { id, csrfToken };
  };

  const getSession = (
    id: string,
    limits: SessionLimits = defaults,
  ): Session | null => {
    assertLimits(limits);
    if (!plausibleSecret(id)) {
      return null;
    }
    const hash = hashOf(id);
    const row = cached(hash);
    if (!row) {
      return null;
    }
    const now = clock();
    const { createdAt } = row;
    const lastSeenAt = Math.max(row.lastSeenAt, seen.get(hash)?.at ?? 0);
    if (
      now - lastSeenAt >= idleMsOf(limits, row.remembered) ||
      now - createdAt >= limits.absoluteHours * HOUR
    ) {
      sql("DELETE FROM sessions WHERE id_hash = ?").run(hash);
      seen.delete(hash);
      cache.delete(hash);
      return null;
    }
    return {
      id,
      registrationId: row.registrationId,
      emailKey: row.emailKey,
      csrfToken: row.csrfToken,
      createdAt: new Date(createdAt),
      lastSeenAt: new Date(lastSeenAt),
      remembered: row.remembered,
    };
  };

  const touchSession = (id: string): boolean => {
    if (!plausibleSecret(id)) {
      return false;
    }
    const hash = hashOf(id);
    const now = clock();
    const entry = seen.get(hash);
    if (entry && now - entry.persisted < persistEveryMs) {
      entry.at = Math.max(entry.at, now);
      return true;
    }
    const changed = writeLastSeen(hash, now);
    if (changed) {
      seen.set(hash, { at: now, persisted: now });
    } else {
      seen.delete(hash);
    }
    return changed;
  };

  const destroySession = (id: string): void => {
    if (plausibleSecret(id)) {
      const hash = hashOf(id);
      sql("DELETE FROM sessions WHERE id_hash = ?").run(hash);
      seen.delete(hash);
      cache.delete(hash);
    }
  };

  const destroySessionsOf = (registrationId: string): number => {
    for (const [hash, session] of cache) {
      if (session.registrationId === String(registrationId)) {
        cache.delete(hash);
      }
    }
    return Number(
      sql("DELETE FROM sessions WHERE registration_id = ?").run(
        String(registrationId),
      ).changes,
    );
  };

  const purgeSessions = (limits: SessionLimits = defaults): number => {
    assertLimits(limits);
    const now = clock();
    // Activity not yet written counts: write it first, then forget what is too old (a
    // remembered session's activity is in the file then, and is read again from there).
    for (const [hash, entry] of seen) {
      if (entry.at > entry.persisted) {
        writeLastSeen(hash, entry.at);
      }
      if (now - entry.at >= limits.idleMinutes * MINUTE) {
        seen.delete(hash);
      }
    }
    // What the file keeps is read again when asked for.
    cache.clear();
    // A remembered session's idle limit is never the shorter: past it, every session is idle.
    return Number(
      sql(
        "DELETE FROM sessions WHERE last_seen_at <= ? OR (remembered = 0 AND last_seen_at <= ?) OR created_at <= ?",
      ).run(
        now - idleMsOf(limits, true),
        now - idleMsOf(limits, false),
        now - limits.absoluteHours * HOUR,
      ).changes,
    );
  };

  return {
    createSession,
    getSession,
    touchSession,
    destroySession,
    destroySessionsOf,
    purgeSessions,
  };
};

/**
 * A file made before sessions could be remembered gets the column (its sessions are not
 * remembered). Checked and added in one write transaction: two stores opening the same file
 * at once do not both add it.
 */
const addRememberedColumn = (db: DatabaseSync): void => {
  immediateTransaction(db, () => {
    const columns = db.prepare("PRAGMA table_info(sessions)").all();
    if (!columns.some((c) => c.name === "remembered")) {
      db.exec(
        "ALTER TABLE sessions ADD COLUMN remembered INTEGER NOT NULL DEFAULT 0",
      );
    }
  });
};

/**
 * Opens (creating) the auth store at `file` (a path; ":memory:" for a throwaway one).
 * Use a file of its own, not the replica's.
 */
export const openAuthStore = (
  file: string,
  options: AuthStoreOptions = {},
): AuthStore => {
  const now = options.now ?? (() => new Date());
  const clock = (): number => now().getTime();
  const defaults = options.sessionLimits ?? defaultSessionLimits;
  assertLimits(defaults);
  const retentionHours = options.linkRetentionHours ?? 24;
  if (!Number.isFinite(retentionHours) || retentionHours < 0) {
    throw new RangeError("linkRetentionHours must be zero or more");
  }
  const db = openSqlite(file, { synchronous: "NORMAL", schema: SCHEMA });
  addRememberedColumn(db);
  const sql = statementCache(db);
  const links = linkFunctions(sql, clock, retentionHours * HOUR);
  const sessions = sessionFunctions(sql, clock, defaults);
  return {
    createLoginLink: links.createLoginLink,
    consumeLoginLink: links.consumeLoginLink,
    createSession: sessions.createSession,
    getSession: sessions.getSession,
    touchSession: sessions.touchSession,
    destroySession: sessions.destroySession,
    destroySessionsOf: sessions.destroySessionsOf,
    checkCsrf,
    purgeExpired: (limits) => ({
      links: links.purgeLinks(),
      sessions: sessions.purgeSessions(limits),
    }),
    close: () => {
      db.close();
    },
  };
};
