/**
 * The review panel of a 事業所利用登録 record (record detail, desktop and mobile): each check of
 * domain/review.ts ✓ or its problem, what a 変更 changes, and the buttons 承認 / 差戻し / 却下
 * (a reason required for the last two). An action runs in one bulk request — the reviewer, the
 * time and the reason written, then the process action — so it is all or nothing; the portal
 * sends the mails once the record's status has changed.
 *
 * kintone's documented JS API only, passed in (`KintoneApi`), so the module runs under jsdom in
 * tests with a fake, and in kintone with `kintone.api`.
 */
import {
  reviewApplication,
  type Review,
  type ReviewContext,
  type ReviewedApplication,
} from "../../../domain/review.ts";
import { defaultSettings, type FieldMapping } from "../../config/settings.ts";
import { el, textOf } from "../dom.ts";
import { quoteQueryValue } from "../../../kintone/query.ts";

/** kintone.api: (path, method, params) → the answer's body. */
export type KintoneApi = (
  path: string,
  method: "GET" | "POST" | "PUT" | "DELETE",
  params: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** A record as the JS API gives it: `{code: {type, value}}`. */
export type ApiRecord = Record<string, { type?: string; value: unknown }>;

export interface ReviewSettings {
  /** The app's field codes (the plugin's settings; the schema's codes by default). */
  fields: FieldMapping;
  /** Process action names. */
  actions: { approve: string; return: string; reject: string };
  /** The statuses in which the panel offers the buttons (審査中). */
  reviewStatus: string;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  fields: defaultSettings().fields,
  actions: { approve: "承認", return: "差戻し", reject: "却下" },
  reviewStatus: "審査中",
};

const statusOf = (r: ApiRecord): string =>
  textOf(r, "ステータス") ||
  String(Object.values(r).find((f) => f.type === "STATUS")?.value ?? "");

export const applicationOf = (
  r: ApiRecord,
  fields: FieldMapping = DEFAULT_REVIEW_SETTINGS.fields,
): ReviewedApplication => ({
  id: textOf(r, "$id"),
  requestType: textOf(r, "registrationRequestType"),
  officeNo: textOf(r, fields.officeNo),
  officeName: textOf(r, "officeName"),
  officePhone: textOf(r, "officePhone"),
  email: textOf(r, fields.email),
  staffNameKana: textOf(r, fields.staffNameKana),
  pledge: Array.isArray(r.pledge?.value) ? (r.pledge.value as string[]) : [],
});

/**
 * What the checks need from kintone: the office (事業所マスタ, the app the 事業所番号 lookup
 * reads) and the other registrations of the address.
 */
export const loadContext = async (
  api: KintoneApi,
  appId: string,
  r: ApiRecord,
  fields: FieldMapping = DEFAULT_REVIEW_SETTINGS.fields,
): Promise<ReviewContext> => {
  const a = applicationOf(r, fields);
  const form = await api("/k/v1/app/form/fields.json", "GET", {
    app: appId,
  });
  const properties = form.properties as Record<
    string,
    { lookup?: { relatedApp?: { app?: string } } }
  >;
  const officesApp = properties[fields.officeNo]?.lookup?.relatedApp?.app;
  const [offices, same] = await Promise.all([
    officesApp && a.officeNo
      ? api("/k/v1/records.json", "GET", {
          app: officesApp,
          query: `officeNo = ${quoteQueryValue(a.officeNo)} limit 1`,
          fields: ["officeName", "registrable"],
        })
      : Promise.resolve({ records: [] }),
    a.email
      ? api("/k/v1/records.json", "GET", {
          app: appId,
          query: `${fields.email} = ${quoteQueryValue(a.email)} order by $id desc limit 100`,
        })
      : Promise.resolve({ records: [] }),
  ]);
  const office = (offices.records as ApiRecord[])[0];
  return {
    ...(office
      ? {
          office: {
            officeName: textOf(office, "officeName"),
            registrable: textOf(office, "registrable"),
          },
        }
      : {}),
    sameAddress: (same.records as ApiRecord[]).map((x) => {
      const other = applicationOf(x, fields);
      return {
        id: other.id,
        status: statusOf(x),
        officeNo: other.officeNo,
        officeName: other.officeName,
        officePhone: other.officePhone,
        staffNameKana: other.staffNameKana,
      };
    }),
  };
};

export type Decision = "approve" | "return" | "reject";

/** kintone's DATETIME: UTC to the second. */
const dateTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/**
 * Runs a decision in one bulk request: 審査者, 審査日時 (and the reason) written, then the process
 * action. Refused before any request when 差戻し or 却下 has no reason.
 */
export const decide = async (
  api: KintoneApi,
  o: {
    appId: string;
    recordId: string;
    decision: Decision;
    reason: string;
    reviewer: string;
    now: Date;
    settings: ReviewSettings;
  },
): Promise<void> => {
  const reason = o.reason.trim();
  if (o.decision !== "approve" && reason === "") {
    throw new Error(
      `${o.settings.actions[o.decision]}の理由を入力してください。理由は申請者へのメールに記載されます。`,
    );
  }
  await api("/k/v1/bulkRequest.json", "POST", {
    requests: [
      {
        method: "PUT",
        api: "/k/v1/record.json",
        payload: {
          app: o.appId,
          id: o.recordId,
          record: {
            [o.settings.fields.reviewer]: { value: o.reviewer },
            [o.settings.fields.reviewedAt]: { value: dateTime(o.now) },
            ...(o.decision === "approve"
              ? {}
              : { [o.settings.fields.returnReason]: { value: reason } }),
          },
        },
      },
      {
        method: "PUT",
        api: "/k/v1/record/status.json",
        payload: {
          app: o.appId,
          id: o.recordId,
          action: o.settings.actions[o.decision],
        },
      },
    ],
  });
};

const checkList = (review: Review): HTMLElement =>
  el(
    "ul",
    { class: "kaigo-review-checks" },
    ...review.checks.map((c) =>
      el(
        "li",
        { class: c.ok ? "ok" : "ng", "data-check": c.id },
        el("span", { "aria-hidden": "true" }, c.ok ? "✓ " : "✗ "),
        c.ok ? c.label : `${c.label}：${c.problem ?? ""}`,
      ),
    ),
  );

const changeTable = (review: Review): HTMLElement | string =>
  review.changes.length === 0
    ? ""
    : el(
        "table",
        { class: "kaigo-review-changes" },
        el("caption", {}, "変更の内容（利用中の登録との違い）"),
        el(
          "tr",
          {},
          el("th", { scope: "col" }, "項目"),
          el("th", { scope: "col" }, "利用中の登録"),
          el("th", { scope: "col" }, "この申請"),
        ),
        ...review.changes.map((c) =>
          el(
            "tr",
            {},
            el("th", { scope: "row" }, c.label),
            el("td", {}, c.from),
            el("td", {}, c.to),
          ),
        ),
      );

/** The panel's look, kept with it (kintone's pages carry no style for it). */
const PANEL_CSS = [
  ".kaigo-review{border:1px solid #c9d2da;border-radius:4px;background:#fff;padding:8px 16px;margin:8px 0;font-size:14px;line-height:1.6;max-width:720px}",
  ".kaigo-review h2{font-size:16px;margin:4px 0}",
  ".kaigo-review ul{list-style:none;padding:0;margin:4px 0}",
  ".kaigo-review li.ok{color:#1b5e20}",
  ".kaigo-review li.ng{color:#a4281b;font-weight:700}",
  ".kaigo-review table{border-collapse:collapse;margin:8px 0}",
  ".kaigo-review th,.kaigo-review td{border:1px solid #c9d2da;padding:2px 8px;text-align:left}",
  ".kaigo-review textarea{display:block;width:100%;max-width:560px;margin:4px 0 8px}",
  ".kaigo-review-buttons{display:flex;gap:8px;flex-wrap:wrap}",
  ".kaigo-review-buttons button{padding:6px 16px;font-size:14px;cursor:pointer}",
  ".kaigo-review-message{color:#a4281b;font-weight:700}",
].join("");

/**
 * The panel: the checks, the changes, and — while the record is in review — the reason box and
 * the three buttons. `onDecide` runs a decision; its error is shown in the panel.
 */
export const renderPanel = (o: {
  review: Review;
  canDecide: boolean;
  settings: ReviewSettings;
  onDecide: (decision: Decision, reason: string) => Promise<void>;
}): HTMLElement => {
  const message = el("p", { class: "kaigo-review-message", role: "alert" });
  const reasonId = "kaigo-review-reason";
  const reason = el("textarea", { id: reasonId, rows: "3" });
  const buttons = (["approve", "return", "reject"] as const).map((d) => {
    const b = el(
      "button",
      { type: "button", "data-decision": d },
      o.settings.actions[d],
    );
    b.addEventListener("click", () => {
      message.textContent = "";
      for (const x of buttons) {
        x.disabled = true;
      }
      o.onDecide(d, reason.value).catch((e: unknown) => {
        message.textContent = e instanceof Error ? e.message : String(e);
        for (const x of buttons) {
          x.disabled = false;
        }
      });
    });
    return b;
  });
  return el(
    "section",
    { class: "kaigo-review", "aria-labelledby": "kaigo-review-title" },
    el("style", {}, PANEL_CSS),
    el(
      "h2",
      { id: "kaigo-review-title" },
      o.review.ok
        ? "審査のチェック：問題なし"
        : "審査のチェック：確認が必要です",
    ),
    checkList(o.review),
    changeTable(o.review),
    ...(o.canDecide
      ? [
          el(
            "label",
            { for: reasonId },
            "差戻し・却下の理由（申請者へのメールに記載されます）",
          ),
          reason,
          el("div", { class: "kaigo-review-buttons" }, ...buttons),
          message,
        ]
      : []),
  );
};

/** Builds the review of a record: its checks against what kintone holds. */
export const reviewRecord = async (
  api: KintoneApi,
  appId: string,
  r: ApiRecord,
  fields: FieldMapping = DEFAULT_REVIEW_SETTINGS.fields,
): Promise<Review> =>
  reviewApplication(
    applicationOf(r, fields),
    await loadContext(api, appId, r, fields),
  );

export const canDecide = (r: ApiRecord, settings: ReviewSettings): boolean =>
  statusOf(r) === settings.reviewStatus;
