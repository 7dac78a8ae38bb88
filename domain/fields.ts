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
  // 事業所マスタ (offices) and 事業所利用登録 (registration)
  officeNo: "事業所番号",
  officeName: "事業所名",
  officePhone: "事業所電話番号",
  email: "メールアドレス",
  staffNameKana: "担当者氏名（全角カナ）",
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
