/** How a field's value reads on the detail page and in the record list. */
import { h } from "../dom.ts";
import type { FieldProperty, RecordField } from "../types.ts";

const pad = (n: number): string => String(n).padStart(2, "0");

/** A DATETIME in the browser's time zone, `2024-04-01 09:30`. */
export const formatDateTime = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
};

const names = (value: unknown): string =>
  Array.isArray(value)
    ? value
        .map((v: { name?: string; code?: string }) => v.name ?? v.code ?? "")
        .join("、")
    : "";

const withUnit = (text: string, prop: FieldProperty | undefined): string => {
  if (text === "" || prop?.unit === undefined || prop.unit === "") {
    return text;
  }
  return prop.unitPosition === "BEFORE"
    ? `${prop.unit}${text}`
    : `${text}${prop.unit}`;
};

/** The value as text (SUBTABLE and LINK are drawn by `displayNode`). */
export const displayText = (
  field: RecordField,
  prop?: FieldProperty,
): string => {
  const { value } = field;
  switch (field.type ?? prop?.type) {
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
    case "STATUS_ASSIGNEE":
      return names(value);
    case "CREATOR":
    case "MODIFIER":
      return (value as { name?: string } | null)?.name ?? "";
    case "CREATED_TIME":
    case "UPDATED_TIME":
    case "DATETIME":
      return typeof value === "string" && value !== ""
        ? formatDateTime(value)
        : "";
    case "CHECK_BOX":
    case "MULTI_SELECT":
    case "CATEGORY":
      return Array.isArray(value) ? value.join("、") : "";
    case "FILE":
      return Array.isArray(value)
        ? value.map((f: { name?: string }) => f.name ?? "").join("、")
        : "";
    case "NUMBER":
    case "CALC":
      return withUnit(typeof value === "string" ? value : "", prop);
    default:
      return value === null || value === undefined ? "" : String(value);
  }
};

const linkHref = (value: string, protocol: string | undefined): string => {
  if (protocol === "MAIL") {
    return `mailto:${value}`;
  }
  if (protocol === "CALL") {
    return `tel:${value}`;
  }
  return /^https?:\/\//u.test(value) ? value : "#";
};

/** The value as a node: links for LINK, a small table for SUBTABLE, text otherwise. */
export const displayNode = (field: RecordField, prop?: FieldProperty): Node => {
  const type = field.type ?? prop?.type;
  if (
    type === "LINK" &&
    typeof field.value === "string" &&
    field.value !== ""
  ) {
    return h(
      "a",
      {
        href: linkHref(field.value, prop?.protocol),
        rel: "noopener noreferrer",
      },
      field.value,
    );
  }
  if (type === "SUBTABLE" && Array.isArray(field.value)) {
    const inner = prop?.fields ?? {};
    const codes = Object.keys(inner);
    const rows = field.value as Array<{ value: Record<string, RecordField> }>;
    return h(
      "table",
      { class: "sb-subtable" },
      h(
        "thead",
        {},
        h("tr", {}, ...codes.map((c) => h("th", {}, inner[c]?.label ?? c))),
      ),
      h(
        "tbody",
        {},
        ...rows.map((row) =>
          h(
            "tr",
            {},
            ...codes.map((c) => {
              const cell = row.value[c];
              return h(
                "td",
                {},
                cell === undefined ? "" : displayNode(cell, inner[c]),
              );
            }),
          ),
        ),
      ),
    );
  }
  const text = displayText(field, prop);
  if (type === "MULTI_LINE_TEXT" || type === "RICH_TEXT") {
    return h(
      "div",
      { class: "sb-multiline" },
      type === "RICH_TEXT" ? textOf(text) : text,
    );
  }
  return document.createTextNode(text);
};

const textOf = (html: string): string =>
  new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
