/**
 * The contract between the portal and its local read replica of kintone: what a search and a
 * login may ask, answered from SQLite on disk without calling kintone.
 */
import type { IsoDate } from "../../domain/date.ts";
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
   * Progress records matching the search keys exactly, with 申請日 on or after `windowStart`,
   * newest 申請日 first, then by record id descending.
   */
  searchProgress(query: SearchQuery, windowStart: IsoDate): KintoneRecord[];
  /** The registration for a login address (by emailKey), or undefined. */
  registrationByEmail(emailKey: string): RegistrationRow | undefined;
  /** A registration by record id (sessions re-check it on every request). */
  registrationById(id: string): RegistrationRow | undefined;
  /** Whether the person (被保険者番号) has a 同意 valid on `today` (consent mode). */
  hasValidConsent(insuredNo: string, today: IsoDate): boolean;
  status(): SyncStatus;
  /** SyncStatus.lastSuccessAt alone, without the counts: cheap enough for every page. */
  lastSuccessAt(): string | null;
}
