/**
 * Which notice mails a set of 事業所利用登録 rows needs: the pure decision, no I/O. The store
 * (store.ts) remembers what was claimed and sent; index.ts sends.
 *
 * Each notice has a key that stays the same for as long as the event it announces lasts, so
 * claiming the key once (store.ts) sends the mail at most once:
 *
 * - approval  `approval:<id>` — once per record, ever; and never for a record that already
 *   has 承認通知日時 (approvalNotifiedAt), whoever wrote it.
 * - return    `return:<id>:<since>` — one per return. A record may be returned, re-applied
 *   (再申請) and returned again, so the record id alone does not do; 審査日時 (reviewedAt)
 *   does not either, as a return through the REST API or kintone's own buttons leaves it as it
 *   was. `since` is the record's revision when this portal first saw it in 差戻し: it stays the
 *   same while the record stays in 差戻し (the portal's own writes included) and differs after a
 *   re-application and a new return, which pass through other statuses first.
 * - rejection `rejection:<id>:<since>` — the same for 却下, and only when configured.
 *
 * What the portal saw last is kept per record in a watched status (差戻し, 却下): `observe`
 * returns the entries to keep and those to drop (the record left the status, or is gone).
 */
import { registrationStatuses } from "../../domain/codes.ts";

export type NoticeKind = "approval" | "return" | "rejection";

/** What a decision needs of one registration row (from the replica). */
export interface NoticeRow {
  /** kintone record id. */
  id: number;
  /** The record's revision ($revision). */
  revision: number;
  /** The process status label. */
  status: string;
  email: string;
  /** 事業所名, "" when unknown. */
  officeName: string;
  /** 差戻し理由 (returnReason), "" when empty. */
  returnReason: string;
  /** 承認通知日時, or null. */
  approvalNotifiedAt: string | null;
}

/** A record in a watched status, as first seen there. */
export interface Seen {
  status: string;
  /** The record's revision when first seen in this status. */
  since: number;
}

export interface Notice {
  key: string;
  kind: NoticeKind;
  recordId: number;
  email: string;
  officeName: string;
  returnReason: string;
}

export const ACTIVE = registrationStatuses.active.label;
export const RETURNED = registrationStatuses.returned.label;
export const REJECTED = registrationStatuses.rejected.label;

/** The statuses whose first sight is remembered (their notices are one per episode). */
export const WATCHED: readonly string[] = [RETURNED, REJECTED];

export interface Observation {
  /** Every watched record with its episode (unchanged ones included). */
  seen: Map<number, Seen>;
  /** Entries that are new or changed, to store. */
  changed: Array<[number, Seen]>;
  /** Records that left their watched status (or are gone), to forget. */
  dropped: number[];
}

/** The records in a watched status and since when, given what was seen before. */
export const observe = (
  rows: readonly NoticeRow[],
  before: ReadonlyMap<number, Seen>,
): Observation => {
  const seen = new Map<number, Seen>();
  const changed: Array<[number, Seen]> = [];
  for (const row of rows) {
    if (!WATCHED.includes(row.status)) {
      continue;
    }
    const known = before.get(row.id);
    if (known?.status === row.status) {
      seen.set(row.id, known);
    } else {
      const entry = { status: row.status, since: row.revision };
      seen.set(row.id, entry);
      changed.push([row.id, entry]);
    }
  }
  const dropped = [...before.keys()].filter((id) => !seen.has(id));
  return { seen, changed, dropped };
};

const noticeOf = (row: NoticeRow, kind: NoticeKind, key: string): Notice => ({
  key,
  kind,
  recordId: row.id,
  email: row.email,
  officeName: row.officeName,
  returnReason: row.returnReason,
});

export interface DecideOptions {
  /** Whether 却下 is announced (PORTAL_REJECTION_MAIL). */
  rejectionMail: boolean;
}

/** The notices the rows call for (whether already sent is the store's question). */
export const noticesFor = (
  rows: readonly NoticeRow[],
  seen: ReadonlyMap<number, Seen>,
  o: DecideOptions,
): Notice[] =>
  rows.flatMap((row): Notice[] => {
    if (row.email.trim() === "") {
      return [];
    }
    if (row.status === ACTIVE) {
      return row.approvalNotifiedAt === null
        ? [noticeOf(row, "approval", `approval:${row.id}`)]
        : [];
    }
    const since = seen.get(row.id);
    if (since?.status !== row.status) {
      return [];
    }
    if (row.status === RETURNED) {
      return [noticeOf(row, "return", `return:${row.id}:${since.since}`)];
    }
    if (row.status === REJECTED && o.rejectionMail) {
      return [noticeOf(row, "rejection", `rejection:${row.id}:${since.since}`)];
    }
    return [];
  });

/**
 * The return and rejection keys of the rows as they stand: what a new notice file takes as
 * already announced (its first pass), so records returned or rejected before this portal ever
 * ran — the demo's, or all of them after the file was lost — are not mailed.
 */
export const baselineKeys = (
  rows: readonly NoticeRow[],
  seen: ReadonlyMap<number, Seen>,
): Notice[] =>
  noticesFor(rows, seen, { rejectionMail: true }).filter(
    (n) => n.kind !== "approval",
  );
