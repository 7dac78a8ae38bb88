import { createHash } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { openAuthStore, type AuthStore } from "../store.ts";

const alice = { registrationId: "12", emailKey: "alice@example.jp" };
const bob = { registrationId: "34", emailKey: "bob@example.jp" };
const limits = { idleMinutes: 30, absoluteHours: 12 };
const MINUTE = 60_000;

let dir: string;
let clock: Date;
let store: AuthStore;

const advance = (minutes: number): void => {
  clock = new Date(clock.getTime() + minutes * MINUTE);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "auth-store-"));
  clock = new Date("2025-04-01T09:00:00+09:00");
  store = openAuthStore(join(dir, "auth.sqlite"), { now: () => clock });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("login links", () => {
  it("returns a random base64url token of at least 32 bytes", () => {
    const a = store.createLoginLink(alice, 15);
    const b = store.createLoginLink(alice, 15);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(a, "base64url").length).toBeGreaterThanOrEqual(32);
    expect(a).not.toBe(b);
  });

  it("logs in once with a fresh link", () => {
    const token = store.createLoginLink(alice, 15);
    expect(store.consumeLoginLink(token)).toEqual({ ok: true, ...alice });
  });

  it("refuses a second use of the same link as used", () => {
    const token = store.createLoginLink(alice, 15);
    store.consumeLoginLink(token);
    expect(store.consumeLoginLink(token)).toEqual({
      ok: false,
      reason: "used",
    });
  });

  it("refuses a link after its TTL as expired", () => {
    const token = store.createLoginLink(alice, 15);
    advance(15);
    expect(store.consumeLoginLink(token)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("accepts a link just before its TTL ends", () => {
    const token = store.createLoginLink(alice, 15);
    advance(14.9);
    expect(store.consumeLoginLink(token).ok).toBe(true);
  });

  it("answers unknown for a token it never issued", () => {
    store.createLoginLink(alice, 15);
    expect(store.consumeLoginLink("A".repeat(43))).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(store.consumeLoginLink("")).toEqual({
      ok: false,
      reason: "unknown",
    });
  });

  it("keeps links apart: each one logs in its own registration", () => {
    const forAlice = store.createLoginLink(alice, 15);
    const forBob = store.createLoginLink(bob, 15);
    expect(store.consumeLoginLink(forBob)).toEqual({ ok: true, ...bob });
    expect(store.consumeLoginLink(forAlice)).toEqual({ ok: true, ...alice });
  });

  it("purges links a day after they expired (then they are unknown)", () => {
    const token = store.createLoginLink(alice, 15);
    advance(15 + 24 * 60 - 1);
    expect(store.purgeExpired().links).toBe(0);
    advance(2);
    expect(store.purgeExpired().links).toBe(1);
    expect(store.consumeLoginLink(token)).toEqual({
      ok: false,
      reason: "unknown",
    });
  });

  it("stores only the token's hash, never the token (file bytes)", () => {
    const token = store.createLoginLink(alice, 15);
    const session = store.createSession(alice);
    store.close();
    const bytes = Buffer.concat(
      readdirSync(dir).map((name) => readFileSync(join(dir, name))),
    );
    const sha = (s: string): string =>
      createHash("sha256").update(s).digest("hex");
    // The hashes are there (so the files were read), the secrets are not.
    expect(bytes.includes(sha(token))).toBe(true);
    expect(bytes.includes(sha(session.id))).toBe(true);
    expect(bytes.includes(token)).toBe(false);
    expect(bytes.includes(session.id)).toBe(false);
    store = openAuthStore(join(dir, "auth.sqlite"), { now: () => clock });
    expect(store.consumeLoginLink(token).ok).toBe(true);
  });

  it("lets exactly one of two stores on the same file consume a link", () => {
    const file = join(dir, "auth.sqlite");
    const other = openAuthStore(file, { now: () => clock });
    const token = store.createLoginLink(alice, 15);
    const results = [
      other.consumeLoginLink(token),
      store.consumeLoginLink(token),
    ];
    other.close();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results[1]).toEqual({ ok: false, reason: "used" });
  });

  it("rejects a TTL that is not a positive number", () => {
    expect(() => store.createLoginLink(alice, 0)).toThrow(RangeError);
    expect(() => store.createLoginLink(alice, Number.NaN)).toThrow(RangeError);
  });
});

describe("sessions", () => {
  it("finds a created session with its identity and CSRF token", () => {
    const created = store.createSession(alice);
    const session = store.getSession(created.id, limits);
    expect(session).toEqual({
      id: created.id,
      ...alice,
      csrfToken: created.csrfToken,
      createdAt: clock,
      lastSeenAt: clock,
      remembered: false,
    });
  });

  it("gives a new session id at every login (rotation)", () => {
    const first = store.createSession(alice);
    const second = store.createSession(alice);
    expect(second.id).not.toBe(first.id);
    expect(second.csrfToken).not.toBe(first.csrfToken);
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("returns null for an id it never issued", () => {
    store.createSession(alice);
    expect(store.getSession("nope", limits)).toBeNull();
    expect(store.getSession("", limits)).toBeNull();
  });

  it("ends a session after the idle timeout and deletes it", () => {
    const { id } = store.createSession(alice);
    advance(30);
    expect(store.getSession(id, limits)).toBeNull();
    advance(-30);
    expect(store.getSession(id, limits)).toBeNull();
  });

  it("keeps a session alive while it is touched within the idle timeout", () => {
    const { id } = store.createSession(alice);
    for (let i = 0; i < 5; i++) {
      advance(20);
      expect(store.touchSession(id)).toBe(true);
    }
    expect(store.getSession(id, limits)?.lastSeenAt).toEqual(clock);
    advance(29);
    expect(store.getSession(id, limits)).not.toBeNull();
  });

  it("counts the idle limit exactly, even a one-minute limit with activity every 20 seconds", () => {
    const short = openAuthStore(join(dir, "short.sqlite"), {
      now: () => clock,
      sessionLimits: { idleMinutes: 1, absoluteHours: 1 },
    });
    const { id } = short.createSession(alice);
    for (let i = 0; i < 15; i++) {
      advance(1 / 3);
      expect(short.getSession(id)).not.toBeNull();
      short.touchSession(id);
    }
    advance(59 / 60);
    expect(short.getSession(id)).not.toBeNull();
    advance(1 / 60);
    expect(short.getSession(id)).toBeNull();
    short.close();
  });

  it("keeps activity not yet written when expired sessions are purged", () => {
    const short = openAuthStore(join(dir, "short.sqlite"), {
      now: () => clock,
      sessionLimits: { idleMinutes: 1, absoluteHours: 1 },
    });
    const { id } = short.createSession(alice);
    advance(0.5);
    short.touchSession(id); // written
    advance(0.05);
    short.touchSession(id); // in memory only
    advance(0.5);
    expect(short.purgeExpired()).toEqual({ links: 0, sessions: 0 });
    expect(short.getSession(id)).not.toBeNull();
    advance(1);
    expect(short.purgeExpired()).toEqual({ links: 0, sessions: 1 });
    short.close();
  });

  it("ends a session at the absolute timeout however active it was", () => {
    const { id } = store.createSession(alice);
    for (let i = 0; i < 12 * 3 - 1; i++) {
      advance(20);
      store.touchSession(id);
    }
    expect(store.getSession(id, limits)).not.toBeNull();
    advance(20);
    expect(store.getSession(id, limits)).toBeNull();
  });

  it("uses the store's default limits when none are given", () => {
    const short = openAuthStore(":memory:", {
      now: () => clock,
      sessionLimits: { idleMinutes: 5, absoluteHours: 1 },
    });
    const { id } = short.createSession(alice);
    advance(4);
    expect(short.getSession(id)).not.toBeNull();
    advance(1);
    expect(short.getSession(id)).toBeNull();
    short.close();
  });

  it("does not touch a session that does not exist", () => {
    expect(store.touchSession("missing")).toBe(false);
  });

  it("destroys one session (logout) and leaves the others", () => {
    const a = store.createSession(alice);
    const b = store.createSession(alice);
    store.destroySession(a.id);
    expect(store.getSession(a.id, limits)).toBeNull();
    expect(store.getSession(b.id, limits)).not.toBeNull();
  });

  it("destroys every session of a registration and only those", () => {
    const a1 = store.createSession(alice);
    const a2 = store.createSession(alice);
    const b = store.createSession(bob);
    expect(store.destroySessionsOf(alice.registrationId)).toBe(2);
    expect(store.getSession(a1.id, limits)).toBeNull();
    expect(store.getSession(a2.id, limits)).toBeNull();
    expect(store.getSession(b.id, limits)).not.toBeNull();
  });

  it("purges idle and too old sessions", () => {
    const stale = store.createSession(alice);
    advance(20);
    const fresh = store.createSession(bob);
    advance(15);
    expect(store.purgeExpired(limits)).toEqual({ links: 0, sessions: 1 });
    expect(store.getSession(stale.id, limits)).toBeNull();
    expect(store.getSession(fresh.id, limits)).not.toBeNull();
  });

  it("writes through a write-ahead log (WAL)", () => {
    store.createSession(alice);
    expect(existsSync(join(dir, "auth.sqlite-wal"))).toBe(true);
  });

  it("survives a reopen of the file", () => {
    const { id } = store.createSession(alice);
    store.close();
    store = openAuthStore(join(dir, "auth.sqlite"), { now: () => clock });
    expect(store.getSession(id, limits)?.emailKey).toBe(alice.emailKey);
  });
});

describe("remembered sessions (「この端末を記憶する」)", () => {
  const remembering = { ...limits, rememberedIdleMinutes: 10 * 60 };

  it("outlive the normal idle limit and end at their own", () => {
    const phone = store.createSession(alice, { remembered: true });
    const pc = store.createSession(alice);
    expect(store.getSession(phone.id, remembering)?.remembered).toBe(true);
    expect(store.getSession(pc.id, remembering)?.remembered).toBe(false);
    advance(30);
    expect(store.getSession(pc.id, remembering)).toBeNull();
    expect(store.getSession(phone.id, remembering)).not.toBeNull();
    expect(store.touchSession(phone.id)).toBe(true);
    advance(10 * 60 - 1);
    expect(store.getSession(phone.id, remembering)).not.toBeNull();
    advance(1);
    expect(store.getSession(phone.id, remembering)).toBeNull();
  });

  it("end at the absolute limit however long their idle limit", () => {
    const { id } = store.createSession(alice, { remembered: true });
    const long = { ...limits, rememberedIdleMinutes: 48 * 60 };
    advance(12 * 60 - 1);
    expect(store.getSession(id, long)).not.toBeNull();
    advance(1);
    expect(store.getSession(id, long)).toBeNull();
  });

  it("have the normal idle limit when the limits in force give none, 0, or a shorter one", () => {
    for (const off of [
      limits,
      { ...limits, rememberedIdleMinutes: 0 },
      { ...limits, rememberedIdleMinutes: 10 },
    ]) {
      const { id } = store.createSession(alice, { remembered: true });
      advance(29);
      expect(store.getSession(id, off)).not.toBeNull();
      advance(30);
      expect(store.getSession(id, off)).toBeNull();
    }
  });

  it("are purged at their own idle limit, the others at the normal one", () => {
    const phone = store.createSession(alice, { remembered: true });
    const pc = store.createSession(bob);
    advance(31);
    expect(store.purgeExpired(remembering).sessions).toBe(1);
    expect(store.getSession(pc.id, remembering)).toBeNull();
    expect(store.getSession(phone.id, remembering)).not.toBeNull();
    advance(10 * 60);
    expect(store.purgeExpired(remembering).sessions).toBe(1);
    expect(store.getSession(phone.id, remembering)).toBeNull();
  });

  it("keep the activity the purge wrote, past the normal idle limit", () => {
    const short = openAuthStore(join(dir, "short.sqlite"), {
      now: () => clock,
      sessionLimits: {
        idleMinutes: 1,
        absoluteHours: 12,
        rememberedIdleMinutes: 60,
      },
    });
    const { id } = short.createSession(alice, { remembered: true });
    advance(0.5);
    short.touchSession(id); // written
    advance(0.05);
    short.touchSession(id); // in memory only
    advance(5);
    expect(short.purgeExpired().sessions).toBe(0);
    advance(60 - 5 - 0.01);
    expect(short.getSession(id)).not.toBeNull();
    short.close();
  });

  it("are ended by destroySession and destroySessionsOf like the others", () => {
    const a = store.createSession(alice, { remembered: true });
    const b = store.createSession(alice, { remembered: true });
    store.destroySession(a.id);
    expect(store.getSession(a.id, remembering)).toBeNull();
    expect(store.destroySessionsOf(alice.registrationId)).toBe(1);
    expect(store.getSession(b.id, remembering)).toBeNull();
  });

  it("survive a reopen of the file", () => {
    const { id } = store.createSession(alice, { remembered: true });
    store.close();
    store = openAuthStore(join(dir, "auth.sqlite"), { now: () => clock });
    advance(60);
    expect(store.getSession(id, remembering)?.remembered).toBe(true);
  });

  it("refuse a negative idle limit", () => {
    const { id } = store.createSession(alice, { remembered: true });
    expect(() =>
      store.getSession(id, { ...limits, rememberedIdleMinutes: -1 }),
    ).toThrow(RangeError);
  });
});

describe("a file made before sessions could be remembered", () => {
  it("opens, keeps its sessions (not remembered) and can remember new ones", () => {
    store.close();
    const file = join(dir, "old.sqlite");
    const old = new DatabaseSync(file);
    old.exec(
      "CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, registration_id TEXT NOT NULL, email_key TEXT NOT NULL, csrf_token TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL)",
    );
    const id = "o".repeat(43);
    old
      .prepare("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)")
      .run(
        createHash("sha256").update(id).digest("hex"),
        alice.registrationId,
        alice.emailKey,
        "c".repeat(43),
        clock.getTime(),
        clock.getTime(),
      );
    old.close();
    // Two stores at once, as a restart may overlap the old process: neither fails.
    store = openAuthStore(file, { now: () => clock });
    const other = openAuthStore(file, { now: () => clock });
    other.close();
    expect(store.getSession(id, limits)).toMatchObject({
      ...alice,
      remembered: false,
    });
    const phone = store.createSession(alice, { remembered: true });
    advance(60);
    expect(
      store.getSession(phone.id, { ...limits, rememberedIdleMinutes: 120 }),
    ).not.toBeNull();
    expect(store.getSession(id, limits)).toBeNull();
  });
});

describe("sessions kept in memory after a lookup", () => {
  it("are ended by destroySession, destroySessionsOf and purgeExpired all the same", () => {
    const a = store.createSession(alice);
    const a2 = store.createSession(alice);
    const b = store.createSession(bob);
    // Looked up once each: from now on answered from memory.
    for (const s of [a, a2, b]) {
      expect(store.getSession(s.id, limits)).not.toBeNull();
    }
    store.destroySession(a.id);
    expect(store.getSession(a.id, limits)).toBeNull();
    expect(store.getSession(b.id, limits)?.emailKey).toBe(bob.emailKey);
    expect(store.destroySessionsOf(alice.registrationId)).toBe(1);
    expect(store.getSession(a2.id, limits)).toBeNull();
    advance(31);
    expect(store.purgeExpired(limits).sessions).toBe(1);
    advance(-31);
    // The clock set back: only the file could still answer, and it no longer has the session.
    expect(store.getSession(b.id, limits)).toBeNull();
  });

  it("still end exactly at the idle and the absolute limits", () => {
    const s = store.createSession(alice);
    expect(store.getSession(s.id, limits)).not.toBeNull();
    clock = new Date(clock.getTime() + 30 * MINUTE - 1);
    expect(store.getSession(s.id, limits)).not.toBeNull();
    clock = new Date(clock.getTime() + 1);
    expect(store.getSession(s.id, limits)).toBeNull();

    const t = store.createSession(alice);
    for (let i = 0; i < 12 * 3 - 1; i += 1) {
      advance(20);
      expect(store.getSession(t.id, limits)).not.toBeNull();
      expect(store.touchSession(t.id)).toBe(true);
    }
    advance(20);
    expect(store.getSession(t.id, limits)).toBeNull();
    expect(store.touchSession(t.id)).toBe(false);
  });

  it("are found by their own id when lookups of several sessions interleave", () => {
    const a = store.createSession(alice);
    const b = store.createSession(bob);
    expect(store.getSession(a.id, limits)?.emailKey).toBe(alice.emailKey);
    expect(store.getSession(b.id, limits)?.emailKey).toBe(bob.emailKey);
    expect(store.touchSession(a.id)).toBe(true);
    expect(store.getSession(a.id, limits)?.emailKey).toBe(alice.emailKey);
    store.destroySession(b.id);
    expect(store.getSession(a.id, limits)).not.toBeNull();
    expect(store.getSession(b.id, limits)).toBeNull();
  });
});

describe("CSRF", () => {
  it("accepts the session's own token only", () => {
    const created = store.createSession(alice);
    const other = store.createSession(bob);
    const session = store.getSession(created.id, limits);
    if (!session) {
      throw new Error("no session");
    }
    expect(store.checkCsrf(session, created.csrfToken)).toBe(true);
    expect(store.checkCsrf(session, other.csrfToken)).toBe(false);
    expect(store.checkCsrf(session, created.csrfToken.slice(1))).toBe(false);
    expect(store.checkCsrf(session, "")).toBe(false);
    expect(store.checkCsrf(session, undefined)).toBe(false);
    expect(store.checkCsrf(session, [created.csrfToken])).toBe(false);
    // As many characters, more bytes: refused, not thrown.
    const wide = `あ${created.csrfToken.slice(1)}`;
    expect(wide.length).toBe(created.csrfToken.length);
    expect(store.checkCsrf(session, wide)).toBe(false);
  });
});
