/**
 * 事業所利用登録: one record per provider staff email address (the Ebina guide's form,
 * docs/sources.md), reviewed by the city in process management: 申請中 → 審査中 → 利用中 /
 * 差戻し / 却下; 利用中 → 利用停止.
 */
import {
  labelsOf,
  pledgeText,
  registrationRequestTypes,
  registrationStatuses,
} from "../../domain/codes.ts";
import {
  byCode,
  checkBox,
  date,
  dateTime,
  groupField,
  multiLine,
  radio,
  row,
  systemFields,
  systemFieldTypes,
  text,
} from "../fields.ts";
import { permissionsFor, STAFF_WORK } from "../permissions.ts";
import type { AppSchema } from "../types.ts";

const [applied, reviewing, active, returned, rejected, suspended] = labelsOf(
  registrationStatuses,
) as [string, string, string, string, string, string];

const fields = byCode(
  date("applicationDate", { required: true, defaultNowValue: true }),
  radio("registrationRequestType", labelsOf(registrationRequestTypes), {
    required: true,
  }),
  text("officeNo", {
    required: true,
    lookup: {
      relatedApp: { code: "offices" },
      relatedKeyField: "officeNo",
      fieldMappings: [{ field: "officeName", relatedField: "officeName" }],
      lookupPickerFields: ["officeNo", "officeName", "serviceType"],
      filterCond: "",
      sort: "officeNo asc",
    },
  }),
  text("officeName", { maxLength: "100" }),
  text("officePhone", { required: true, maxLength: "20" }),
  // Not unique: an address may apply again after 利用停止, 却下, 差戻し or 廃止. One active
  // registration (申請中, 審査中, 利用中) per address is enforced by domain/registration.ts.
  // Not required either: suspending an idle account deletes its address (遵守事項 6); the
  // portal's form always gives one.
  text("email", { maxLength: "254" }),
  text("staffNameKana", { required: true, maxLength: "100" }),
  checkBox("pledge", [pledgeText("").consent], { required: true }),
  text("reviewer", { maxLength: "100" }),
  dateTime("reviewedAt"),
  multiLine("returnReason"),
  dateTime("approvalNotifiedAt"),
  dateTime("lastLoginAt"),
  dateTime("suspendedAt"),
  multiLine("suspensionReason"),
  groupField("reviewGroup", "審査"),
  groupField("usageGroup", "利用状況"),
);

const r = (...codes: string[]) => row(fields, systemFieldTypes, ...codes);

export const registration: AppSchema = {
  code: "registration",
  name: "事業所利用登録",
  description:
    "要介護認定進捗確認システムの利用登録です。1件が事業所職員1人のメールアドレスです。審査して承認すると、その人がポータルにログインできます。",
  icon: { type: "PRESET", key: "APP16" },
  theme: "WHITE",
  systemFields,
  fields,
  layout: [
    r("applicationDate", "registrationRequestType"),
    r("officeNo", "officeName", "officePhone"),
    r("email", "staffNameKana"),
    r("pledge"),
    {
      type: "GROUP",
      code: "reviewGroup",
      layout: [
        r("reviewer", "reviewedAt", "approvalNotifiedAt"),
        r("returnReason"),
      ],
    },
    {
      type: "GROUP",
      code: "usageGroup",
      layout: [r("lastLoginAt", "suspendedAt"), r("suspensionReason")],
    },
    r("recordNumber", "updatedAt"),
  ],
  views: {
    審査待ち: {
      type: "LIST",
      index: 0,
      name: "審査待ち",
      fields: [
        "applicationDate",
        "officeNo",
        "officeName",
        "email",
        "staffNameKana",
      ],
      filterCond: `ステータス in ("${applied}", "${reviewing}")`,
      sort: "applicationDate asc",
    },
    利用中: {
      type: "LIST",
      index: 1,
      name: "利用中",
      fields: [
        "officeNo",
        "officeName",
        "email",
        "lastLoginAt",
        "approvalNotifiedAt",
      ],
      filterCond: `ステータス in ("${active}")`,
      sort: "officeNo asc",
    },
    休眠候補: {
      type: "LIST",
      index: 2,
      name: "休眠候補",
      fields: [
        "officeNo",
        "officeName",
        "email",
        "lastLoginAt",
        "approvalNotifiedAt",
      ],
      filterCond: `ステータス in ("${active}") and (lastLoginAt < FROM_TODAY(-60, DAYS) or lastLoginAt = "")`,
      sort: "lastLoginAt asc",
    },
  },
  process: {
    enable: true,
    states: [applied, reviewing, active, returned, rejected, suspended],
    actions: [
      { name: "審査開始", from: applied, to: reviewing },
      { name: "承認", from: reviewing, to: active },
      { name: "差戻し", from: reviewing, to: returned },
      { name: "却下", from: reviewing, to: rejected },
      { name: "再申請", from: returned, to: applied },
      { name: "利用停止", from: active, to: suspended },
    ],
  },
  tokens: {
    portal: { view: true, edit: true },
    // The registration form adds applications and reads nothing.
    signup: { add: true },
    // Idle cleanup reads and suspends; adding lets a city load the offices it already admits
    // (and the demo seed) with the scripts' token instead of an administrator's password.
    scripts: { view: true, add: true, edit: true },
  },
  permissions: permissionsFor(STAFF_WORK),
};
