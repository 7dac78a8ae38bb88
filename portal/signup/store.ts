/**
 * The registration form's own store (SQLite on disk, a file of its own):
 * - the one-time links mailed to an address that wants to register: bound to that purpose (a
 *   login link never opens the form, nor this link a session), stored as SHA-256 hashes like the
 *   login links, 32 random bytes each, usable until submitted or expired;
 * - the applications this portal has added, so that a second one for the same address is refused
 *   before the replica has synced the first;
 * - the registrations ended by a 廃止 application: access ends at once, without waiting for the
 *   staff's review (removing access needs none), and stays ended.
 */
import { hash as hashOnce, randomBytes } from "node:crypto";
import { openSqlite, statementCache } from "../sqlite.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS signup_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS signup_links_expires_at ON signup_links (expires_at);
CREATE TABLE IF NOT EXISTS submissions (
  record_id TEXT PRIMARY KEY,
  email_key TEXT NOT NULL,
  request_type TEXT NOT NULL,
  submitted_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_email_key ON submissions (email_key);
CREATE TABLE IF NOT EXISTS cancellations (
  registration_id TEXT PRIMARY KEY,
  cancelled_at INTEGER NOT NULL
);
`;

export type LinkResult =
  | { ok: true; email: string }
  | { ok: false; reason: "unknown" | "used" | "expired" };

export interface Submission {
  recordId: string;
  requestType: string;
  submittedAt: Date;
}

export interface SignupStore {
  /** A new link for `email`; returns the token to put in the mailed URL. */
  createLink(email: string, ttlMinutes: number): string;
  /** The link's address while it is unused and unexpired (the form's pages read it). */
  peekLink(token: string): LinkResult;
  /** Uses the link up: only one of two concurrent submissions wins. */
  consumeLink(token: string): LinkResult;
  /** Makes a consumed link usable again (the record could not be added: the person retries). */
  releaseLink(token: string): void;
  recordSubmission(o: {
    recordId: string;
    emailKey: string;
    requestType: string;
  }): void;
  /** The applications this portal added for the address, newest first. */
  submissionsOf(emailKey: string): Submission[];
  /** Ends a registration's portal access for good (a 廃止 application). */
  cancel(registrationId: string): void;
  isCancelled(registrationId: string): boolean;
  /** Deletes links expired more than a day ago; returns how many. */
  purgeExpired(): number;
  close(): void;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Tokens are 43 characters; anything much longer is not ours and is not hashed. */
const MAX_TOKEN_LENGTH = 256;

const sha256 = (value: string): string => hashOnce("sha256", value, "hex");

const plausible = (token: unknown): token is string =>
  typeof token === "string" &&
  token.length > 0 &&
  token.length <= MAX_TOKEN_LENGTH;

export const openSignupStore = (
  file: string,
  options: { now?: () => Date } = {},
): SignupStore => {
  const now = options.now ?? (() => new Date());
  const clock = (): number => now().getTime();
  const db = openSqlite(file, { synchronous: "FULL", schema: SCHEMA });
  const sql = statementCache(db);
  // Read on every request (access rules): kept in memory, written through.
  const cancelled = new Set(
    sql("SELECT registration_id FROM cancellations")
      .all()
      .map((r) => String(r.registration_id)),
  );

  const explain = (hash: string): LinkResult => {
    const row = sql(
      "SELECT used_at, expires_at FROM signup_links WHERE token_hash = ?",
    ).get(hash);
    if (!row) {
      return { ok: false, reason: "unknown" };
    }
    return {
      ok: false,
      reason: row.used_at === null ? "expired" : "used",
    };
  };

  const peekLink = (token: string): LinkResult => {
    if (!plausible(token)) {
      return { ok: false, reason: "unknown" };
    }
    const hash = sha256(token);
    const row = sql(
      "SELECT email FROM signup_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
    ).get(hash, clock());
    return row ? { ok: true, email: String(row.email) } : explain(hash);
  };

  const consumeLink = (token: string): LinkResult => {
    if (!plausible(token)) {
      return { ok: false, reason: "unknown" };
    }
    const hash = sha256(token);
    const at = clock();
    // One statement: only one caller can flip used_at from NULL.
    const won = sql(
      "UPDATE signup_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email",
    ).get(at, hash, at);
    return won ? { ok: true, email: String(won.email) } : explain(hash);
  };

  return {
    createLink: (email, ttlMinutes) => {
      if (!Number.isFinite(ttlMinutes) || ttlMinutes <= 0) {
        throw new RangeError("ttlMinutes must be a positive number");
      }
      const token = randomBytes(32).toString("base64url");
      const at = clock();
      // Links expired more than a day ago go as new ones are made (as the login links do).
      sql("DELETE FROM signup_links WHERE expires_at < ?").run(at - DAY);
      sql(
        "INSERT INTO signup_links (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)",
      ).run(sha256(token), email, at, at + Math.round(ttlMinutes * MINUTE));
      return token;
    },
    peekLink,
    consumeLink,
    releaseLink: (token) => {
      if (plausible(token)) {
        sql("UPDATE signup_links SET used_at = NULL WHERE token_hash = ?").run(
          sha256(token),
        );
      }
    },
    recordSubmission: (o) => {
      sql(
        "INSERT OR REPLACE INTO submissions (record_id, email_key, request_type, submitted_at) VALUES (?, ?, ?, ?)",
      ).run(o.recordId, o.emailKey, o.requestType, clock());
    },
    submissionsOf: (emailKey) =>
      sql(
        "SELECT record_id, request_type, submitted_at FROM submissions WHERE email_key = ? ORDER BY submitted_at DESC",
      )
        .all(emailKey)
        .map((r) => ({
          recordId: String(r.record_id),
          requestType: String(r.request_type),
          submittedAt: new Date(Number(r.submitted_at)),
        })),
    cancel: (registrationId) => {
      sql(
        "INSERT OR IGNORE INTO cancellations (registration_id, cancelled_at) VALUES (?, ?)",
      ).run(String(registrationId), clock());
      cancelled.add(String(registrationId));
    },
    isCancelled: (registrationId) => cancelled.has(String(registrationId)),
    purgeExpired: () =>
      Number(
        sql("DELETE FROM signup_links WHERE expires_at < ?").run(clock() - DAY)
          .changes,
      ),
    close: () => {
      db.close();
    },
  };
};
