/**
 * Cleanup of idle accounts in the registration app (遵守事項 6: 2ヶ月間ご利用がないと…メールアドレス
 * の削除処理を行なことがあります): every 利用中 registration idle for `idleDays` days
 * (domain/idle.ts) is suspended. Per batch, ONE bulkRequest holds both the process action 利用停止
 * for its records (records/status.json) and their field update (email cleared, 利用停止日時,
 * 利用停止理由: `suspensionOf`), so a batch is all or nothing: no record is left suspended with its
 * address kept, or with its address deleted while still 利用中. A batch that fails is tried again
 * record by record, so one record (say, one that logged in meanwhile and so changed revision)
 * fails alone. Then each suspended record gets a comment saying why.
 *
 * The action needs no assignee: the deploy tool writes the app's statuses without assignees, and
 * an API token acts as an administrator.
 *
 * Re-running is safe: a suspended record is no longer 利用中, so a second run finds only what
 * the first did not suspend. A dry run reads and lists, and writes nothing.
 */
import { suspensionRequests } from "../../kintone/suspension.ts";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { registrationStatuses } from "../../domain/codes.ts";
import { jstDateOf } from "../../domain/date.ts";
import {
  idleAccounts,
  suspensionOf,
  type ActivityKind,
  type IdleAccount,
  type IdleCandidate,
} from "../../domain/idle.ts";
import {
  classifyKintoneError,
  kintoneErrorCode,
} from "../../kintone/client.ts";
import { CliError } from "../lib/cli.ts";

/** Records per bulkRequest: one records/status.json and one records.json request of 100. */
export const BATCH_RECORDS = 100;

const ACTIVE = registrationStatuses.active.label;
const SUSPEND_ACTION = "利用停止";

/** The comment each suspended record gets. */
export const suspensionComment = (idleDays: number): string =>
  `長期間（${idleDays}日）利用がないため、利用を停止しメールアドレスを削除しました（休眠アカウントの整理）。`;

export interface CleanupOptions {
  client: KintoneRestAPIClient;
  /** The registration app's id. */
  app: string;
  /** The instant of the run (epoch ms); the suspension time written. */
  now: number;
  idleDays: number;
  dryRun?: boolean;
  log?: (line: string) => void;
  progress?: (total: number) => (done: number) => void;
}

/** A registration as read for the cleanup. */
export interface Registration extends IdleCandidate {
  /** レコード番号, as shown to the city's staff. */
  recordNumber: string;
  revision: string;
}

export interface CleanupResult {
  /** The 利用中 registrations read. */
  active: number;
  /** The record numbers of the idle ones (the cleanup's targets). */
  idle: string[];
  /** Suspended (status 利用停止 and fields written). Empty in a dry run. */
  suspended: string[];
  /** Not suspended: the bulkRequest failed; each with kintone's error code. */
  failed: Array<{ recordNumber: string; code: string }>;
  /** Suspended, but the comment could not be added. */
  commentFailed: Array<{ recordNumber: string; code: string }>;
}

type Raw = Record<string, { value: unknown } | undefined>;

const text = (r: Raw, code: string): string => {
  const v = r[code]?.value;
  return typeof v === "string" ? v : "";
};

const FIELDS = [
  "$id",
  "$revision",
  "recordNumber",
  "ステータス",
  "lastLoginAt",
  "reviewedAt",
  "approvalNotifiedAt",
  "createdAt",
];

/** Every 利用中 registration (all pages: getAllRecords reads by id, 500 at a time). */
export const readActiveRegistrations = async (
  client: KintoneRestAPIClient,
  app: string,
): Promise<Registration[]> => {
  const records = (await client.record.getAllRecords({
    app,
    fields: FIELDS,
    condition: `ステータス in ("${ACTIVE}")`,
  })) as Raw[];
  return records.map((r) => ({
    id: text(r, "$id"),
    revision: text(r, "$revision"),
    recordNumber: text(r, "recordNumber") || text(r, "$id"),
    status: text(r, "ステータス"),
    lastLoginAt: text(r, "lastLoginAt"),
    reviewedAt: text(r, "reviewedAt"),
    approvalNotifiedAt: text(r, "approvalNotifiedAt"),
    createdAt: text(r, "createdAt"),
  }));
};

const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  login: "最終ログイン",
  approval: "承認",
  created: "登録",
};

/** One line per idle account, without personal data: record number and dates only. */
export const describeIdle = (a: IdleAccount<Registration>): string => {
  const when =
    a.lastActivity && a.lastActivityAt
      ? `${ACTIVITY_LABELS[a.lastActivity]} ${jstDateOf(a.lastActivityAt) ?? "不明"}`
      : "利用日時不明";
  return `  レコード番号 ${a.registration.recordNumber}: ${when}、${a.idleSince ?? "不明"} から休眠`;
};

/** Suspends the records of one batch in one bulkRequest: all or nothing. */
const suspendBatch = async (
  o: CleanupOptions,
  batch: ReadonlyArray<IdleAccount<Registration>>,
): Promise<void> => {
  await o.client.bulkRequest({
    requests: suspensionRequests({
      app: o.app,
      records: batch.map((a) => a.registration),
      values: suspensionOf(o.now),
      action: SUSPEND_ACTION,
    }),
  });
};

/**
 * No answer to a bulkRequest (network, timeout): whether kintone committed it is unknown, so the
 * run stops rather than call the batch failed or try it again record by record.
 */
