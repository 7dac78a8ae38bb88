/**
 * The answers to searches, kept for a short time so that a search can be answered with a redirect
 * to a GET page (Post/Redirect/Get): back and reload then show the same answer again instead of
 * the browser's resubmission prompt, and the URL holds an opaque id, never a searched value.
 *
 * An answer belongs to the session that asked: another session (or no session) cannot open it.
 * It lives `ttlMs` after it was last opened. A session keeps at most `maxPerSession` answers, the
 * one opened least recently going first, so one session's flood of searches never pushes out
 * another's pages. Kept in memory only: after a restart the id is unknown and the page asks to
 * search again. A Map per session in last-use order is the whole structure (a touched entry is
 * moved to the end, so the order is also the order of expiry): no library is needed for this.
 */
import { randomBytes } from "node:crypto";

export interface ResultStoreOptions {
  /** How long an answer can be opened after it was last opened, in milliseconds. */
  ttlMs: number;
  /** At most this many answers per session; the least recently opened goes first. */
  maxPerSession: number;
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
  expiresAt: number;
  value: T;
}

/** Every this many answers kept, the expired answers of every session are dropped. */
const SWEEP_EVERY = 1000;

export const createResultStore = <T>(o: ResultStoreOptions): ResultStore<T> => {
  const sessions = new Map<string, Map<string, Entry<T>>>();
  let puts = 0;

  const dropExpired = (
    sessionId: string,
    entries: Map<string, Entry<T>>,
    at: number,
  ): void => {
    for (const [id, e] of entries) {
      // In last-use order with one TTL: the first unexpired entry ends the sweep.
      if (e.expiresAt > at) {
        break;
      }
      entries.delete(id);
    }
    if (entries.size === 0) {
      sessions.delete(sessionId);
    }
  };

  const sweep = (at: number): void => {
    for (const [sessionId, entries] of sessions) {
      dropExpired(sessionId, entries, at);
    }
  };

  return {
    put: (sessionId, value) => {
      const at = o.now().getTime();
      puts += 1;
      if (puts % SWEEP_EVERY === 0) {
        sweep(at);
      }
      const entries = sessions.get(sessionId) ?? new Map<string, Entry<T>>();
      dropExpired(sessionId, entries, at);
      sessions.set(sessionId, entries);
      while (entries.size >= o.maxPerSession) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) {
          break;
        }
        entries.delete(oldest);
      }
      const id = randomBytes(16).toString("base64url");
      entries.set(id, { expiresAt: at + o.ttlMs, value });
      return id;
    },
    get: (sessionId, id) => {
      const at = o.now().getTime();
      const entries = sessions.get(sessionId);
      const e = entries?.get(id);
      if (entries === undefined || e === undefined || e.expiresAt <= at) {
        return undefined;
      }
      entries.delete(id);
      entries.set(id, { expiresAt: at + o.ttlMs, value: e.value });
      return e.value;
    },
    size: () => [...sessions.values()].reduce((n, m) => n + m.size, 0),
  };
};
