/**
 * Purge of old applications from the progress app, by the rule of domain/policy.ts: an open
 * application (neither 認定済 nor 取下げ) is never deleted, however old; a closed one is deleted
 * once its closing date — 取下げ日, or 認定日 — is before the retention cutoff (today − retention
 * months). The kintone query selects only closed records (`purgeCondition`), and every record
 * it returns is checked again with isPurgeable before anything is deleted, 2,000 per
 * bulkRequest. The retention may not be shorter than the publication window (checkPolicy), so
 * nothing still shown to providers is ever deleted. A dry run counts and deletes nothing.
 * Deleting is naturally resumable: a second run finds only what the first did not delete.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { IsoDate } from "../../domain/date.ts";
import {
  checkPolicy,
  defaultPolicy,
  isPurgeable,
  publicationBaseOf,
  retentionCutoff,
  type ApplicationDates,
} from "../../domain/policy.ts";
import { classifyKintoneError } from "../../kintone/client.ts";
import { CliError } from "../lib/cli.ts";

/** Records per bulkRequest of deletions: 20 requests of 100 ids. */
export const BULK_DELETES = 2000;

export interface PurgeOptions {
  client: KintoneRestAPIClient;
  /** The progress app's id. */
  app: string;
  /** Japan's date today. */
  today: IsoDate;
  /** Keep this many months of applications; default the publication window + 1. */
  retentionMonths?: number;
  /** The portal's publication window; default 3 months. */
  windowMonths?: number;
  dryRun?: boolean;
  log?: (line: string) => void;
  progress?: (total: number) => (done: number) => void;
}

export interface PurgeResult {
  /** Closed applications whose closing date (取下げ日, or 認定日) is before this date are purged. */
  cutoff: IsoDate;
  retentionMonths: number;
  /** Records found to purge. */
  found: number;
  /** Records deleted (0 in a dry run). */
  deleted: number;
  /** The oldest and newest closing date (取下げ日, or 認定日) among those found, if any. */
  range: { from: IsoDate; to: IsoDate } | null;
}

/**
 * The kintone query of the records to purge: closed, and closed before `cutoff` — by 取下げ日
 * when there is one, else by 認定日, as domain/policy.ts reads them. In kintone `<` never
 * matches an empty date, so an open record (no 取下げ日, no 認定日) is never selected.
 */
export const purgeCondition = (cutoff: IsoDate): string =>
  `(withdrawalDate < "${cutoff}") or (withdrawalDate = "" and certificationDate < "${cutoff}")`;

/** The retention to use, checked against the window; a one-line error when it is refused. */
export const checkedRetention = (
  windowMonths: number,
  retentionMonths: number | undefined,
): number => {
  const retention = retentionMonths ?? windowMonths + 1;
  const problems = checkPolicy({
    windowMonths,
    retentionMonths: retention,
    idleDays: defaultPolicy.idleDays,
  });
  if (problems.length > 0) {
    throw new CliError(problems.map((p) => p.message).join(" "));
  }
  return retention;
};

const deleteFailure = (e: unknown, deleted: number): CliError => {
  const f = classifyKintoneError(e);
  const cause = f.kind === "partial" ? f.cause : f;
  const code =
    cause.kind === "refused" || cause.kind === "unreachable" ? cause.code : "";
  // The cause travels along, so the command can say which API token lacks which right.
  return new CliError(
    `削除が途中で失敗しました（${code || "接続を確かめてください"}）。${deleted} 件は削除済みです。再実行すると残りを削除します。`,
    { cause: e },
  );
};

type Fetched = Record<string, { value: unknown } | undefined>;

const dateOf = (r: Fetched, code: keyof ApplicationDates): string => {
  const v = r[code]?.value;
  return typeof v === "string" ? v : "";
};

/** Runs the purge; see the module comment. */
export const purgeProgress = async (o: PurgeOptions): Promise<PurgeResult> => {
  const log = o.log ?? (() => undefined);
  const windowMonths = o.windowMonths ?? defaultPolicy.windowMonths;
  const retentionMonths = checkedRetention(windowMonths, o.retentionMonths);
  const cutoff = retentionCutoff(o.today, retentionMonths);
  const records = (await o.client.record.getAllRecords({
    app: o.app,
    fields: ["$id", "applicationDate", "certificationDate", "withdrawalDate"],
    condition: purgeCondition(cutoff),
  })) as Fetched[];
  // Checked again by the domain rule: whatever the query found, nothing open is deleted.
  const old = records.flatMap((r) => {
    const dates: ApplicationDates = {
      applicationDate: dateOf(r, "applicationDate"),
      certificationDate: dateOf(r, "certificationDate"),
      withdrawalDate: dateOf(r, "withdrawalDate"),
    };
    const base = publicationBaseOf(dates);
    return isPurgeable(dates, o.today, retentionMonths) &&
      !base.open &&
      base.since !== null
      ? [{ id: String(r.$id?.value ?? ""), date: base.since }]
      : [];
  });
  const dates = old.map((r) => r.date).sort();
  const range =
    dates.length > 0
      ? { from: dates[0] as string, to: dates[dates.length - 1] as string }
      : null;
  log(
    `保存期間 ${retentionMonths} か月（公開期間 ${windowMonths} か月）: 認定日・取下げ日が ${cutoff} より前の申請 ${old.length} 件` +
      (range ? `（認定日・取下げ日 ${range.from}〜${range.to}）` : "") +
      "。審査中の申請は削除しません",
  );
  const result = { cutoff, retentionMonths, found: old.length, range };
  if (o.dryRun || old.length === 0) {
    log(
      o.dryRun
        ? `[ドライラン] ${old.length} 件を削除します（何も削除していません）`
        : "削除するものはありません。",
    );
    return { ...result, deleted: 0 };
  }
  const bar = o.progress?.(old.length);
  bar?.(0);
  let deleted = 0;
  for (let i = 0; i < old.length; i += BULK_DELETES) {
    const chunk = old.slice(i, i + BULK_DELETES);
    try {
      await o.client.record.deleteAllRecords({
        app: o.app,
        records: chunk.map((r) => ({ id: r.id })),
      });
    } catch (e) {
      throw deleteFailure(e, deleted);
    }
    deleted += chunk.length;
    bar?.(deleted);
  }
  log(`削除しました: ${deleted} 件`);
  return { ...result, deleted };
};