const lostContact = (
  e: unknown,
  batch: ReadonlyArray<IdleAccount<Registration>>,
  result: CleanupResult,
): CliError =>
  new CliError(
    `kintone から応答がなく中断しました（${kintoneErrorCode(e)}）。利用停止済み ${result.suspended.length} 件` +
      `${result.suspended.length > 0 ? `（レコード番号 ${result.suspended.join("、")}）` : ""}。` +
      `レコード番号 ${batch.map((a) => a.registration.recordNumber).join("、")} は処理されたか不明です。` +
      "--dry-run で残りを確かめてから再実行してください（コメントのないものは手動で追加してください）。",
  );

/**
 * Suspends a batch; when kintone refuses it, each record alone, so only the refused ones fail
 * (a refused bulkRequest changed nothing).
 */
const suspendAll = async (
  o: CleanupOptions,
  batch: ReadonlyArray<IdleAccount<Registration>>,
  result: CleanupResult,
): Promise<void> => {
  try {
    await suspendBatch(o, batch);
    result.suspended.push(...batch.map((a) => a.registration.recordNumber));
    return;
  } catch (e) {
    if (classifyKintoneError(e).kind !== "refused") {
      throw lostContact(e, batch, result);
    }
    if (batch.length === 1) {
      result.failed.push({
        recordNumber: (batch[0] as IdleAccount<Registration>).registration
          .recordNumber,
        code: kintoneErrorCode(e),
      });
      return;
    }
  }
  for (const a of batch) {
    await suspendAll(o, [a], result);
  }
};

/**
 * Comments cannot be part of a bulkRequest, so each is its own request after the suspension has
 * been committed. A comment that fails leaves the suspension in place (the address is deleted
 * and the record is 利用停止); the summary lists its record number and kintone's error code
 * (「利用停止は済みましたが、コメントを追加できませんでした」) and the run ends with exit code 1,
 * so the staff add the comment by hand. A re-run does not add it: the record is no longer 利用中.
 */
const comment = async (
  o: CleanupOptions,
  a: IdleAccount<Registration>,
  result: CleanupResult,
): Promise<void> => {
  try {
    await o.client.record.addRecordComment({
      app: o.app,
      record: a.registration.id,
      comment: { text: suspensionComment(o.idleDays) },
    });
  } catch (e) {
    result.commentFailed.push({
      recordNumber: a.registration.recordNumber,
      code: kintoneErrorCode(e),
    });
  }
};

/** The idle registrations: every 利用中 one read, selected by the domain rule. */
export const findIdle = async (
  o: Pick<CleanupOptions, "client" | "app" | "now" | "idleDays">,
): Promise<{
  active: number;
  idle: Array<IdleAccount<Registration>>;
}> => {
  const active = await readActiveRegistrations(o.client, o.app);
  return {
    active: active.length,
    idle: idleAccounts(active, o.now, o.idleDays),
  };
};

/** Suspends the given idle registrations in batches, then comments on each one suspended. */
export const suspendIdle = async (
  o: CleanupOptions,
  idle: ReadonlyArray<IdleAccount<Registration>>,
  result: CleanupResult,
): Promise<void> => {
  const bar = o.progress?.(idle.length);
  bar?.(0);
  let done = 0;
  for (let i = 0; i < idle.length; i += BATCH_RECORDS) {
    const batch = idle.slice(i, i + BATCH_RECORDS);
    await suspendAll(o, batch, result);
    const suspended = new Set(result.suspended);
    for (const a of batch) {
      if (suspended.has(a.registration.recordNumber)) {
        await comment(o, a, result);
      }
      done += 1;
      bar?.(done);
    }
  }
};

/** A result before any write: the targets found. */
export const resultOf = (
  active: number,
  idle: ReadonlyArray<IdleAccount<Registration>>,
): CleanupResult => ({
  active,
  idle: idle.map((a) => a.registration.recordNumber),
  suspended: [],
  failed: [],
  commentFailed: [],
});

/** Runs the cleanup; see the module comment. */
export const cleanupIdle = async (
  o: CleanupOptions,
): Promise<CleanupResult> => {
  const log = o.log ?? (() => undefined);
  const { active, idle } = await findIdle(o);
  const result = resultOf(active, idle);
  log(
    `利用中 ${active} 件のうち、${o.idleDays}日以上利用がないもの: ${idle.length} 件`,
  );
  for (const a of idle) {
    log(describeIdle(a));
  }
  if (!o.dryRun) {
    await suspendIdle(o, idle, result);
  }
  return result;
};

const numbers = (list: readonly string[]): string =>
  list.length > 0 ? `（レコード番号 ${list.join("、")}）` : "";

/** The summary in Japanese: counts and record numbers, never an address. */
export const summaryLines = (r: CleanupResult, dryRun: boolean): string[] => {
  if (dryRun) {
    return [
      `[ドライラン] 対象 ${r.idle.length} 件${numbers(r.idle)}。何も変更していません。`,
    ];
  }
  const lines = [
    `対象 ${r.idle.length} 件、利用停止 ${r.suspended.length} 件、失敗 ${r.failed.length} 件`,
  ];
  if (r.suspended.length > 0) {
    lines.push(`利用停止しました${numbers(r.suspended)}。`);
  }
  if (r.failed.length > 0) {
    lines.push(
      `利用停止できませんでした（変更していません）: ${r.failed.map((f) => `レコード番号 ${f.recordNumber}（${f.code}）`).join("、")}。再実行すると、まだ利用中のものを処理します。`,
    );
  }
  if (r.commentFailed.length > 0) {
    lines.push(
      `利用停止は済みましたが、コメントを追加できませんでした: ${r.commentFailed.map((f) => `レコード番号 ${f.recordNumber}（${f.code}）`).join("、")}。kintone でコメントを手動で追加してください。`,
    );
  }
  return lines;
};
