/**
 * What the portal shows of a progress record (the Ebina guide's columns, docs/sources.md, plus
 * 進捗), as data: a city may publish more (e.g. 認定日, 要介護状態区分) or less by changing this
 * list, not the code.
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

export const portalColumns: readonly PortalColumn[] = [
  column("insuredNoLast6", "text", "被保険者番号(6桁)"),
  column("applicationDateMMDD", "text", "申請日(4桁)"),
  column("applicationType", "text"),
  column("stage", "text"),
  column("surveyReceivedDate", "date"),
  column("doctorOpinionReceivedDate", "date"),
  column("committeeScheduledDate", "date"),
  column("updatedAt", "dateTime"),
];
