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
import { stageOf, type ProgressDates } from "./progress.ts";

/**
 * The city's settings for what is shown, how long it is kept, and when an account is idle. The
 * defaults follow the Ebina guide (docs/sources.md#ebina).
 */
export interface Policy {
  /**
   * An open application is always shown; a closed one (認定済, 取下げ) for this many months
   * after its closing date (直近3か月).
   */
  windowMonths: number;
  /**
   * A closed application is purged this many months after its closing date; an open one
   * never.
   */
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

/** The dates the publication and retention rules read of an application (認定進捗). */
export type ApplicationDates = Pick<
  ProgressDates,
  "applicationDate" | "certificationDate" | "withdrawalDate"
>;

/**
 * What the rules need to know of one application, computed once (the portal keeps it in its
 * search index): whether it is open, and for a closed one the date its months count from.
 */
export type PublicationBase =
  | { open: true }
  | {
      open: false;
      /** The closing date (取下げ日, or 認定日), else 申請日; null when neither is a date. */
      since: IsoDate | null;
    };

/** Open: neither 認定済 nor 取下げ (stageOf) — no 認定日 and no 取下げ日. */
export const isOpenApplication = (r: ApplicationDates): boolean => {
  const stage = stageOf(r);
  return stage !== "certified" && stage !== "withdrawn";
};

/**
 * The publication base of an application. A closed one counts from its closing date — 取下げ日
 * when withdrawn, 認定日 when certified, read as stageOf reads them (取下げ日 first) — or from
 * 申請日 when that date is not a valid date. See README.md "Publication and retention".
 */
export const publicationBaseOf = (r: ApplicationDates): PublicationBase => {
  const stage = stageOf(r);
  if (stage !== "certified" && stage !== "withdrawn") {
    return { open: true };
  }
  const closing =
    stage === "withdrawn" ? r.withdrawalDate : r.certificationDate;
  if (isIsoDate(closing)) {
    return { open: false, since: closing };
  }
  return {
    open: false,
    since: isIsoDate(r.applicationDate) ? r.applicationDate : null,
  };
};

/** The day a search is answered on and the window it uses (Policy.windowMonths). */
export interface PublicationDay {
  /** Japan's date. */
  today: IsoDate;
  windowMonths: number;
}

/** The first base date of a closed application still shown on `today` (Japan's date). */
export const publicationWindowStart = (
  today: IsoDate,
  windowMonths: number,
): IsoDate => addMonths(today, -windowMonths);

/**
 * Whether an application of this base is shown while the window starts on `windowStart`
 * (publicationWindowStart): an open one always, a closed one while its base date is on or
 * after the window's start. The portal's index calls it for every record it finds.
 */
export const isShownFrom = (
  base: PublicationBase,
  windowStart: IsoDate,
): boolean =>
  base.open ||
  (base.since !== null && compareDates(base.since, windowStart) >= 0);

/**
 * Whether an application is published on `today`: open, whatever its age; or closed (認定済,
 * 取下げ) less than `windowMonths` ago, counted from its closing date.
 */
export const isPublished = (
  r: ApplicationDates,
  today: IsoDate,
  windowMonths: number,
): boolean =>
  isShownFrom(
    publicationBaseOf(r),
    publicationWindowStart(today, windowMonths),
  );

/**
 * Closed applications whose base date (closing date, else 申請日) is before this date may be
 * purged.
 */
export const retentionCutoff = (
  today: IsoDate,
  retentionMonths: number,
): IsoDate => addMonths(today, -retentionMonths);

/**
 * Whether an application may be purged on `today`: closed, and its base date before the
 * retention cutoff. An open application is never purgeable, nor a closed one without any date.
 */
export const isPurgeable = (
  r: ApplicationDates,
  today: IsoDate,
  retentionMonths: number,
): boolean => {
  const base = publicationBaseOf(r);
  return (
    !base.open &&
    base.since !== null &&
    compareDates(base.since, retentionCutoff(today, retentionMonths)) < 0
  );
};

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
