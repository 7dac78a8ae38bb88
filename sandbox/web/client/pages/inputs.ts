/**
 * The input of one field on the create/edit page. A control writes the person's input into the
 * record through `onInput` and reports a finished change through `onChange` (kintone's change
 * event); `write` is how the program changes the shown value, and never reports a change.
 */
import { clone } from "../clone.ts";
import { h } from "../dom.ts";
import type { FieldProperty } from "../types.ts";
import { displayText } from "./display.ts";

export interface Control {
  el: HTMLElement;
  write: (value: unknown) => void;
  setDisabled: (disabled: boolean) => void;
}

export interface ControlHooks {
  /** The person edited the value (each keystroke for text). */
  onInput: (value: unknown) => void;
  /** The person finished a change (kintone fires `…change.<code>` then). */
  onChange: () => void;
}

/** Types whose value the form never writes (shown read-only). */
export const READ_ONLY_TYPES = new Set([
  "RECORD_NUMBER",
  "__ID__",
  "__REVISION__",
  "CREATOR",
  "CREATED_TIME",
  "MODIFIER",
  "UPDATED_TIME",
  "STATUS",
  "STATUS_ASSIGNEE",
  "CATEGORY",
  "CALC",
  "FILE",
  "REFERENCE_TABLE",
]);

/** Types kintone fires change events for (create/edit change event pages). */
export const CHANGE_EVENT_TYPES = new Set([
  "RADIO_BUTTON",
  "DROP_DOWN",
  "CHECK_BOX",
  "MULTI_SELECT",
  "USER_SELECT",
  "ORGANIZATION_SELECT",
  "GROUP_SELECT",
  "DATE",
  "TIME",
  "DATETIME",
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "SUBTABLE",
]);

const sortedOptions = (prop: FieldProperty): string[] =>
  Object.values(prop.options ?? {})
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((o) => o.label);

const pad = (n: number): string => String(n).padStart(2, "0");

