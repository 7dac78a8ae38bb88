/**
 * Where other settings name a field: the layout, list-view columns, calendar fields, the field
 * ACL, the title field and this app's lookup mappings / related-records conditions. A renamed
 * field is renamed there too; a deleted one disappears from them (a deleted group leaves its
 * rows in place, a deleted table takes its layout row with it).
 */
import type { AppSettings, Json } from "./model.ts";
import { isObject } from "./settingsKit.ts";

const renameCodes = (node: unknown, from: string, to: string): void => {
  if (Array.isArray(node)) {
    for (const item of node) {
      renameCodes(item, from, to);
    }
    return;
  }
  if (!isObject(node)) {
    return;
  }
  if (node.code === from && typeof node.type === "string") {
    node.code = to;
  }
  for (const value of Object.values(node)) {
    if (typeof value === "object" && value !== null) {
      renameCodes(value, from, to);
    }
  }
};

const renameInProperties = (
  properties: Record<string, Json>,
  from: string,
  to: string,
): void => {
  for (const prop of Object.values(properties)) {
    const lookup = prop.lookup;
    if (isObject(lookup) && Array.isArray(lookup.fieldMappings)) {
      for (const m of lookup.fieldMappings as Json[]) {
        m.field = m.field === from ? to : m.field;
      }
    }
    const ref = prop.referenceTable;
    if (isObject(ref) && isObject(ref.condition)) {
      const c = ref.condition;
      c.field = c.field === from ? to : c.field;
    }
    if (isObject(prop.fields)) {
      renameInProperties(prop.fields as Record<string, Json>, from, to);
    }
  }
};

export const renameField = (
  settings: AppSettings,
  from: string,
  to: string,
): void => {
  renameCodes(settings.layout, from, to);
  for (const view of Object.values(settings.views)) {
    if (Array.isArray(view.fields)) {
      view.fields = view.fields.map((f) => (f === from ? to : f));
    }
    view.date = view.date === from ? to : view.date;
    view.title = view.title === from ? to : view.title;
  }
  for (const right of settings.fieldAcl) {
    if (isObject(right) && right.code === from) {
      right.code = to;
    }
  }
  const title = settings.general.titleField;
  if (isObject(title) && title.code === from) {
    title.code = to;
  }
  renameInProperties(settings.properties, from, to);
};

const dropFromRows = (rows: unknown[], code: string): unknown[] =>
  rows.flatMap((row): unknown[] => {
    if (!isObject(row)) {
      return [row];
    }
    if (
      row.code === code &&
      (row.type === "SUBTABLE" || row.type === "GROUP")
    ) {
      return row.type === "GROUP" && Array.isArray(row.layout)
        ? row.layout
        : [];
    }
    if (row.type === "GROUP" && Array.isArray(row.layout)) {
      return [{ ...row, layout: dropFromRows(row.layout, code) }];
    }
    if (!Array.isArray(row.fields)) {
      return [row];
    }
    const fields = row.fields.filter(
      (el) => !(isObject(el) && el.code === code),
    );
    if (fields.length === 0 && row.fields.length > 0 && row.type === "ROW") {
      return [];
    }
    return [{ ...row, fields }];
  });

export const dropField = (settings: AppSettings, code: string): void => {
  settings.layout = dropFromRows(settings.layout, code);
  for (const view of Object.values(settings.views)) {
    if (Array.isArray(view.fields)) {
      view.fields = view.fields.filter((f) => f !== code);
    }
  }
  settings.fieldAcl = settings.fieldAcl.filter(
    (right) => !(isObject(right) && right.code === code),
  );
  const title = settings.general.titleField;
  if (isObject(title) && title.code === code) {
    settings.general.titleField = { selectionMode: "AUTO", code: "" };
  }
};
