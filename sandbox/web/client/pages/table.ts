/** A SUBTABLE on the create/edit page: rows of inputs, a row added after any row, or removed. */
import { h } from "../dom.ts";
import type {
  FieldProperty,
  KRecord,
  RecordField,
  TableRow,
} from "../types.ts";
import type { Control } from "./inputs.ts";
import { createControl, defaultValueOf } from "./inputs.ts";

export interface TableUi {
  el: HTMLElement;
  /** Draws the rows again from the field's value (after a program changed it). */
  redraw: () => void;
  control: (row: number, code: string) => Control | undefined;
}

export interface TableHooks {
  /** Field errors by `table[i].code`; the table registers its cells' message elements. */
  errors: Map<string, HTMLElement>;
  /** A row was added (that row) or removed (null): kintone's `…change.<table>`. */
  onRowsChanged: (row: TableRow | null) => void;
  /** A cell changed: kintone's `…change.<inner code>` with the row. */
  onCellChanged: (code: string, row: TableRow) => void;
}

const blankRow = (inner: Record<string, FieldProperty>): TableRow => {
  const value: KRecord = {};
  const now = new Date();
  for (const prop of Object.values(inner)) {
    value[prop.code] = { type: prop.type, value: defaultValueOf(prop, now) };
  }
  return { value };
};

let cellCounter = 0;

export const drawTable = (
  prop: FieldProperty,
  field: RecordField,
  hooks: TableHooks,
): TableUi => {
  const inner = prop.fields ?? {};
  const codes = Object.keys(inner);
  const body = h("tbody");
  let controls: Array<Map<string, Control>> = [];
  const rows = (): TableRow[] => field.value as TableRow[];

  const drawRow = (row: TableRow, index: number): HTMLElement => {
    const byCode = new Map<string, Control>();
    const cells = codes.map((code) => {
      const cellProp = inner[code] as FieldProperty;
      const cell =
        row.value[code] ??
        (row.value[code] = {
          type: cellProp.type,
          value: defaultValueOf(cellProp, new Date()),
        });
      cellCounter += 1;
      const control = createControl(cellProp, `sb-t-${cellCounter}`, {
        onInput: (value) => {
          cell.value = value;
        },
        onChange: () => hooks.onCellChanged(code, row),
      });
      control.write(cell.value);
      control.setDisabled(cell.disabled === true);
      control.el.setAttribute("aria-label", cellProp.label);
      byCode.set(code, control);
      const error = h("div", {
        class: "sb-field-error",
        role: "alert",
        hidden: true,
      });
      hooks.errors.set(`${prop.code}[${index}].${code}`, error);
      return h("td", { "data-label": cellProp.label }, control.el, error);
    });
    controls[index] = byCode;
    return h(
      "tr",
      {},
      ...cells,
      h(
        "td",
        { class: "sb-row-buttons" },
        h(
          "button",
          {
            type: "button",
            class: "sb-button",
            "aria-label": "行を追加",
            onclick: () => add(index + 1),
          },
          "＋",
        ),
        h(
          "button",
          {
            type: "button",
            class: "sb-button sb-quiet",
            "aria-label": "行を削除",
            onclick: () => remove(index),
          },
          "－",
        ),
      ),
    );
  };

  const redraw = (): void => {
    for (const key of [...hooks.errors.keys()]) {
      if (key.startsWith(`${prop.code}[`)) {
        hooks.errors.delete(key);
      }
    }
    controls = [];
    body.replaceChildren(...rows().map((row, i) => drawRow(row, i)));
  };

  const add = (at: number): void => {
    const row = blankRow(inner);
    rows().splice(at, 0, row);
    redraw();
    hooks.onRowsChanged(row);
  };

  const remove = (at: number): void => {
    rows().splice(at, 1);
    if (rows().length === 0) {
      rows().push(blankRow(inner));
    }
    redraw();
    hooks.onRowsChanged(null);
  };

  if (!Array.isArray(field.value) || field.value.length === 0) {
    field.value = [blankRow(inner)];
  }
  redraw();
  const el = h(
    "section",
    { class: "sb-cell sb-table-field", "data-code": prop.code },
    h("div", { class: "sb-field-label" }, prop.label),
    h(
      "div",
      { class: "sb-table-scroll" },
      h(
        "table",
        { class: "sb-subtable sb-edit-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...codes.map((c) => h("th", {}, inner[c]?.label ?? c)),
            h(
              "th",
              { class: "sb-row-buttons" },
              h("span", { class: "sb-visually-hidden" }, "行の操作"),
            ),
          ),
        ),
        body,
      ),
    ),
  );
  return { el, redraw, control: (row, code) => controls[row]?.get(code) };
};
