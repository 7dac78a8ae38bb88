/**
 * 同意: 本人同意 for sharing, once per person (Kumamoto page, docs/sources.md); used by the
 * portal's consent mode.
 */
import { consenters, labelsOf } from "../../domain/codes.ts";
import {
  byCode,
  date,
  radio,
  row,
  systemFields,
  systemFieldTypes,
  text,
} from "../fields.ts";
import { permissionsFor, STAFF_WORK } from "../permissions.ts";
import type { AppSchema } from "../types.ts";

const fields = byCode(
  text("insuredNo", { required: true, minLength: "10", maxLength: "10" }),
  date("consentDate", { required: true }),
  radio("consenter", labelsOf(consenters), { required: true }),
  text("proxyName", { maxLength: "100" }),
  text("proxyRelation", { maxLength: "50" }),
  text("submittingOfficeNo", { minLength: "10", maxLength: "10" }),
  date("receivedDate", { required: true, defaultNowValue: true }),
  text("receptionDesk", { maxLength: "100" }),
  date("consentWithdrawalDate"),
);

const r = (...codes: string[]) => row(fields, systemFieldTypes, ...codes);

export const consent: AppSchema = {
  code: "consent",
  name: "同意",
  description:
    "本人同意の記録です（一人につき一度）。代理人の場合は氏名と続柄が必要です。事業所の職員は代筆できますが、代理人にはなれません。撤回日からは同意がないものとして扱います。",
  icon: { type: "PRESET", key: "APP62" },
  theme: "WHITE",
  systemFields,
  fields,
  layout: [
    r("insuredNo", "consentDate", "consenter"),
    r("proxyName", "proxyRelation"),
    r("submittingOfficeNo", "receivedDate", "receptionDesk"),
    r("consentWithdrawalDate"),
    r("recordNumber", "updatedAt"),
  ],
  views: {
    一覧: {
      type: "LIST",
      index: 0,
      name: "一覧",
      fields: [
        "insuredNo",
        "consentDate",
        "consenter",
        "submittingOfficeNo",
        "consentWithdrawalDate",
      ],
      filterCond: "",
      sort: "consentDate desc",
    },
  },
  tokens: {
    portal: { view: true },
    scripts: { view: true, add: true, edit: true },
  },
  permissions: permissionsFor(STAFF_WORK),
};
