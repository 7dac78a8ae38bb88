/**
 * Synthetic core-system exports for the tests and the benchmark: plainly fake rows
 * (被保険者番号 99999…, or H99999… for みなし2号; 申請番号 from a prefix and a counter; 事業所番号
 * 14-7-99-9xxx with a correct check digit; no names), written the way exports vary — 和暦 and
 * 西暦 dates in several forms, 申請区分 and 要介護状態区分 by name or code. Each row comes with the
 * values kintone should hold after the import, and the 進捗 it should show.
 */
import iconv from "iconv-lite";
import { applicationTypes, careLevels, stages } from "../../domain/codes.ts";
import {
  addDays,
  addMonths,
  compactDate,
  splitIsoDate,
  type IsoDate,
} from "../../domain/date.ts";
import { officeNoCheckDigit } from "../../domain/officeNo.ts";
import { formatWareki } from "../../domain/wareki.ts";
import { createRandom, type Random } from "../seed/random.ts";
import { defaultMapping, IMPORT_FIELDS, type ImportField } from "./mapping.ts";

export interface ExportRow {
  /** The cells in the order of `header`. */
  cells: string[];
  /** What kintone should hold: ISO dates, labels, "" for empty; 進捗 and the search keys too. */
  expected: Record<string, string>;
}

export interface ExportTable {
  header: string[];
  rows: ExportRow[];
}

export interface ExportOptions {
  rows: number;
  /** The day of the export: applications fall in the three months before it. */
  today: IsoDate;
  seed?: number;
  /** 申請番号 prefix; numbers follow from `firstNo`. */
  prefix?: string;
  firstNo?: number;
}

/** The default mapping's headers, one column per field. */
export const EXPORT_HEADER: string[] = IMPORT_FIELDS.map(
  (f) => defaultMapping[f]?.[0] ?? f,
);

type StageName = keyof typeof stages;

/** A date in one of the forms exports use. */
const writeDate = (r: Random, iso: IsoDate): string => {
  const ymd = splitIsoDate(iso);
  if (!ymd) {
    return iso;
  }
  return r.pick([
    () => iso,
    () => `${ymd.year}/${ymd.month}/${ymd.day}`,
    () => compactDate(iso),
    () => formatWareki(iso, "long"),
    () => formatWareki(iso, "short"),
  ])();
};

const officeNo = (n: number): string => {
  const first9 = `14799${String(9000 + n).padStart(4, "0")}`;
  return `${first9}${officeNoCheckDigit(first9)}`;
};

const insuredNo = (r: Random, i: number): string =>
  r.chance(0.02)
    ? `H99999${String(i % 10_000).padStart(4, "0")}`
    : `99999${String(i % 100_000).padStart(5, "0")}`;

/** The dates of an application that has reached `stage`, from its 申請日. */
const datesFor = (
  r: Random,
  stage: StageName,
  applied: IsoDate,
): Partial<Record<ImportField, string>> => {
  const d: Partial<Record<ImportField, string>> = {};
  const rank = [
    "received",
    "survey",
    "doctorOpinion",
    "committee",
    "certified",
  ];
  const reached = (s: string) =>
    stage !== "withdrawn" && rank.indexOf(stage) >= rank.indexOf(s);
  if (reached("survey") || (stage === "withdrawn" && r.chance(0.5))) {
    d.surveyScheduledDate = addDays(applied, 7);
    d.doctorOpinionRequestDate = addDays(applied, 2);
  }
  if (reached("survey") && r.chance(0.7)) {
    d.surveyDate = addDays(applied, 10);
  }
  if (reached("doctorOpinion")) {
    d.surveyDate = addDays(applied, 10);
    d.surveyReceivedDate = addDays(applied, 14);
  }
  if (reached("committee")) {
    d.doctorOpinionReceivedDate = addDays(applied, 20);
    d.committeeScheduledDate = addDays(applied, 30);
  }
  if (reached("certified")) {
    d.committeeDate = addDays(applied, 30);
    d.certificationDate = addDays(applied, 32);
    d.validFrom = applied;
    d.validTo = addDays(addMonths(applied, 12), -1);
  }
  if (stage === "withdrawn") {
    d.withdrawalDate = addDays(applied, r.int(1, 20));
  }
  return d;
};