/** `2024-04-01T00:30:00Z` → `2024-04-01T09:30` (datetime-local, the browser's zone). */
const toLocalInput = (iso: unknown): string => {
  if (typeof iso !== "string" || iso === "") {
    return "";
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return "";
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
};

const fromLocalInput = (local: string): string => {
  if (local === "") {
    return "";
  }
  return new Date(local)
    .toISOString()
    .replace(/\.\d{3}Z$/u, "Z")
    .replace(/:\d{2}Z$/u, ":00Z");
};

const textInput = (
  prop: FieldProperty,
  id: string,
  hooks: ControlHooks,
  convert: { show: (v: unknown) => string; read: (s: string) => unknown },
  attrs: Record<string, string> = {},
): Control => {
  const input = h("input", { id, class: "sb-input", ...attrs });
  input.value = convert.show(undefined);
  input.addEventListener("input", () =>
    hooks.onInput(convert.read(input.value)),
  );
  input.addEventListener("change", () => {
    hooks.onInput(convert.read(input.value));
    hooks.onChange();
  });
  return {
    el: input,
    write: (value) => {
      input.value = convert.show(value);
    },
    setDisabled: (disabled) => {
      input.disabled = disabled;
    },
  };
};

const asText = {
  show: (v: unknown) => (v === null || v === undefined ? "" : String(v)),
  read: (s: string) => s,
};

const linkAttrs = (prop: FieldProperty): Record<string, string> => {
  if (prop.protocol === "MAIL") {
    return { type: "email", inputmode: "email" };
  }
  if (prop.protocol === "CALL") {
    return { type: "tel", inputmode: "tel" };
  }
  return { type: "url", inputmode: "url" };
};

const textArea = (id: string, hooks: ControlHooks): Control => {
  const area = h("textarea", { id, class: "sb-input sb-textarea", rows: 4 });
  area.addEventListener("input", () => hooks.onInput(area.value));
  return {
    el: area,
    write: (value) => {
      area.value = typeof value === "string" ? value : "";
    },
    setDisabled: (disabled) => {
      area.disabled = disabled;
    },
  };
};

const dropDown = (
  prop: FieldProperty,
  id: string,
  hooks: ControlHooks,
): Control => {
  const select = h(
    "select",
    { id, class: "sb-input" },
    h("option", { value: "" }, "-----"),
    ...sortedOptions(prop).map((label) => h("option", { value: label }, label)),
  );
  select.addEventListener("change", () => {
    hooks.onInput(select.value);
    hooks.onChange();
  });
  return {
    el: select,
    write: (value) => {
      select.value = typeof value === "string" ? value : "";
    },
    setDisabled: (disabled) => {
      select.disabled = disabled;
    },
  };
};

const choiceGroup = (
  prop: FieldProperty,
  id: string,
  hooks: ControlHooks,
  multiple: boolean,
): Control => {
  const inputs = sortedOptions(prop).map((label) =>
    h("input", {
      type: multiple ? "checkbox" : "radio",
      name: id,
      value: label,
    }),
  );
  const read = (): unknown => {
    const checked = inputs.filter((i) => i.checked).map((i) => i.value);
    return multiple ? checked : (checked[0] ?? "");
  };
  for (const input of inputs) {
    input.addEventListener("change", () => {
      hooks.onInput(read());
      hooks.onChange();
    });
  }
  const el = h(
    "div",
    { id, class: "sb-choices", role: multiple ? "group" : "radiogroup" },
    ...inputs.map((input) =>
      h("label", { class: "sb-choice" }, input, input.value),
    ),
  );
  return {
    el,
    write: (value) => {
      const chosen = Array.isArray(value)
        ? (value as string[])
        : [String(value ?? "")];
      for (const input of inputs) {
        input.checked = chosen.includes(input.value);
      }
    },
    setDisabled: (disabled) => {
      for (const input of inputs) {
        input.disabled = disabled;
      }
    },
  };
};

/** Users (organisations, groups) by login code, separated by commas. */
const entityList = {
  show: (v: unknown): string =>
    Array.isArray(v)
      ? v.map((e: { code?: string }) => e.code ?? "").join(", ")
      : "",
  read: (s: string): unknown =>
    s
      .split(/[,、\s]+/u)
      .filter((c) => c !== "")
      .map((code) => ({ code, name: code })),
};

const readOnly = (prop: FieldProperty, id: string): Control => {
  const el = h("div", { id, class: "sb-readonly" });
  return {
    el,
    write: (value) => {
      el.textContent =
        prop.type === "FILE"
          ? "（添付ファイルはこの画面では変更できません）"
          : displayText({ type: prop.type, value }, prop) || "（自動）";
    },
    setDisabled: () => undefined,
  };
};

const numberConvert = { show: asText.show, read: (s: string) => s.trim() };
const dateTimeConvert = { show: toLocalInput, read: fromLocalInput };

export const createControl = (
  prop: FieldProperty,
  id: string,
  hooks: ControlHooks,
): Control => {
  switch (prop.type) {
    case "SINGLE_LINE_TEXT":
      return textInput(prop, id, hooks, asText, { type: "text" });
    case "NUMBER":
      return textInput(prop, id, hooks, numberConvert, {
        type: "text",
        inputmode: "decimal",
      });
    case "LINK":
      return textInput(prop, id, hooks, asText, linkAttrs(prop));
    case "DATE":
      return textInput(prop, id, hooks, asText, { type: "date" });
    case "TIME":
      return textInput(prop, id, hooks, asText, { type: "time" });
    case "DATETIME":
      return textInput(prop, id, hooks, dateTimeConvert, {
        type: "datetime-local",
      });
    case "MULTI_LINE_TEXT":
    case "RICH_TEXT":
      return textArea(id, hooks);
    case "DROP_DOWN":
      return dropDown(prop, id, hooks);
    case "RADIO_BUTTON":
      return choiceGroup(prop, id, hooks, false);
    case "CHECK_BOX":
    case "MULTI_SELECT":
      return choiceGroup(prop, id, hooks, true);
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
      return textInput(prop, id, hooks, entityList, {
        type: "text",
        placeholder: "ログイン名（複数はカンマ区切り）",
      });
    default:
      return readOnly(prop, id);
  }
};

/** The value a new record starts with (the field's default; DATE/TIME/DATETIME "now"). */
export const defaultValueOf = (prop: FieldProperty, now: Date): unknown => {
  if (prop.defaultNowValue === true) {
    const local = toLocalInput(now.toISOString());
    if (prop.type === "DATE") {
      return local.slice(0, 10);
    }
    return prop.type === "TIME" ? local.slice(11) : fromLocalInput(local);
  }
  if (prop.defaultValue !== undefined) {
    return clone(prop.defaultValue);
  }
  if (
    [
      "CHECK_BOX",
      "MULTI_SELECT",
      "USER_SELECT",
      "ORGANIZATION_SELECT",
      "GROUP_SELECT",
      "FILE",
      "SUBTABLE",
      "CATEGORY",
    ].includes(prop.type)
  ) {
    return [];
  }
  return prop.type === "RADIO_BUTTON" ? (sortedOptions(prop)[0] ?? "") : "";
};
