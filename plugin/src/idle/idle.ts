/**
 * 休眠アカウント on the registration app's list: the 利用中 accounts the rule of domain/idle.ts
 * selects (last login, or approval if never, older than the configured days), with their dates;
 * the ones a clerk selects are suspended as the city's guide says — address deleted, 利用停止
 * with 「長期間未使用」 and the time — in bulk requests of 100, all or nothing per batch, then a
 * record comment each. The same rule and requests as `npm run cleanup:idle`.
 */
import { jstDateOf } from "../../../domain/date.ts";
import {
  idleAccounts,
  suspensionOf,
  type IdleAccount,
  type IdleCandidate,
} from "../../../domain/idle.ts";
import { registrationStatuses } from "../../../domain/codes.ts";
import { quoteQueryValue } from "../../../kintone/query.ts";
import {
  asApiRequests,
  suspensionRequests,
} from "../../../kintone/suspension.ts";
import { defaultSettings, type FieldMapping } from "../../config/settings.ts";
import { el, textOf } from "../dom.ts";
import type { ApiRecord, KintoneApi } from "../review/review.ts";

const DEFAULT_FIELDS = defaultSettings().fields;

export interface IdleRegistration extends IdleCandidate {
  revision: string;
  officeName: string;
}

const PAGE = 500;
const BATCH = 100;

/** Every 利用中 registration (pages of 500), as the idle rule reads them. */
export const loadActive = async (
  api: KintoneApi,
  appId: string,
  fields: FieldMapping = DEFAULT_FIELDS,
): Promise<IdleRegistration[]> => {
  const out: IdleRegistration[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { records } = (await api("/k/v1/records.json", "GET", {
      app: appId,
      query: `ステータス in (${quoteQueryValue(registrationStatuses.active.label)}) order by $id asc limit ${PAGE} offset ${offset}`,
    })) as { records: ApiRecord[] };
    out.push(
      ...records.map((r) => ({
        id: textOf(r, "$id"),
        revision: textOf(r, "$revision"),
        status: registrationStatuses.active.label,
        lastLoginAt: textOf(r, fields.lastLoginAt),
        reviewedAt: textOf(r, fields.reviewedAt),
        approvalNotifiedAt: textOf(r, "approvalNotifiedAt"),
        createdAt: textOf(r, "createdAt") || textOf(r, "作成日時"),
        officeName: textOf(r, "officeName"),
      })),
    );
    if (records.length < PAGE) {
      return out;
    }
  }
};

export const findIdle = async (
  api: KintoneApi,
  appId: string,
  days: number,
  now: Date,
  fields: FieldMapping = DEFAULT_FIELDS,
): Promise<Array<IdleAccount<IdleRegistration>>> =>
  idleAccounts(await loadActive(api, appId, fields), now.getTime(), days);

/** What a suspension writes, by the app's field codes. */
const suspensionFields = (
  now: Date,
  reason: string,
  fields: FieldMapping,
): Record<string, { value: string }> => {
  const values = suspensionOf(now, reason);
  return {
    [fields.email]: values.email,
    [fields.suspendedAt]: values.suspendedAt,
    [fields.suspensionReason]: values.suspensionReason,
  };
};

export interface SuspendResult {
  suspended: string[];
  /** Not suspended (their batch refused), with kintone's message. */
  failed: Array<{ id: string; message: string }>;
  /** Suspended, but the comment could not be added. */
  uncommented: string[];
}

const messageOf = (e: unknown): string =>
  e instanceof Error ? e.message : String(e);

/** Suspends the accounts in batches of 100 (one bulk request each), then comments each. */
export const suspendAccounts = async (
  api: KintoneApi,
  o: {
    appId: string;
    accounts: ReadonlyArray<IdleAccount<IdleRegistration>>;
    days: number;
    reason: string;
    action: string;
    now: Date;
    fields?: FieldMapping;
  },
): Promise<SuspendResult> => {
  const result: SuspendResult = { suspended: [], failed: [], uncommented: [] };
  for (let i = 0; i < o.accounts.length; i += BATCH) {
    const batch = o.accounts.slice(i, i + BATCH).map((a) => a.registration);
    try {
      await api("/k/v1/bulkRequest.json", "POST", {
        requests: asApiRequests(
          suspensionRequests({
            app: o.appId,
            records: batch,
            values: suspensionFields(
              o.now,
              o.reason,
              o.fields ?? DEFAULT_FIELDS,
            ),
            action: o.action,
          }),
        ),
      });
      result.suspended.push(...batch.map((r) => r.id));
    } catch (e) {
      result.failed.push(
        ...batch.map((r) => ({ id: r.id, message: messageOf(e) })),
      );
    }
  }
  // Comments cannot be in a bulk request: each after its record's suspension.
  for (const id of result.suspended) {
    try {
      await api("/k/v1/record/comment.json", "POST", {
        app: o.appId,
        record: id,
        comment: {
          text: `長期間（${o.days}日）利用がないため、利用を停止しメールアドレスを削除しました（休眠アカウントの整理）。`,
        },
      });
    } catch {
      result.uncommented.push(id);
    }
  }
  return result;
};

