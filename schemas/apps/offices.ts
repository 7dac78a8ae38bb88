/** 事業所マスタ: the designated providers; registrations look their 事業所番号 up here. */
import { labelsOf, registrability, serviceTypes } from "../../domain/codes.ts";
import {
  byCode,
  dropDown,
  radio,
  row,
  systemFields,
  systemFieldTypes,
  text,
} from "../fields.ts";
import { permissionsFor, STAFF_WORK } from "../permissions.ts";
import type { AppSchema } from "../types.ts";

const fields = byCode(
  text("officeNo", {
    required: true,
    unique: true,
    minLength: "10",
    maxLength: "10",
  }),
  text("officeName", { required: true, maxLength: "100" }),
  text("corporationName", { maxLength: "100" }),
  dropDown("serviceType", labelsOf(serviceTypes), { required: true }),
  text("address", { maxLength: "200" }),
  text("phone", { maxLength: "20" }),
  radio("registrable", labelsOf(registrability), { required: true }),
);

const r = (...codes: string[]) => row(fields, systemFieldTypes, ...codes);

export const offices: AppSchema = {
  code: "offices",
  name: "事業所マスタ",
  description:
    "指定事業所の一覧です。事業所利用登録は、ここにある事業所番号だけを受け付けます。登録対象は、ケアプランを作成する事業所です。",
  icon: { type: "PRESET", key: "APP39" },
  theme: "WHITE",
  systemFields,
  fields,
  layout: [
    r("officeNo", "officeName"),
    r("corporationName", "serviceType"),
    r("address", "phone"),
    r("registrable"),
    r("recordNumber", "updatedAt"),
  ],
  views: {
    一覧: {
      type: "LIST",
      index: 0,
      name: "一覧",
      fields: ["officeNo", "officeName", "serviceType", "registrable", "phone"],
      filterCond: "",
      sort: "officeNo asc",
    },
  },
  tokens: {
    portal: { view: true },
    scripts: { view: true, add: true, edit: true },
  },
  permissions: permissionsFor(STAFF_WORK),
};
