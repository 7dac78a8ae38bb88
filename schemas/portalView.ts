/**
 * What the portal shows of a progress record (the Ebina guide's columns, docs/sources.md, plus
 * 進捗 and the dates of each step as the national 介護WEBサービス shows them), as data: a city
 * may publish more (e.g. 要介護状態区分) or less by changing this list, not the code.
 */
import { labelOf } from "../domain/fields.ts";

export interface PortalColumn {
  /** Field code in the progress app. */
  field: string;
  /** Column heading. */
  label: string;
  /** How to show the value. */
  format: "text" | "date" | "dateTime";
}

const column = (
  field: string,
  format: PortalColumn["format"],
  label = labelOf(field),
): PortalColumn => ({
  field,
  label,
  format,
});

/**
 * The fields published, in the order of the steps (domain/steps.ts): a step shows the dates listed
 * here and leaves the others out. 要介護状態区分 and 有効期間 (careLevel, validFrom, validTo) are
 * results: listed here they appear at 認定, and only in consent mode (PORTAL_CONSENT_MODE), for a
 * person who consented to the provider's office. Without consent a result would go to every
 * registered provider in the city, so they are not listed by default.
 */
export const portalColumns: readonly PortalColumn[] = [
  column("insuredNoLast6", "text", "被保険者番号(6桁)"),
  column("applicationDateMMDD", "text", "申請日(4桁)"),
  column("applicationType", "text"),
  column("stage", "text"),
  column("surveyScheduledDate", "date"),
  column("surveyDate", "date"),
  column("surveyReceivedDate", "date"),
  column("doctorOpinionRequestDate", "date"),
  column("doctorOpinionReceivedDate", "date"),
  column("committeeScheduledDate", "date"),
  column("committeeDate", "date"),
  column("certificationDate", "date"),
  column("withdrawalDate", "date"),
  column("updatedAt", "dateTime"),
];

/** Whether the view publishes a field. */
export const isPublishedField = (field: string): boolean =>
  portalColumns.some((c) => c.field === field);
