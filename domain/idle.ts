/**
 * Idle accounts (遵守事項 6: 「2ヶ月間ご利用がないと、セキュリティを確保するため、メールアドレスの
 * 削除処理を行なことがあります。」), written once for the cleanup script (npm run cleanup:idle) and
 * the plugin's 休眠アカウント list: which 利用中 registrations are idle, since when, and what a
 * suspension writes. The idle rule itself is domain/policy.ts `isIdle` / `idleFrom`.
 */
import { registrationStatuses } from "./codes.ts";
import type { IsoDate } from "./date.ts";
import { idleFrom, isIdle, type AccountActivity } from "./policy.ts";

/** A registration as the idle rule reads it (field values as kintone gives them). */
export interface IdleCandidate {
  /** The record's id ($id / レコード番号). */
  id: string;
  /** ステータス. */
  status: string;
  /** 最終ログイン日時 (DATETIME), empty when the account never logged in. */
  lastLoginAt?: string | null;
  /** 審査日時: when the city approved (or reviewed) the registration. */
  reviewedAt?: string | null;
  /** 承認通知日時: when the approval mail was sent. */
  approvalNotifiedAt?: string | null;
  /** 作成日時: the record's creation. */
  createdAt: string;
}

/** Which time the idle count starts from, for display. */
export type ActivityKind = "login" | "approval" | "created";

export interface IdleAccount<R extends IdleCandidate = IdleCandidate> {
  registration: R;
  /** The first day (Japan's date) on which the account counted as idle. */
  idleSince: IsoDate | null;
  /** The last activity the count starts from (a DATETIME), and what it was. */
  lastActivityAt: string | null;
  lastActivity: ActivityKind | null;
}

/** The 利用停止理由 written when the cleanup suspends an idle account. */
export const IDLE_SUSPENSION_REASON = "長期間未使用";

const ACTIVE = registrationStatuses.active.label;

const present = (t: string | null | undefined): t is string =>
  typeof t === "string" && t.trim() !== "" && Number.isFinite(Date.parse(t));

/** The approval time: 審査日時, else 承認通知日時. */
const approvalOf = (r: IdleCandidate): string | null =>
  [r.reviewedAt, r.approvalNotifiedAt].find(present) ?? null;

/** The activity the idle count starts from: last login, else approval, else creation. */
export const activityOf = (r: IdleCandidate): AccountActivity => ({
  lastLoginAt: present(r.lastLoginAt) ? r.lastLoginAt : null,
  approvedAt: approvalOf(r),
  createdAt: r.createdAt,
});

const lastActivityOf = (
  r: IdleCandidate,
): Pick<IdleAccount, "lastActivityAt" | "lastActivity"> => {
  if (present(r.lastLoginAt)) {
    return { lastActivityAt: r.lastLoginAt, lastActivity: "login" };
  }
  const approval = approvalOf(r);
  if (approval !== null) {
    return { lastActivityAt: approval, lastActivity: "approval" };
  }
  return present(r.createdAt)
    ? { lastActivityAt: r.createdAt, lastActivity: "created" }
    : { lastActivityAt: null, lastActivity: null };
};

/**
 * The 利用中 registrations idle at instant `now` for `idleDays` days, oldest activity first (then
 * by id), each with the day it became idle and its last activity. Other statuses are never idle
 * accounts: they cannot log in anyway.
 */
export const idleAccounts = <R extends IdleCandidate>(
  registrations: readonly R[],
  now: string | number,
  idleDays: number,
): Array<IdleAccount<R>> =>
  registrations
    .filter((r) => r.status === ACTIVE && isIdle(activityOf(r), now, idleDays))
    .map((r) => ({
      registration: r,
      idleSince: idleFrom(activityOf(r), idleDays),
      ...lastActivityOf(r),
    }))
    .sort(
      (a, b) =>
        (a.idleSince ?? "").localeCompare(b.idleSince ?? "") ||
        Number(a.registration.id) - Number(b.registration.id) ||
        a.registration.id.localeCompare(b.registration.id),
    );

/** An instant as a kintone DATETIME value: YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds). */
export const kintoneDateTime = (now: string | number | Date): string => {
  const d = now instanceof Date ? now : new Date(now);
  if (!Number.isFinite(d.getTime())) {
    throw new RangeError("not an instant");
  }
  return `${d.toISOString().slice(0, 19)}Z`;
};

/** The field values a suspension writes. */
// A type, not an interface: it is written as a record's field values (an index signature).
export type SuspensionValues = {
  /** The address is deleted, as 遵守事項 6 says. */
  email: { value: "" };
  /** 利用停止日時. */
  suspendedAt: { value: string };
  /** 利用停止理由. */
  suspensionReason: { value: string };
};

/** What suspending an account at `now` writes: email cleared, 利用停止日時, 利用停止理由. */
export const suspensionOf = (
  now: string | number | Date,
  reason: string = IDLE_SUSPENSION_REASON,
): SuspensionValues => ({
  email: { value: "" },
  suspendedAt: { value: kintoneDateTime(now) },
  suspensionReason: { value: reason },
});
