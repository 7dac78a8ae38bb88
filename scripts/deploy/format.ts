/**
 * The plan in Japanese, one line per change, for the person running the deploy:
 *   【認定進捗】
 *     + フィールド追加: applicationNo（申請番号）
 *     ~ フィールド変更: stage（進捗）: label 「進捗」→「進捗状況」
 */
import type { SystemFieldType } from "../../schemas/types.ts";
import type { AppPlan, Change, ProcessKey, ValueDiff } from "./plan.ts";
import {
  entityText,
  ROLE_LABELS,
  shortRights,
  type AclEntry,
} from "./permissions.ts";

const SYSTEM_LABELS: Record<SystemFieldType, string> = {
  RECORD_NUMBER: "レコード番号",
  CREATOR: "作成者",
  CREATED_TIME: "作成日時",
  MODIFIER: "更新者",
  UPDATED_TIME: "更新日時",
};

const PROCESS_LABELS: Record<ProcessKey, string> = {
  enable: "有効・無効",
  states: "ステータス",
  actions: "アクション",
};

const field = (code: string, label: string): string => `${code}（${label}）`;

const shown = (v: unknown): string => {
  if (v === undefined || v === null) {
    return "（なし）";
  }
  return `「${String(v)}」`;
};

/** `label 「進捗」→「進捗状況」` for a plain value; the key alone for lists and objects. */
const diffText = (d: ValueDiff): string => {
  const plain = (v: unknown) =>
    v === undefined ||
    v === null ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    typeof v === "number";
  return plain(d.from) && plain(d.to)
    ? `${d.key} ${shown(d.from)}→${shown(d.to)}`
    : d.key;
};

/** `管理者 group:Administrators（アプリ管理・閲覧・…）、全員 group:everyone（なし）`. */
const aclText = (entries: readonly AclEntry[]): string =>
  entries
    .map(
      (e) =>
        `${ROLE_LABELS[e.role]} ${entityText(e.entity)}（${shortRights(e.rights)}）`,
    )
    .join("、");

export const changeLine = (c: Change): string => {
  switch (c.kind) {
    case "createApp":
      return "  + アプリ作成";
    case "deploy":
      return "  ~ 未反映の設定を運用環境へ反映";
    case "general":
      return `  ~ 一般設定 変更: ${c.keys.join("、")}`;
    case "systemField":
      return `  ~ システムフィールドのコード変更: ${c.from ?? SYSTEM_LABELS[c.type]} → ${c.to}`;
    case "addField":
      return `  + フィールド追加: ${field(c.code, c.label)}`;
    case "changeField":
      return `  ~ フィールド変更: ${field(c.code, c.label)}: ${c.diffs.map(diffText).join("、")}`;
    case "retypeField":
      return `  ! フィールドの種類は変更できません: ${field(c.code, c.label)}: ${c.from} → ${c.to}`;
    case "removeField":
      return `  - フィールド削除: ${field(c.code, c.label)}${c.hasData ? "（データあり）" : ""}`;
    case "layout":
      return "  ~ レイアウト 変更";
    case "addView":
      return `  + 一覧 追加: ${c.name}`;
    case "changeView":
      return `  ~ 一覧 変更: ${c.name}（${c.keys.join("、")}）`;
    case "removeView":
      return `  - 一覧 削除: ${c.name}`;
    case "process":
      return `  ~ プロセス管理 変更: ${c.keys.map((k) => PROCESS_LABELS[k]).join("、")}`;
    case "appAcl":
      return `  ~ アプリのアクセス権 変更: ${aclText(c.to)}`;
    case "recordAcl":
      return c.conditions === 0
        ? "  ~ レコードのアクセス権 変更: 条件なし（アプリのアクセス権のとおり）"
        : `  ~ レコードのアクセス権 変更: ${c.conditions} 件の条件`;
  }
  return "";
};

/** The lines of one app's plan: its name in 【】, then its changes or `変更なし`. */
export const formatPlan = (plan: AppPlan): string[] => [
  `【${plan.name}】`,
  ...(plan.changes.length === 0
    ? ["  変更なし"]
    : plan.changes.map(changeLine)),
];

export const formatPlans = (plans: readonly AppPlan[]): string[] =>
  plans.flatMap(formatPlan);
