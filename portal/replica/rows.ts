/**
 * What the replica keeps of each app: one table per app holding the record as kintone returned
 * it (JSON), plus the columns a search or a login looks things up by, computed here from the
 * record. Search keys come from the record and, where a record lacks one, from domain's
 * searchKeysOf; login addresses are stored as domain's emailKey.
 */
import { registrationStatuses } from "../../domain/codes.ts";
import { emailKey } from "../../domain/email.ts";
import { searchKeysOf } from "../../domain/searchKeys.ts";
import { normalizeIdentifier } from "../../domain/text.ts";
import { systemFields } from "../../schemas/fields.ts";
import type { KintoneRecord } from "./types.ts";

/** The apps the portal reads, by their code in schemas/. */
export type ReplicaApp = "registration" | "offices" | "consent" | "progress";

/** In the order a load runs: what logins need first, the big app last. */
export const replicaApps: readonly ReplicaApp[] = [
  "registration",
  "offices",
  "consent",
  "progress",
];

/** The code of the process-management status field of the registration app. */
export const STATUS_FIELD = "ステータス";

export const UPDATED_AT = systemFields.UPDATED_TIME;
export const CREATED_AT = systemFields.CREATED_TIME;

/** Column values of one row besides id, revision, updatedAt and the record JSON. */
export type Columns = Record<string, string | null>;

export interface TableSpec {
  app: ReplicaApp;
  /** The looked-up columns, in table order. */
  columns: readonly string[];
  /** Indexes, each a list of columns. */
  indexes: ReadonlyArray<readonly string[]>;
  columnsOf: (record: KintoneRecord) => Columns;
}

/** A field's value as text; "" when absent or empty. */
export const textOf = (record: KintoneRecord, code: string): string => {
  const value = record[code]?.value;
  return typeof value === "string" ? value.trim() : "";
};

const orNull = (s: string): string | null => (s === "" ? null : s);

/** The process status label: the `ステータス` field, or whichever field has type STATUS. */
export const statusOf = (record: KintoneRecord): string => {
  const field =
    record[STATUS_FIELD] ??
    Object.values(record).find((f) => f.type === "STATUS");
  return typeof field?.value === "string" ? field.value : "";
};

const progressColumns = (r: KintoneRecord): Columns => {
  const derived = searchKeysOf({
    insuredNo: textOf(r, "insuredNo"),
    applicationDate: textOf(r, "applicationDate"),
    birthDate: textOf(r, "birthDate"),
  });
  const key = (code: keyof typeof derived): string =>
    textOf(r, code) || derived[code];
  return {
    // Normalized, as a whole 10-character query is (parseInsuredNoSearch).
    insuredNo: normalizeIdentifier(textOf(r, "insuredNo")),
    insuredNoLast6: key("insuredNoLast6"),
    applicationDate: textOf(r, "applicationDate"),
    applicationDateMMDD: key("applicationDateMMDD"),
    birthDateYMD: key("birthDateYMD"),
    // What the publication rule (domain/policy.ts) reads besides 申請日.
    certificationDate: textOf(r, "certificationDate"),
    withdrawalDate: textOf(r, "withdrawalDate"),
  };
};

/** Approval is the review of a registration that went on to 利用中 (and maybe 利用停止 since). */
const APPROVED_STATES = new Set<string>([
  registrationStatuses.active.label,
  registrationStatuses.suspended.label,
]);

const registrationColumns = (r: KintoneRecord): Columns => {
  const email = textOf(r, "email");
  const status = statusOf(r);
  const approvedAt = APPROVED_STATES.has(status)
    ? orNull(textOf(r, "reviewedAt") || textOf(r, "approvalNotifiedAt"))
    : null;
  return {
    emailKey: email === "" ? "" : emailKey(email),
    email,
    status,
    officeNo: textOf(r, "officeNo"),
    lastLoginAt: orNull(textOf(r, "lastLoginAt")),
    approvedAt,
    approvalNotifiedAt: orNull(textOf(r, "approvalNotifiedAt")),
    createdAt: textOf(r, CREATED_AT),
  };
};

const consentColumns = (r: KintoneRecord): Columns => ({
  insuredNo: normalizeIdentifier(textOf(r, "insuredNo")),
  consentDate: textOf(r, "consentDate"),
  consentWithdrawalDate: textOf(r, "consentWithdrawalDate"),
  submittingOfficeNo: textOf(r, "submittingOfficeNo"),
});

const officeColumns = (r: KintoneRecord): Columns => ({
  officeNo: textOf(r, "officeNo"),
});

export const tableSpecs: Record<ReplicaApp, TableSpec> = {
  progress: {
    app: "progress",
    columns: [
      "insuredNo",
      "insuredNoLast6",
      "applicationDate",
      "applicationDateMMDD",
      "birthDateYMD",
      "certificationDate",
      "withdrawalDate",
    ],
    indexes: [
      ["insuredNoLast6", "applicationDate"],
      ["applicationDateMMDD", "birthDateYMD", "applicationDate"],
      // lastDataChange: the greatest 更新日時 in one index seek.
      ["updatedAt"],
    ],
    columnsOf: progressColumns,
  },
  registration: {
    app: "registration",
    columns: [
      "emailKey",
      "email",
      "status",
      "officeNo",
      "lastLoginAt",
      "approvedAt",
      "approvalNotifiedAt",
      "createdAt",
    ],
    indexes: [["emailKey"], ["status"]],
    columnsOf: registrationColumns,
  },
  consent: {
    app: "consent",
    columns: [
      "insuredNo",
      "consentDate",
      "consentWithdrawalDate",
      "submittingOfficeNo",
    ],
    indexes: [["insuredNo"]],
    columnsOf: consentColumns,
  },
  offices: {
    app: "offices",
    columns: ["officeNo"],
    indexes: [["officeNo"]],
    columnsOf: officeColumns,
  },
};

/** The record id, revision and 更新日時 every row carries. */
export interface RecordMeta {
  id: number;
  revision: number;
  updatedAt: string;
}

export const metaOf = (record: KintoneRecord): RecordMeta => ({
  id: Number(record.$id?.value),
  revision: Number(record.$revision?.value),
  updatedAt: textOf(record, UPDATED_AT),
});
