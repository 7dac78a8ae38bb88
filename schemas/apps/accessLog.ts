/**
 * 閲覧ログ: every portal login, search, denial and rate-limit event, shipped in batches by the
 * portal; `eventId` is unique so a batch sent twice adds nothing twice. Staff read who looked
 * up whom, and when.
 */
import { accessEventTypes, labelsOf } from "../../domain/codes.ts";
import { searchMethods } from "../../domain/searchKeys.ts";
import {
  byCode,
  dateTime,
  dropDown,
  multiLine,
  number,
  row,
  systemFields,
  systemFieldTypes,
  text,
} from "../fields.ts";
import { permissionsFor, STAFF_READ } from "../permissions.ts";
import type { AppSchema } from "../types.ts";

const fields = byCode(
  text("eventId", { required: true, unique: true, maxLength: "64" }),
  dateTime("occurredAt", { required: true }),
  dropDown("eventType", labelsOf(accessEventTypes), { required: true }),
  text("email", { maxLength: "254" }),
  text("officeNo", { maxLength: "10" }),
  dropDown("searchMethod", labelsOf(searchMethods)),
  text("searchValues", { maxLength: "200" }),
  number("hitCount"),
  multiLine("shownRecords"),
  text("ip", { maxLength: "64" }),
  text("userAgent", { maxLength: "512" }),
);

const r = (...codes: string[]) => row(fields, systemFieldTypes, ...codes);

export const accessLog: AppSchema = {
  code: "accessLog",
  name: "閲覧ログ",
  description:
    "ポータルでのログイン・検索・拒否・回数制限をすべて記録します。誰が、いつ、誰を検索したかを確認できます。",
  icon: { type: "PRESET", key: "APP41" },
  theme: "WHITE",
  systemFields,
  fields,
  layout: [
    r("occurredAt", "eventType", "eventId"),
    r("email", "officeNo"),
    r("searchMethod", "searchValues", "hitCount"),
    r("shownRecords"),
    r("ip", "userAgent"),
    r("recordNumber", "updatedAt"),
  ],
  views: {
    新しい順: {
      type: "LIST",
      index: 0,
      name: "新しい順",
      fields: [
        "occurredAt",
        "eventType",
        "email",
        "officeNo",
        "searchMethod",
        "searchValues",
        "hitCount",
      ],
      filterCond: "",
      sort: "occurredAt desc",
    },
    拒否と回数制限: {
      type: "LIST",
      index: 1,
      name: "拒否と回数制限",
      fields: ["occurredAt", "eventType", "email", "ip"],
      filterCond: `eventType in ("${accessEventTypes.loginRefused.label}", "${accessEventTypes.denied.label}", "${accessEventTypes.rateLimited.label}")`,
      sort: "occurredAt desc",
    },
  },
  tokens: { portal: { add: true }, scripts: { view: true } },
  // Evidence of who looked up whom: clerks read it, only administrators may change it.
  permissions: permissionsFor(STAFF_READ),
};
