/**
 * The contract between the portal and its local read replica of kintone: what a search and a
 * login may ask, answered from SQLite on disk without calling kintone.
 */
import type { IsoDate } from "../../domain/date.ts";
import type { PublicationDay } from "../../domain/policy.ts";
import type { SearchQuery } from "../../domain/searchKeys.ts";

/** A progress record as kintone returns it (REST shape: `{code: {type, value}}`). */
export type KintoneRecord = Record<string, { type: string; value: unknown }>;

export interface RegistrationRow {
  /** kintone record id. */
  id: string;
  /** emailKey() of the address (lower case), the login identity. */
  emailKey: string;
  email: string;
  officeNo: string;
  /** The process status label (申請中, 利用中, 利用停止 …). */
  status: string;
  /** kintone DATETIME values or null. */
  lastLoginAt: string | null;
  approvedAt: string | null;
  createdAt: string;
}

export interface SyncStatus {
  /** When the last sync (full, incremental or reconcile) succeeded; null before the first. */
  lastSuccessAt: string | null;
  /** The last failure's one-line description (no personal data), or null after a success. */
  lastError: string | null;
  /** Records per app in the replica. */
  counts: Record<string, number>;
}

export interface ReplicaReader {
  /**
   * Progress records matching the search keys exactly (a whole 被保険者番号 on all 10
   * characters) that domain/policy.ts publishes on `on.today` (isPublished: open ones always,
   * closed ones for `on.windowMonths` after their closing date), newest 申請日 first, then by
   * record id descending.
   */
  searchProgress(query: SearchQuery, on: PublicationDay): KintoneRecord[];
  /** The registration for a login address (by emailKey), or undefined. */
  registrationByEmail(emailKey: string): RegistrationRow | undefined;
  /** A registration by record id (sessions re-check it on every request). */
  registrationById(id: string): RegistrationRow | undefined;
  /** Whether the person (被保険者番号) has a 同意 valid on `today` (consent mode). */
  hasValidConsent(insuredNo: string, today: IsoDate): boolean;
  status(): SyncStatus;
  /** SyncStatus.lastSuccessAt alone, without the counts: cheap enough for every page. */
  lastSuccessAt(): string | null;
  /**
   * When the city's data last changed: the greatest 更新日時 (kintone DATETIME, as kintone
   * wrote it) among the progress records in the replica, or null when it holds none. Kept in
   * memory and read again only after a write changed the progress table: cheap enough for every
   * page.
   */
  lastDataChange(): string | null;
}
