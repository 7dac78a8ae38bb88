/**
 * A 要介護認定-like app: its form-fields `properties` and records in the REST shape,
 * shared by the query tests.
 */
import type { FieldProperties, KintoneRecord, QueryContext } from "../index.ts";

const options = (...names: string[]) =>
  Object.fromEntries(
    names.map((name, i) => [name, { label: name, index: String(i) }]),
  );

export const fields: FieldProperties = {
  レコード番号: {
    type: "RECORD_NUMBER",
    code: "レコード番号",
    label: "レコード番号",
  },
  作成者: { type: "CREATOR", code: "作成者", label: "作成者" },
  作成日時: { type: "CREATED_TIME", code: "作成日時", label: "作成日時" },
  更新者: { type: "MODIFIER", code: "更新者", label: "更新者" },
  更新日時: { type: "UPDATED_TIME", code: "更新日時", label: "更新日時" },
  applicationNo: {
    type: "SINGLE_LINE_TEXT",
    code: "applicationNo",
    label: "申請番号",
  },
  氏名カナ: {
    type: "SINGLE_LINE_TEXT",
    code: "氏名カナ",
    label: "氏名（カナ）",
  },
  備考: { type: "MULTI_LINE_TEXT", code: "備考", label: "備考" },
  説明: { type: "RICH_TEXT", code: "説明", label: "説明" },
  ホームページ: { type: "LINK", code: "ホームページ", label: "ホームページ" },
  年齢: { type: "NUMBER", code: "年齢", label: "年齢" },
  負担割合: {
    type: "CALC",
    code: "負担割合",
    label: "負担割合",
    format: "NUMBER",
  },
  期限: { type: "CALC", code: "期限", label: "期限", format: "DATE" },
  申請区分: {
    type: "DROP_DOWN",
    code: "申請区分",
    label: "申請区分",
    options: options("新規", "更新", "区分変更"),
  },
  性別: {
    type: "RADIO_BUTTON",
    code: "性別",
    label: "性別",
    options: options("男", "女"),
  },
  サービス: {
    type: "CHECK_BOX",
    code: "サービス",
    label: "サービス",
    options: options("訪問介護", "通所介護", "短期入所"),
  },
  連絡手段: {
    type: "MULTI_SELECT",
    code: "連絡手段",
    label: "連絡手段",
    options: options("電話", "メール", "郵送"),
  },
  申請日: { type: "DATE", code: "申請日", label: "申請日" },
  調査日時: { type: "DATETIME", code: "調査日時", label: "調査日時" },
  面談時刻: { type: "TIME", code: "面談時刻", label: "面談時刻" },
  担当者: { type: "USER_SELECT", code: "担当者", label: "担当者" },
  担当部署: {
    type: "ORGANIZATION_SELECT",
    code: "担当部署",
    label: "担当部署",
  },
  担当グループ: {
    type: "GROUP_SELECT",
    code: "担当グループ",
    label: "担当グループ",
  },
  添付書類: { type: "FILE", code: "添付書類", label: "添付書類" },
  ステータス: {
    type: "STATUS",
    code: "ステータス",
    label: "ステータス",
    enabled: true,
  },
  作業者: {
    type: "STATUS_ASSIGNEE",
    code: "作業者",
    label: "作業者",
    enabled: true,
  },
  カテゴリー: {
    type: "CATEGORY",
    code: "カテゴリー",
    label: "カテゴリー",
    enabled: false,
  },
  調査履歴: {
    type: "SUBTABLE",
    code: "調査履歴",
    fields: {
      調査日: { type: "DATE", code: "調査日", label: "調査日" },
      調査員: { type: "SINGLE_LINE_TEXT", code: "調査員", label: "調査員" },
      調査メモ: {
        type: "MULTI_LINE_TEXT",
        code: "調査メモ",
        label: "調査メモ",
      },
      点数: { type: "NUMBER", code: "点数", label: "点数" },
      判定: {
        type: "DROP_DOWN",
        code: "判定",
        label: "判定",
        options: options("可", "否"),
      },
    },
  },
  関連申請: { type: "REFERENCE_TABLE", code: "関連申請", label: "関連申請" },
};

type Row = Record<string, unknown>;

const user = (code: string) => ({ code, name: code.toUpperCase() });

/**
 * A record as GET records.json returns it; `values` replaces the defaults (plain values, the
 * type is taken from `fields`). Table rows are given as plain `{code: value}` objects.
 */
export const record = (id: number, values: Row = {}): KintoneRecord => {
  const defaults: Row = {
    レコード番号: String(id),
    作成者: user("sato"),
    作成日時: "2026-04-01T00:00:00Z",
    更新者: user("sato"),
    更新日時: "2026-04-01T00:00:00Z",
    applicationNo: "",
    氏名カナ: "",
    備考: "",
    説明: "",
    ホームページ: "",
    年齢: "",
    負担割合: "",
    期限: "",
    申請区分: null,
    性別: null,
    サービス: [],
    連絡手段: [],
    申請日: null,
    調査日時: "",
    面談時刻: null,
    担当者: [],
    担当部署: [],
    担当グループ: [],
    添付書類: [],
    ステータス: "受付",
    作業者: [],
    調査履歴: [],
  };
  const merged = { ...defaults, ...values };
  const result: Record<string, { type: string; value: unknown }> = {
    $id: { type: "__ID__", value: String(id) },
    $revision: { type: "__REVISION__", value: "1" },
  };
  for (const [code, value] of Object.entries(merged)) {
    const type = fields[code]?.type ?? "UNKNOWN";
    const inner = fields[code]?.fields ?? {};
    result[code] = {
      type,
      value:
        type === "SUBTABLE"
          ? (value as Row[]).map((row, i) => ({
              id: String(1000 + id * 10 + i),
              value: Object.fromEntries(
                Object.entries(row).map(([k, v]) => [
                  k,
                  { type: inner[k]?.type ?? "UNKNOWN", value: v },
                ]),
              ),
            }))
          : value,
    };
  }
  return result;
};

/** 2026-11-21 (Saturday) 10:30 in Tokyo. */
export const ctx: QueryContext = {
  now: "2026-11-21T01:30:00Z",
  timeZone: "Asia/Tokyo",
  loginUser: "sato",
  primaryOrganization: "kaigo",
};

export const entity = user;
