/**
 * The notices' own SQLite file (`notices.sqlite`): one row per notice key, claimed in a
 * transaction before its mail is sent, and what the portal last saw of each returned or rejected
 * registration (notices.ts). Unlike the replica, this file is not a cache: it is never emptied,
 * and every commit is synced to disk (FULL) — a claim lost in a power cut could mean a mail sent
 * twice.
 *
 * A notice's state moves: claimed → sent → recorded (approvals: 承認通知日時 written to kintone)
 * or claimed → sent (the others); claimed → unknown (the portal stopped, or the SMTP server went
 * silent, between claim and answer: the mail may or may not have left); claimed → failed (the
 * server refused it for good); claimed → (deleted) when the server could not be reached, so the
 * next pass tries again; skipped (the baseline of a new file, notices.ts).
 */
import type { DatabaseSync } from "node:sqlite";
import {
  immediateTransaction,
  openSqlite,
  statementCache,
  type Sql,
} from "../sqlite.ts";
import type { NoticeKind, Seen } from "./notices.ts";

export type NoticeState =
  "claimed" | "sent" | "recorded" | "unknown" | "failed" | "skipped";

export interface ClaimRow {
  key: string;
  recordId: number;
  kind: NoticeKind;
  state: NoticeState;
  sentAt: string | null;
}

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS notices (key TEXT PRIMARY KEY, recordId INTEGER NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, claimedAt TEXT NOT NULL, sentAt TEXT, recordedAt TEXT)",
  "CREATE INDEX IF NOT EXISTS notices_by_state ON notices (state)",
  "CREATE TABLE IF NOT EXISTS seen (recordId INTEGER PRIMARY KEY, status TEXT NOT NULL, since INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)",
].join(";\n");

const BASELINE = "baselineAt";

export class NoticeStore {
  readonly #db: DatabaseSync;
  readonly #sql: Sql;

  constructor(file: string) {
    this.#db = openSqlite(file, { synchronous: "FULL", schema: SCHEMA });
    this.#sql = statementCache(this.#db);
  }

  #run(sql: string, ...params: Array<string | number | null>): number {
    return Number(this.#sql(sql).run(...params).changes);
  }

  transaction<T>(work: () => T): T {
    return immediateTransaction(this.#db, work);
  }

  /** When the first pass of this file took the records as they stood (null before it). */
  baselineAt(): string | null {
    const row = this.#sql("SELECT value FROM state WHERE key = ?").get(
      BASELINE,
    ) as { value: string | null } | undefined;
    return row?.value ?? null;
  }

  /**
   * The first pass: the given keys are taken as already announced (state `skipped`), once. Returns
   * false when another pass did it first.
   */
  baseline(
    keys: ReadonlyArray<{ key: string; recordId: number; kind: NoticeKind }>,
    at: string,
  ): boolean {
    return this.transaction(() => {
      if (
        this.#run(
          "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
          BASELINE,
          at,
        ) === 0
      ) {
        return false;
      }
      for (const k of keys) {
        this.#run(
          "INSERT INTO notices (key, recordId, kind, state, claimedAt) VALUES (?, ?, ?, 'skipped', ?) ON CONFLICT(key) DO NOTHING",
          k.key,
          k.recordId,
          k.kind,
          at,
        );
      }
      return true;
    });
  }

  seen(): Map<number, Seen> {
    const rows = this.#sql(
      "SELECT recordId, status, since FROM seen",
    ).all() as unknown as Array<{
      recordId: number;
      status: string;
      since: number;
    }>;
    return new Map(
      rows.map((r) => [r.recordId, { status: r.status, since: r.since }]),
    );
  }

  /** Stores what observe() found new or changed and forgets what it dropped, at once. */
  updateSeen(
    changed: ReadonlyArray<[number, Seen]>,
    dropped: readonly number[],
  ): void {
    if (changed.length === 0 && dropped.length === 0) {
      return;
    }
    this.transaction(() => {
      for (const [id, s] of changed) {
        this.#run(
          "INSERT INTO seen (recordId, status, since) VALUES (?, ?, ?) ON CONFLICT(recordId) DO UPDATE SET status = excluded.status, since = excluded.since",
          id,
          s.status,
          s.since,
        );
      }
      for (const id of dropped) {
        this.#run("DELETE FROM seen WHERE recordId = ?", id);
      }
    });
  }

  /** The state of a notice key, or undefined if it was never claimed. */
  stateOf(key: string): NoticeState | undefined {
    const row = this.#sql("SELECT state FROM notices WHERE key = ?").get(
      key,
    ) as { state: NoticeState } | undefined;
    return row?.state;
  }

  /**
   * Claims a notice before its mail is sent: true for the one caller that inserted the key (in
   * its own committed transaction), false if it was there already.
   */
  claim(key: string, recordId: number, kind: NoticeKind, at: string): boolean {
    return (
      this.transaction(() =>
        this.#run(
          "INSERT INTO notices (key, recordId, kind, state, claimedAt) VALUES (?, ?, ?, 'claimed', ?) ON CONFLICT(key) DO NOTHING",
          key,
          recordId,
          kind,
          at,
        ),
      ) === 1
    );
  }

  markSent(key: string, at: string): void {
    this.#run(
      "UPDATE notices SET state = 'sent', sentAt = ? WHERE key = ?",
      at,
      key,
    );
  }

  markRecorded(key: string, at: string): void {
    this.#run(
      "UPDATE notices SET state = 'recorded', recordedAt = ? WHERE key = ?",
      at,
      key,
    );
  }

  mark(key: string, state: "unknown" | "failed"): void {
    this.#run("UPDATE notices SET state = ? WHERE key = ?", state, key);
  }

  /** Gives a claim up (the mail surely did not leave), so a later pass tries again. */
  release(key: string): void {
    this.#run("DELETE FROM notices WHERE key = ? AND state = 'claimed'", key);
  }

  /** Approvals sent whose 承認通知日時 is not yet written to kintone. */
  unrecordedApprovals(): ClaimRow[] {
    return this.#sql(
      "SELECT key, recordId, kind, state, sentAt FROM notices WHERE state = 'sent' AND kind = 'approval' ORDER BY recordId",
    ).all() as unknown as ClaimRow[];
  }

  /**
   * Claims left `claimed` by a portal that stopped between claiming and hearing from the SMTP
   * server: marked `unknown` (never sent again) and returned, for one line each in the log.
   */
  takeInterrupted(): ClaimRow[] {
    return this.transaction(() => {
      const rows = this.#sql(
        "SELECT key, recordId, kind, state, sentAt FROM notices WHERE state = 'claimed' ORDER BY recordId",
      ).all() as unknown as ClaimRow[];
      this.#run("UPDATE notices SET state = 'unknown' WHERE state = 'claimed'");
      return rows;
    });
  }

  /** Every notice row (tests and staff checks). */
  all(): ClaimRow[] {
    return this.#sql(
      "SELECT key, recordId, kind, state, sentAt FROM notices ORDER BY claimedAt, key",
    ).all() as unknown as ClaimRow[];
  }

  close(): void {
    if (this.#db.isOpen) {
      this.#db.close();
    }
  }
}
