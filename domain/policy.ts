import {
  addDays,
  addMonths,
  compareDates,
  isIsoDate,
  jstDateOf,
  type IsoDate,
} from "./date.ts";
import { labelOf } from "./fields.ts";
import { error, type Problem } from "./problem.ts";

/**
 * The city's settings for what is shown, how long it is kept, and when an account is idle. The
 * defaults follow the Ebina guide (docs/sources.md#ebina).
 */
export interface Policy {
  /** Applications are shown while 申請日 is within this many months (直近3か月). */
  windowMonths: number;
  /** Applications older than this many months (by 申請日) are purged. */
  retentionMonths: number;
  /** An account unused for this many days may not log in (遵守事項 6: 2ヶ月). */
  idleDays: number;
}

export const defaultPolicy: Policy = {
  windowMonths: 3,
  retentionMonths: 4,
  idleDays: 60,
};

/** The retention a window implies when none is set: one month longer than the window. */
export const defaultRetentionMonths = (windowMonths: number): number =>
  windowMonths + 1;

const wholeNumberIn = (
  field: keyof Policy,
  value: number,
  min: number,
  max: number,
): Problem[] =>
  Number.isInteger(value) && value >= min && value <= max
    ? []
    : [
        error(
          field,
          "range",
          `${labelOf(field)}は${min}〜${max}の整数で指定してください。`,
        ),
      ];

/** Problems of a policy: ranges, and a retention that would purge what is still shown. */
export const checkPolicy = (p: Policy): Problem[] => {
  const problems = [
    ...wholeNumberIn("windowMonths", p.windowMonths, 1, 24),
    ...wholeNumberIn("retentionMonths", p.retentionMonths, 1, 120),
    ...wholeNumberIn("idleDays", p.idleDays, 1, 3650),
  ];
  if (problems.length === 0 && p.retentionMonths < p.windowMonths) {
    problems.push(
      error(
        "retentionMonths",
        "range",
        `保存期間（${p.retentionMonths}か月）が公開期間（${p.windowMonths}か月）より短いと、公開中の申請が削除されます。公開期間以上にしてください。`,
      ),
    );
  }
  return problems;
};

/** The first 申請日 still shown on `today` (Japan's date). */
export const publicationWindowStart = (
  today: IsoDate,
  windowMonths: number,
): IsoDate => addMonths(today, -windowMonths);

/** Whether an application is published: its 申請日 is on or after the window's start. */
export const isPublished = (
  applicationDate: IsoDate | null | undefined,
  today: IsoDate,
  windowMonths: number,
): boolean =>
  isIsoDate(applicationDate) &&
  compareDates(applicationDate, publicationWindowStart(today, windowMonths)) >=
    0;

/** Applications whose 申請日 is before this date may be purged. */
export const retentionCutoff = (
  today: IsoDate,
  retentionMonths: number,
): IsoDate => addMonths(today, -retentionMonths);

export const isPurgeable = (
  applicationDate: IsoDate | null | undefined,
  today: IsoDate,
  retentionMonths: number,
): boolean =>
  isIsoDate(applicationDate) &&
  compareDates(applicationDate, retentionCutoff(today, retentionMonths)) < 0;

/** The times on a registration that the idle rule reads (kintone DATETIME values). */
export interface AccountActivity {
  /** 最終ログイン日時. */
  lastLoginAt?: string | null;
  /** 承認通知日時: when the city approved the registration. */
  approvedAt?: string | null;
  /** 作成日時: the record's creation, when an old record has no approval time. */
  createdAt: string;
}

/** The Japanese date the idle count starts from: last login, else approval, else creation. */
export const idleBaseDate = (a: AccountActivity): IsoDate | null =>
  [a.lastLoginAt, a.approvedAt, a.createdAt]
    .map((t) => (t ? jstDateOf(t) : null))
    .find((d): d is IsoDate => d !== null) ?? null;

/**
 * The first day (Japan's date) on which the account counts as idle: `idleDays` days after the
 * base date. Last login 2026-09-01 with 60 days → idle from 2026-10-31.
 */
export const idleFrom = (
  a: AccountActivity,
  idleDays: number,
): IsoDate | null => {
  const base = idleBaseDate(a);
  return base === null ? null : addDays(base, idleDays);
};

/**
 * Whether the account is idle at instant `now`. An account with no readable time at all is
 * treated as idle: access is never granted on data that cannot be checked.
 */
export const isIdle = (
  a: AccountActivity,
  now: string | number,
  idleDays: number,
): boolean => {
  const from = idleFrom(a, idleDays);
  const today = jstDateOf(now);
  return from === null || today === null || compareDates(today, from) >= 0;
};
