/**
 * Test helpers: export rows built from one valid application, with the cells a test changes.
 * Synthetic values only (被保険者番号 99999…).
 */
import { EXPORT_HEADER } from "../sampleExport.ts";
import { IMPORT_FIELDS, type ImportField } from "../mapping.ts";

export const BASE: Readonly<Partial<Record<ImportField, string>>> = {
  applicationNo: "B-0001",
  insuredNo: "9999900001",
  birthDate: "昭和25年1月2日",
  applicationDate: "令和8年10月1日",
  applicationType: "新規",
};

/** The cells of a row in the default header's order. */
export const row = (
  cells: Partial<Record<ImportField, string>> = {},
): string[] => IMPORT_FIELDS.map((f) => ({ ...BASE, ...cells })[f] ?? "");

export const HEADER = EXPORT_HEADER;
