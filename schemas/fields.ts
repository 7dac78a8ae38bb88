/**
 * Field builders: the label always comes from domain/fields.ts (the glossary), and code lists
 * from domain/codes.ts, so a term or an option is written once.
 */
import { labelOf } from "../domain/fields.ts";
import type { FieldSchema, LayoutField, LayoutRowSchema } from "./types.ts";

type Extra = Omit<Partial<FieldSchema>, "type" | "code" | "label">;

const field = (type: string, code: string, extra: Extra = {}): FieldSchema => ({
  type,
  code,
  label: labelOf(code),
  ...extra,
});

export const text = (code: string, extra: Extra = {}) =>
  field("SINGLE_LINE_TEXT", code, extra);
export const multiLine = (code: string, extra: Extra = {}) =>
  field("MULTI_LINE_TEXT", code, extra);
export const number = (code: string, extra: Extra = {}) =>
  field("NUMBER", code, extra);
export const date = (code: string, extra: Extra = {}) =>
  field("DATE", code, extra);
export const dateTime = (code: string, extra: Extra = {}) =>
  field("DATETIME", code, extra);

const options = (labels: readonly string[]): FieldSchema["options"] =>
  Object.fromEntries(
    labels.map((label, i) => [label, { label, index: String(i) }]),
  );

export const dropDown = (
  code: string,
  labels: readonly string[],
  extra: Extra = {},
) =>
  field("DROP_DOWN", code, {
    options: options(labels),
    defaultValue: "",
    ...extra,
  });

export const radio = (
  code: string,
  labels: readonly string[],
  extra: Extra = {},
) =>
  field("RADIO_BUTTON", code, {
    options: options(labels),
    defaultValue: labels[0] ?? "",
    align: "HORIZONTAL",
    ...extra,
  });

export const checkBox = (
  code: string,
  labels: readonly string[],
  extra: Extra = {},
) =>
  field("CHECK_BOX", code, {
    options: options(labels),
    defaultValue: [],
    align: "VERTICAL",
    ...extra,
  });

/**
 * A group field: the frame a layout GROUP row places (kintone needs the field before the
 * layout can name it). Open by default, so a clerk sees every date without a click.
 */
export const groupField = (code: string, label: string): FieldSchema => ({
  type: "GROUP",
  code,
  label,
  openGroup: true,
});

/** All fields of a schema keyed by code. */
export const byCode = (...fields: FieldSchema[]): Record<string, FieldSchema> =>
  Object.fromEntries(fields.map((f) => [f.code, f]));

/** A layout row of the given fields (their types looked up in `fields`). */
export const row = (
  fields: Record<string, FieldSchema>,
  system: Record<string, string>,
  ...codes: string[]
): LayoutRowSchema => ({
  type: "ROW",
  fields: codes.map((code): LayoutField => ({
    type: fields[code]?.type ?? system[code] ?? "SINGLE_LINE_TEXT",
    code,
  })),
});

/** The same renamed system fields in every app: ASCII codes, the glossary's labels. */
export const systemFields = {
  RECORD_NUMBER: "recordNumber",
  CREATOR: "creator",
  CREATED_TIME: "createdAt",
  MODIFIER: "modifier",
  UPDATED_TIME: "updatedAt",
} as const;

/** Type of each renamed system field, for layout rows that place them. */
export const systemFieldTypes: Record<string, string> = Object.fromEntries(
  Object.entries(systemFields).map(([type, code]) => [code, type]),
);
