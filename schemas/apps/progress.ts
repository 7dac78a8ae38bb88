/**
 * 認定進捗: one record per 要介護認定 application, imported from the core system.
 * The search keys and 進捗 are derived by domain/ on import and on save, never typed.
 */
import {
  applicationTypes,
  careLevels,
  labelsOf,
  stages,
} from "../../domain/codes.ts";
import {
  byCode,
  date,
  dropDown,
  groupField,
  row,
  systemFields,
  systemFieldTypes,
  text,
} from "../fields.ts";
import { permissionsFor, STAFF_WORK } from "../permissions.ts";
import type { AppSchema, LayoutSchema } from "../types.ts";

const fields = byCode(
  text("applicationNo", { required: true, unique: true, maxLength: "20" }),
  text("insuredNo", { required: true, minLength: "10", maxLength: "10" }),
  date("birthDate", { required: true }),
  date("applicationDate", { required: true }),
  dropDown("applicationType", labelsOf(applicationTypes), { required: true }),
  date("surveyScheduledDate"),
  date("surveyDate"),
  date("surveyReceivedDate"),
  date("doctorOpinionRequestDate"),
  date("doctorOpinionReceivedDate"),
  date("committeeScheduledDate"),
  date("committeeDate"),
  date("certificationDate"),
  dropDown("careLevel", labelsOf(careLevels)),
  date("validFrom"),
  date("validTo"),
  date("withdrawalDate"),
  dropDown("stage", labelsOf(stages), {
    required: true,
    defaultValue: stages.received.label,
  }),
  text("assignedOfficeNo", { maxLength: "10" }),
  text("insuredNoLast6", { minLength: "6", maxLength: "6" }),
  text("applicationDateMMDD", { minLength: "4", maxLength: "4" }),
  text("birthDateYMD", { minLength: "8", maxLength: "8" }),
  groupField("surveyGroup", "認定調査"),
  groupField("doctorOpinionGroup", "主治医意見書"),
  groupField("committeeGroup", "介護認定審査会"),
  groupField("resultGroup", "認定結果"),
  groupField("searchKeyGroup", "検索キー（自動入力）"),
);

const r = (...codes: string[]) => row(fields, systemFieldTypes, ...codes);

const group = (code: string, ...rows: string[][]): LayoutSchema => ({
  type: "GROUP",
  code,
  layout: rows.map((codes) => r(...codes)),
});

const listFields = [
  "applicationNo",
  "insuredNoLast6",
  "applicationDate",
  "applicationType",
  "stage",
  "surveyReceivedDate",
  "doctorOpinionReceivedDate",
  "committeeScheduledDate",
];

export const progress: AppSchema = {
  code: "progress",
  name: "認定進捗",
  description:
    "要介護認定の申請ごとの進捗です。介護保険システムから取り込みます。検索キー（被保険者番号下6桁・申請日4桁・生年月日8桁）と進捗は自動で入ります。",
  icon: { type: "PRESET", key: "APP72" },
  theme: "WHITE",
  systemFields,
  fields,
  layout: [
    r("applicationNo", "applicationType", "stage"),
    r("insuredNo", "birthDate", "applicationDate"),
    group("surveyGroup", [
      "surveyScheduledDate",
      "surveyDate",
      "surveyReceivedDate",
    ]),
    group("doctorOpinionGroup", [
      "doctorOpinionRequestDate",
      "doctorOpinionReceivedDate",
    ]),
    group("committeeGroup", ["committeeScheduledDate", "committeeDate"]),
    group(
      "resultGroup",
      ["certificationDate", "careLevel"],
      ["validFrom", "validTo"],
    ),
    r("withdrawalDate", "assignedOfficeNo"),
    group("searchKeyGroup", [
      "insuredNoLast6",
      "applicationDateMMDD",
      "birthDateYMD",
    ]),
    r("recordNumber", "updatedAt"),
  ],
  views: {
    申請日順: {
      type: "LIST",
      index: 0,
      name: "申請日順",
      fields: listFields,
      filterCond: "",
      sort: "applicationDate desc",
    },
    審査会待ち: {
      type: "LIST",
      index: 1,
      name: "審査会待ち",
      fields: listFields,
      filterCond: `stage in ("${stages.committee.label}")`,
      sort: "committeeScheduledDate asc",
    },
    今月の審査会: {
      type: "LIST",
      index: 2,
      name: "今月の審査会",
      fields: listFields,
      filterCond: "committeeScheduledDate = THIS_MONTH()",
      sort: "committeeScheduledDate asc",
    },
  },
  tokens: {
    portal: { view: true },
    scripts: { view: true, add: true, edit: true, delete: true },
  },
  permissions: permissionsFor(STAFF_WORK),
};
