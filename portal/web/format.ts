/** How values of a progress record are shown on the portal. */
import { jstDateOf } from "../../domain/date.ts";
import type { PortalColumn } from "../../schemas/portalView.ts";
import type { KintoneRecord } from "../replica/types.ts";

const EMPTY = "－";

/** "2026-11-21 16:43" in Japan's time, from a kintone DATETIME. */
export const formatDateTime = (instant: string): string => {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) {
    return EMPTY;
  }
  const d = new Date(ms + 9 * 3_600_000).toISOString();
  return `${jstDateOf(instant)} ${d.slice(11, 16)}`;
};

export const cellText = (
  record: KintoneRecord,
  column: PortalColumn,
): string => {
  const v = record[column.field]?.value;
  if (v === null || v === undefined || v === "") {
    return EMPTY;
  }
  if (column.format === "dateTime") {
    return formatDateTime(String(v));
  }
  return Array.isArray(v) ? v.join("、") : String(v);
};
