/**
 * The Japanese label of every field code that domain/ names in its messages.
 * GLOSSARY.md is the human-readable form of this table; a test keeps the two equal.
 */
export const fieldLabels = {
  // 認定進捗 (progress)
  applicationNo: "申請番号",
  insuredNo: "被保険者番号",
  birthDate: "生年月日",
  applicationDate: "申請日",
  insuredNoLast6: "被保険者番号（下6桁）",
  applicationDateMMDD: "申請日（4桁）",
  birthDateYMD: "生年月日（8桁）",
  applicationType: "申請区分",
  surveyScheduledDate: "認定調査予定日",
  surveyDate: "認定調査実施日",
  surveyReceivedDate: "調査票受理日",
  doctorOpinionRequestDate: "主治医意見書依頼日",
  doctorOpinionReceivedDate: "意見書受理日",
  committeeScheduledDate: "審査会予定日",
  committeeDate: "審査会開催日（二次判定日）",
  certificationDate: "認定日",
  careLevel: "要介護状態区分",
  validFrom: "有効期間開始日",
  validTo: "有効期間終了日",
  withdrawalDate: "取下げ日",
  stage: "進捗",
  assignedOfficeNo: "担当事業所番号",
  // 事業所マスタ (offices)
  officeNo: "事業所番号",
  officeName: "事業所名",
  corporationName: "法人名",
  serviceType: "サービス種別",
  address: "所在地",
  phone: "電話番号",
  registrable: "登録対象",
  // 事業所利用登録 (registration)
  registrationRequestType: "申請区分（利用登録）",
  officePhone: "事業所電話番号",
  email: "メールアドレス",
  staffNameKana: "担当者氏名（全角カナ）",
  pledge: "誓約・同意",
  reviewer: "審査者",
  reviewedAt: "審査日時",
  returnReason: "差戻し・却下理由",
  approvalNotifiedAt: "承認通知日時",
  lastLoginAt: "最終ログイン日時",
  suspendedAt: "利用停止日時",
  suspensionReason: "利用停止理由",
  // 同意 (consent)
  consentDate: "同意日",
  consenter: "同意者",
  proxyName: "代理人氏名",
  proxyRelation: "代理人続柄",
  submittingOfficeNo: "提出事業所番号",
  receivedDate: "受付日",
  receptionDesk: "受付窓口",
  consentWithdrawalDate: "撤回日",
  // 閲覧ログ (access log)
  eventId: "イベントID",
  occurredAt: "日時",
  eventType: "種別",
  searchMethod: "検索方法",
  searchValues: "検索値",
  hitCount: "該当件数",
  shownRecords: "表示したレコード",
  ip: "IPアドレス",
  userAgent: "User-Agent",
  // every app (kintone's system fields, renamed to ASCII codes)
  recordNumber: "レコード番号",
  creator: "作成者",
  createdAt: "作成日時",
  modifier: "更新者",
  updatedAt: "更新日時",
  // settings
  insurerNo: "保険者番号",
  // settings
  windowMonths: "公開期間（月数）",
  retentionMonths: "保存期間（月数）",
  idleDays: "休眠とみなす日数",
} as const;

export type FieldCode = keyof typeof fieldLabels;

/** The label of a field code, or the code itself for a field domain/ does not know. */
export const labelOf = (field: string): string =>
  (fieldLabels as Record<string, string>)[field] ?? field;
