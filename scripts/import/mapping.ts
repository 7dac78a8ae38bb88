/**
 * Which CSV column holds which field of the progress app. A mapping file is JSON:
 *
 *   { "columns": { "applicationNo": "申請番号", "insuredNo": ["被保険者番号", "被保番号"], … } }
 *
 * Each field code of the progress app (domain/fields.ts) names the header of its column, or a
 * list of headers of which the first found is used. The five required fields must be mapped;
 * an optional field left out of the mapping is not imported (kintone keeps its value, and 進捗
 * is derived with that value). Every header the mapping names must be in the file.
 * `mapping.default.json` is the default mapping, written out as a sample to copy.
 */
import { existsSync, readFileSync } from "node:fs";
import { labelOf } from "../../domain/fields.ts";
import { normalizeText } from "../../domain/text.ts";
import { CliError } from "../lib/cli.ts";

/** The fields an import writes from the file, in the order of the app's form. */
export const IMPORT_FIELDS = [
  "applicationNo",
  "insuredNo",
  "birthDate",
  "applicationDate",
  "applicationType",
  "surveyScheduledDate",
  "surveyDate",
  "surveyReceivedDate",
  "doctorOpinionRequestDate",
  "doctorOpinionReceivedDate",
  "committeeScheduledDate",
  "committeeDate",
  "certificationDate",
  "careLevel",
  "validFrom",
  "validTo",
  "withdrawalDate",
  "assignedOfficeNo",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields a row must have: the required fields of the progress app. */
export const REQUIRED_FIELDS: readonly ImportField[] = [
  "applicationNo",
  "insuredNo",
  "birthDate",
  "applicationDate",
  "applicationType",
];

/** Field → the accepted headers, in order of preference. */
export type Mapping = Partial<Record<ImportField, readonly string[]>>;

/**
 * The default mapping: a typical export of a 介護保険 core system with Japanese headers, one
 * column per field. `mapping.default.json` holds the same (a test keeps them equal).
 */
export const defaultMapping: Mapping = {
  applicationNo: ["申請番号"],
  insuredNo: ["被保険者番号"],
  birthDate: ["生年月日"],
  applicationDate: ["申請日"],
  applicationType: ["申請区分"],
  surveyScheduledDate: ["認定調査予定日"],
  surveyDate: ["認定調査実施日"],
  surveyReceivedDate: ["調査票受理日"],
  doctorOpinionRequestDate: ["主治医意見書依頼日"],
  doctorOpinionReceivedDate: ["意見書受理日"],
  committeeScheduledDate: ["審査会予定日"],
  committeeDate: ["審査会開催日"],
  certificationDate: ["認定日"],
  careLevel: ["要介護状態区分"],
  validFrom: ["有効期間開始日"],
  validTo: ["有効期間終了日"],
  withdrawalDate: ["取下げ日"],
  assignedOfficeNo: ["担当事業所番号"],
};

const isImportField = (s: string): s is ImportField =>
  (IMPORT_FIELDS as readonly string[]).includes(s);

/** How headers are compared: widths and spaces do not matter (「申請 番号」「申請番号 」). */
export const headerKey = (s: string): string =>
  normalizeText(s.replace(/^\uFEFF/, "")).replace(/\s/g, "");

const headersOf = (
  field: string,
  value: unknown,
  source: string,
): readonly string[] => {
  const list = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((h) => typeof h === "string" && headerKey(h) !== "")
  ) {
    throw new CliError(
      `${source} の「${field}」には列の見出し（文字列、または文字列の配列）を書いてください。`,
    );
  }
  return list as string[];
};

/** A mapping from the parsed JSON of a mapping file; `source` names the file in messages. */
export const parseMapping = (json: unknown, source: string): Mapping => {
  const columns =
    typeof json === "object" && json !== null && "columns" in json
      ? (json as { columns: unknown }).columns
      : undefined;
  if (
    typeof columns !== "object" ||
    columns === null ||
    Array.isArray(columns)
  ) {
    throw new CliError(
      `${source} に "columns"（フィールドコードと列の見出しの対応）がありません。`,
    );
  }
  const mapping: Mapping = {};
  const owner = new Map<string, string>();
  for (const [field, value] of Object.entries(columns)) {
    if (!isImportField(field)) {
      throw new CliError(
        `${source} の「${field}」は取り込めるフィールドではありません。使えるのは ${IMPORT_FIELDS.join("、")} です。`,
      );
    }
    const headers = headersOf(field, value, source);
    for (const h of headers) {
      const other = owner.get(headerKey(h));
      if (other !== undefined && other !== field) {
        throw new CliError(
          `${source} で列「${h}」が ${other} と ${field} の両方に割り当てられています。`,
        );
      }
      owner.set(headerKey(h), field);
    }
    mapping[field] = headers;
  }
  const missing = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);
  if (missing.length > 0) {
    throw new CliError(
      `${source} に必須の項目 ${missing.map((f) => `${f}（${labelOf(f)}）`).join("、")} の列がありません。`,
    );
  }
  return mapping;
};

/** Reads a mapping file (JSON). */
export const loadMapping = (path: string): Mapping => {
  if (!existsSync(path)) {
    throw new CliError(`マッピングファイル ${path} がありません。`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw new CliError(
      `マッピングファイル ${path} を読めません（JSON の形式を確認してください）。`,
    );
  }
  return parseMapping(json, path);
};

/** Where each mapped field is in a file: its column index and the header as the file writes it. */
export interface Column {
  field: ImportField;
  index: number;
  header: string;
}

export interface Located {
  columns: Column[];
  /** Headers the mapping names that the file lacks, one entry per field (its first header). */
  missing: Array<{ field: ImportField; header: string }>;
  /** Headers that appear twice among the mapped ones. */
  duplicated: string[];
}

/** Finds the mapped fields in a header row. */
export const locateColumns = (
  header: readonly string[],
  mapping: Mapping,
): Located => {
  const keys = header.map(headerKey);
  const located: Located = { columns: [], missing: [], duplicated: [] };
  for (const field of IMPORT_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined) {
      continue;
    }
    const name = wanted.find((h) => keys.includes(headerKey(h)));
    if (name === undefined) {
      located.missing.push({ field, header: wanted[0] ?? field });
      continue;
    }
    const index = keys.indexOf(headerKey(name));
    if (keys.lastIndexOf(headerKey(name)) !== index) {
      located.duplicated.push(header[index] ?? name);
    }
    located.columns.push({ field, index, header: header[index] ?? name });
  }
  located.columns.sort((a, b) => a.index - b.index);
  return located;
};
