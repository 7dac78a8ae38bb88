/**
 * Lookups on the create/edit page: 取得 finds the source record by the key (one match copies
 * at once, several open a picker), クリア empties the key and the copied fields.
 */
import { h } from "../dom.ts";
import type { Rest } from "../rest.ts";
import type { FieldProperty, KRecord } from "../types.ts";
import { displayText } from "./display.ts";

export interface LookupDeps {
  rest: Rest;
  /** Writes values as the lookup copies them (key first, then the mapped fields). */
  copy: (values: Record<string, unknown>) => void;
  error: (message: string | null) => void;
  /** Where the picker opens (under the field). */
  host: HTMLElement;
}

const quote = (value: string): string =>
  `"${value.replace(/\\/gu, "\\\\").replace(/"/gu, '\\"')}"`;

const PICKER_LIMIT = 20;

const valuesFrom = (
  prop: FieldProperty,
  source: KRecord,
): Record<string, unknown> => {
  const lookup = prop.lookup;
  if (lookup === undefined) {
    return {};
  }
  const values: Record<string, unknown> = {
    [prop.code]: source[lookup.relatedKeyField]?.value ?? "",
  };
  for (const mapping of lookup.fieldMappings) {
    values[mapping.field] = source[mapping.relatedField]?.value ?? "";
  }
  return values;
};

const find = async (
  rest: Rest,
  prop: FieldProperty,
  condition: string,
): Promise<KRecord[]> => {
  const lookup = prop.lookup;
  if (lookup === undefined) {
    return [];
  }
  const filter = lookup.filterCond ?? "";
  const where = [filter, condition]
    .filter((c) => c !== "")
    .map((c) => `(${c})`)
    .join(" and ");
  const res = (await rest("/k/v1/records.json", "GET", {
    app: lookup.relatedApp.app,
    query: `${where} limit ${PICKER_LIMIT}`,
  })) as { records: KRecord[] };
  return res.records;
};

const showPicker = (
  deps: LookupDeps,
  prop: FieldProperty,
  records: KRecord[],
): void => {
  const lookup = prop.lookup;
  const columns = lookup?.lookupPickerFields?.length
    ? lookup.lookupPickerFields
    : [lookup?.relatedKeyField ?? ""];
  const picker = h(
    "div",
    { class: "sb-picker", role: "dialog", "aria-label": "ルックアップの候補" },
    h("p", {}, "候補から選んでください。"),
    ...records.map((record) =>
      h(
        "button",
        {
          type: "button",
          class: "sb-button sb-picker-item",
          onclick: () => {
            picker.remove();
            deps.copy(valuesFrom(prop, record));
          },
        },
        columns
          .map((c) => (record[c] ? displayText(record[c]) : ""))
          .join(" / "),
      ),
    ),
    h(
      "button",
      {
        type: "button",
        class: "sb-button sb-quiet",
        onclick: () => picker.remove(),
      },
      "閉じる",
    ),
  );
  deps.host.querySelector(".sb-picker")?.remove();
  deps.host.appendChild(picker);
};

/** 取得: exact key match first; otherwise the candidates that contain it. */
export const runLookup = async (
  deps: LookupDeps,
  prop: FieldProperty,
  key: string,
): Promise<void> => {
  const lookup = prop.lookup;
  if (lookup === undefined) {
    return;
  }
  deps.error(null);
  try {
    if (key !== "") {
      const exact = await find(
        deps.rest,
        prop,
        `${lookup.relatedKeyField} = ${quote(key)}`,
      );
      if (exact.length === 1 && exact[0] !== undefined) {
        deps.copy(valuesFrom(prop, exact[0]));
        return;
      }
    }
    const near =
      key === ""
        ? await find(deps.rest, prop, "")
        : await find(
            deps.rest,
            prop,
            `${lookup.relatedKeyField} like ${quote(key)}`,
          );
    if (near.length === 0) {
      deps.error("データがありません。");
      return;
    }
    showPicker(deps, prop, near);
  } catch (error) {
    deps.error(
      `参照先のアプリからデータを取得できませんでした。${error instanceof Error ? error.message : ""}`,
    );
  }
};

/** クリア: the key and every copied field become empty. */
export const clearLookup = (deps: LookupDeps, prop: FieldProperty): void => {
  const values: Record<string, unknown> = { [prop.code]: "" };
  for (const mapping of prop.lookup?.fieldMappings ?? []) {
    values[mapping.field] = "";
  }
  deps.error(null);
  deps.copy(values);
};