const ACTIVITY: Record<string, string> = {
  login: "最終ログイン",
  approval: "承認",
  created: "登録",
};

export const summaryText = (r: SuspendResult): string =>
  [
    `利用停止 ${r.suspended.length} 件、失敗 ${r.failed.length} 件。`,
    ...(r.failed.length > 0
      ? [
          `利用停止できなかったレコード番号：${r.failed.map((f) => f.id).join("、")}（${r.failed[0]?.message ?? ""}）`,
        ]
      : []),
    ...(r.uncommented.length > 0
      ? [
          `利用停止は済みましたが、コメントを追加できなかったレコード番号：${r.uncommented.join("、")}`,
        ]
      : []),
  ].join(" ");

/**
 * The list: one row per idle account with a check box (all checked), and the button that
 * suspends the checked ones after a confirmation.
 */
export const renderIdleList = (o: {
  accounts: ReadonlyArray<IdleAccount<IdleRegistration>>;
  days: number;
  confirm: (message: string) => boolean;
  onSuspend: (ids: string[]) => Promise<SuspendResult>;
}): HTMLElement => {
  const status = el("p", { role: "status", class: "kaigo-idle-status" });
  if (o.accounts.length === 0) {
    status.textContent = `${o.days}日以上利用のない利用中のアカウントはありません。`;
    return el("section", { class: "kaigo-idle" }, status);
  }
  const boxes = o.accounts.map((a) =>
    el("input", {
      type: "checkbox",
      checked: "",
      value: a.registration.id,
      "aria-label": `レコード番号 ${a.registration.id} を選ぶ`,
    }),
  );
  const rows = o.accounts.map((a, i) =>
    el(
      "tr",
      {},
      el("td", {}, boxes[i] as HTMLInputElement),
      el("td", {}, a.registration.id),
      el("td", {}, a.registration.officeName),
      el(
        "td",
        {},
        a.lastActivityAt
          ? `${ACTIVITY[a.lastActivity ?? ""] ?? ""} ${jstDateOf(a.lastActivityAt) ?? ""}`
          : "不明",
      ),
      el("td", {}, a.idleSince ?? "不明"),
    ),
  );
  const button = el(
    "button",
    { type: "button" },
    "選んだアカウントを利用停止する",
  );
  button.addEventListener("click", () => {
    const ids = boxes.filter((b) => b.checked).map((b) => b.value);
    if (ids.length === 0) {
      status.textContent = "利用停止するアカウントを選んでください。";
      return;
    }
    if (
      !o.confirm(
        `${ids.length}件のアカウントを利用停止し、メールアドレスを削除します。よろしいですか？`,
      )
    ) {
      return;
    }
    button.disabled = true;
    status.textContent = "利用停止しています…";
    o.onSuspend(ids).then(
      (r) => {
        status.textContent = summaryText(r);
      },
      (e: unknown) => {
        status.textContent = `利用停止できませんでした：${messageOf(e)}`;
        button.disabled = false;
      },
    );
  });
  return el(
    "section",
    { class: "kaigo-idle", "aria-labelledby": "kaigo-idle-title" },
    el(
      "h2",
      { id: "kaigo-idle-title" },
      `休眠アカウント（${o.days}日以上利用なし）：${o.accounts.length}件`,
    ),
    el(
      "table",
      {},
      el(
        "tr",
        {},
        ...[
          "選択",
          "レコード番号",
          "事業所名",
          "最後の利用",
          "休眠となった日",
        ].map((h) => el("th", { scope: "col" }, h)),
      ),
      ...rows,
    ),
    button,
    status,
  );
};
