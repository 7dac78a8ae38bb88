/**
 * The answers to searches, kept for a short time so that a search can be answered with a redirect
 * to a GET page (Post/Redirect/Get): back and reload then show the same answer again instead of
 * the browser's resubmission prompt, and the URL holds an opaque id, never a searched value.
 *
 * An answer belongs to the session that asked: another session (or no session) cannot open it.
 * It lives `ttlMs` after it was last opened, and when more than `max` are kept the one opened
 * least recently goes first, so a page someone keeps reloading outlives a flood of new searches.
 * Kept in memory only: after a restart the id is unknown and the page asks to search again. A
 * Map in last-use order is the whole structure (a touched entry is moved to the end, so the
 * order is also the order of expiry): no library is needed for a map this small.
 */
import { randomBytes } from "node:crypto";

export interface ResultStoreOptions {
  /** How long an answer can be opened, in milliseconds. */
  ttlMs: number;
  /** At most this many answers are kept; the oldest goes first. */
  max: number;
  now: () => Date;
}

export interface ResultStore<T> {
  /** Keeps an answer for a session and returns its id (22 URL-safe characters). */
  put(sessionId: string, value: T): string;
  /** The answer, if the id is known, unexpired and was made for this session; its life restarts. */
  get(sessionId: string, id: string): T | undefined;
  /** How many answers are kept (for tests and logs). */
  size(): number;
}

interface Entry<T> {
  sessionId: string;
  expiresAt: number;
  value: T;
}

export const createResultStore = <T>(o: ResultStoreOptions): ResultStore<T> => {
  const entries = new Map<string, Entry<T>>();

  const dropExpired = (at: number): void => {
    for (const [id, e] of entries) {
      // Entries are in insertion order with one TTL, so the first unexpired one ends the sweep.
      if (e.expiresAt > at) {
        return;
      }
      entries.delete(id);
    }
  };

  return {
    put: (sessionId, value) => {
      const at = o.now().getTime();
      dropExpired(at);
      while (entries.size >= o.max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) {
          break;
        }
        entries.delete(oldest);
      }
      const id = randomBytes(16).toString("base64url");
      entries.set(id, { sessionId, expiresAt: at + o.ttlMs, value });
      return id;
    },
    get: (sessionId, id) => {
      const at = o.now().getTime();
      const e = entries.get(id);
      if (e === undefined || e.sessionId !== sessionId || e.expiresAt <= at) {
        return undefined;
      }
      entries.delete(id);
      entries.set(id, { ...e, expiresAt: at + o.ttlMs });
      return e.value;
    },
    size: () => entries.size,
  };
};
