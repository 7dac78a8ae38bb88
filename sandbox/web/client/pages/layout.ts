/**
 * Places fields by the form layout (`app/form/layout.json`): ROW, GROUP, SUBTABLE, with LABEL,
 * SPACER (elementId), HR and field cells. The page decides what a field cell holds.
 */
import { h, textOfHtml } from "../dom.ts";
import type { FieldProperties, LayoutField, LayoutItem } from "../types.ts";

export interface LayoutHooks {
  /** The cell of a field (label and value or input), or null to leave it out. */
  field: (code: string) => HTMLElement | null;
  /** A whole table (SUBTABLE layout item). */
  table: (code: string) => HTMLElement | null;
}

export interface PlacedLayout {
  root: HTMLElement;
  /** Wrappers by field code and by SPACER elementId, for setFieldShown and getSpaceElement. */
  wrappers: Map<string, HTMLElement>;
  spaces: Map<string, HTMLElement>;
}

const widthOf = (field: LayoutField): string | null => {
  const width = field.size?.width;
  return width === undefined ? null : `${width}px`;
};

const placeItem = (
  field: LayoutField,
  props: FieldProperties,
  hooks: LayoutHooks,
  placed: PlacedLayout,
): HTMLElement | null => {
  if (field.type === "LABEL") {
    return h(
      "div",
      { class: "sb-cell sb-label-cell" },
      textOfHtml(field.label ?? ""),
    );
  }
  if (field.type === "HR") {
    return h("hr", { class: "sb-hr" });
  }
  if (field.type === "SPACER") {
    const space = h("div", { class: "sb-cell sb-spacer" });
    if (field.elementId !== undefined && field.elementId !== "") {
      space.dataset.elementId = field.elementId;
      placed.spaces.set(field.elementId, space);
    }
    return space;
  }
  if (field.code === undefined || props[field.code] === undefined) {
    return null;
  }
  const cell = hooks.field(field.code);
  if (cell !== null) {
    const width = widthOf(field);
    if (width !== null) {
      cell.style.setProperty("--sb-width", width);
    }
    placed.wrappers.set(field.code, cell);
  }
  return cell;
};

const placeItems = (
  items: LayoutItem[],
  props: FieldProperties,
  hooks: LayoutHooks,
  placed: PlacedLayout,
  parent: HTMLElement,
): void => {
  for (const item of items) {
    if (item.type === "ROW") {
      const row = h("div", { class: "sb-row" });
      for (const field of item.fields) {
        const cell = placeItem(field, props, hooks, placed);
        if (cell !== null) {
          row.appendChild(cell);
        }
      }
      parent.appendChild(row);
    } else if (item.type === "SUBTABLE") {
      const table = hooks.table(item.code);
      if (table !== null) {
        placed.wrappers.set(item.code, table);
        parent.appendChild(table);
      }
    } else {
      const prop = props[item.code];
      const body = h("div", { class: "sb-group-body" });
      const group = h(
        "details",
        { class: "sb-group", open: true },
        h("summary", {}, prop?.label ?? item.code),
        body,
      );
      placed.wrappers.set(item.code, group);
      placeItems(item.layout, props, hooks, placed, body);
      parent.appendChild(group);
    }
  }
};

export const placeLayout = (
  layout: LayoutItem[],
  props: FieldProperties,
  hooks: LayoutHooks,
): PlacedLayout => {
  const placed: PlacedLayout = {
    root: h("div", { class: "sb-form" }),
    wrappers: new Map(),
    spaces: new Map(),
  };
  placeItems(layout, props, hooks, placed, placed.root);
  return placed;
};

/** kintone's setFieldShown: a field code first, then a SPACER's elementId. */
export const showField = (
  placed: PlacedLayout,
  code: string,
  shown: boolean,
): void => {
  const el = placed.wrappers.get(code) ?? placed.spaces.get(code);
  if (el !== undefined) {
    el.hidden = !shown;
  }
};