const pickCode = <K extends string>(
  r: Random,
  list: Record<K, { label: string; code: string }>,
): { label: string; written: string } => {
  const key = r.pick(Object.keys(list) as K[]);
  const entry = list[key];
  return {
    label: entry.label,
    written: r.chance(0.5) ? entry.label : entry.code,
  };
};

const makeRow = (r: Random, o: Required<ExportOptions>, i: number) => {
  const applied = addDays(o.today, -r.int(1, 85));
  const birth = addDays(
    addMonths(applied, -12 * r.int(41, 99)),
    -r.int(0, 360),
  );
  const stage = r.weighted<StageName>([
    ["received", 2],
    ["survey", 3],
    ["doctorOpinion", 2],
    ["committee", 2],
    ["certified", 4],
    ["withdrawn", 1],
  ]);
  const type = pickCode(r, applicationTypes);
  const care = pickCode(r, careLevels);
  const no = insuredNo(r, o.firstNo + i);
  const values: Record<string, string> = {
    applicationNo: `${o.prefix}${String(o.firstNo + i).padStart(7, "0")}`,
    insuredNo: no,
    birthDate: birth,
    applicationDate: applied,
    applicationType: type.label,
    ...datesFor(r, stage, applied),
    careLevel: stage === "certified" ? care.label : "",
    assignedOfficeNo: r.chance(0.6) ? officeNo(r.int(1, 20)) : "",
  };
  const written: Record<string, string> = {
    ...values,
    applicationType: type.written,
    careLevel: stage === "certified" ? care.written : "",
  };
  const cells = IMPORT_FIELDS.map((f) => {
    const v = written[f] ?? "";
    return splitIsoDate(v) ? writeDate(r, v) : v;
  });
  const expected: Record<string, string> = {
    ...Object.fromEntries(IMPORT_FIELDS.map((f) => [f, values[f] ?? ""])),
    stage: stages[stage].label,
    insuredNoLast6: no.slice(-6),
    applicationDateMMDD: compactDate(applied).slice(4),
    birthDateYMD: compactDate(birth),
  };
  return { cells, expected };
};

/** A valid export of `rows` applications. */
export const generateExport = (options: ExportOptions): ExportTable => {
  const o: Required<ExportOptions> = {
    seed: 7,
    prefix: "T",
    firstNo: 1,
    ...options,
  };
  const r = createRandom(o.seed);
  return {
    header: [...EXPORT_HEADER],
    rows: Array.from({ length: o.rows }, (_, i) => makeRow(r, o, i)),
  };
};

const quoteCell = (s: string): string =>
  /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

/** CSV text of a header and rows, CRLF as Windows exports write it. */
export const csvText = (
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  lineEnd = "\r\n",
): string =>
  [header, ...rows]
    .map((cells) => cells.map(quoteCell).join(","))
    .join(lineEnd) + lineEnd;

export type FileEncoding = "cp932" | "utf8" | "utf8bom";

/** The bytes of a CSV text in an export's encoding. */
export const encodeCsv = (text: string, encoding: FileEncoding): Buffer => {
  if (encoding === "cp932") {
    return iconv.encode(text, "cp932");
  }
  return Buffer.from(encoding === "utf8bom" ? `\uFEFF${text}` : text, "utf8");
};

/** An export as file bytes. */
export const exportBytes = (
  table: ExportTable,
  encoding: FileEncoding = "cp932",
): Buffer =>
  encodeCsv(
    csvText(
      table.header,
      table.rows.map((r) => r.cells),
    ),
    encoding,
  );
