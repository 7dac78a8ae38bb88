/**
 * The answers to searches, kept for a short time so that a search can be answered with a redirect
 * to a GET page (Post/Redirect/Get): back and reload then show the same answer again instead of
 * the browser's resubmission prompt, and the URL holds an opaque id, never a searched value.
 *
 * An answer belongs to the session that asked: another session (or no session) cannot open it.
 * Kept in memory only: after a restart the id is unknown and the page asks to search again. A
 * Map in insertion order is the whole structure (oldest first out): no library is needed for an
 * expiring, size-capped map this small.
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
  /** The answer, if the id is known, unexpired and was made for this session. */
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
      const e = entries.get(id);
      if (
        e === undefined ||
        e.sessionId !== sessionId ||
        e.expiresAt <= o.now().getTime()
      ) {
        return undefined;
      }
      return e.value;
    },
    size: () => entries.size,
  };
};
