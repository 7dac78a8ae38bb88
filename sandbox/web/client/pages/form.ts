/**
 * The create and edit pages: inputs placed by the form layout, kintone's show / change /
 * submit / submit.success events, and the server's field errors shown at their fields.
 */
import { clone } from "../clone.ts";
import { detach, h } from "../dom.ts";
import { returnedEvent } from "../events.ts";
import { RestError } from "../rest.ts";
import type {
  FieldProperties,
  FieldProperty,
  KEvent,
  KRecord,
  RecordField,
  TableRow,
} from "../types.ts";
import { detailUrl, listUrl } from "../urls.ts";
import { cancels, eventType, runEvent } from "./env.ts";
import type { Env } from "./env.ts";
import type { Control } from "./inputs.ts";
import {
  CHANGE_EVENT_TYPES,
  createControl,
  defaultValueOf,
  READ_ONLY_TYPES,
} from "./inputs.ts";
import { placeLayout, showField } from "./layout.ts";
import { clearLookup, runLookup } from "./lookup.ts";
import type { AppMeta, Frame } from "./shell.ts";
import { drawTable } from "./table.ts";
import type { TableUi } from "./table.ts";

export interface FormState {
  env: Env;
  frame: Frame;
  app: number;
  recordId: number | null;
  props: FieldProperties;
  record: KRecord;
  /** `app.record.create` / `app.record.edit`, with `mobile.` on mobile pages. */
  prefix: string;
  controls: Map<string, Control>;
  errors: Map<string, HTMLElement>;
  tables: Map<string, TableUi>;
  /** Change events run one after the other; a save waits for them. */
  queue: Promise<void>;
  saving: boolean;
}

const NOT_VALUES = new Set([
  "GROUP",
  "LABEL",
  "SPACER",
  "HR",
  "REFERENCE_TABLE",
]);

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** A new record's fields, each with its default. */
export const initialRecord = (props: FieldProperties, now: Date): KRecord => {
  const record: KRecord = {};
  for (const prop of Object.values(props)) {
    if (!NOT_VALUES.has(prop.type)) {
      record[prop.code] = { type: prop.type, value: defaultValueOf(prop, now) };
    }
  }
  return record;
};

/** The record body of a POST/PUT: values of the fields a person can write, nothing else. */
export const requestRecord = (
  props: FieldProperties,
  record: KRecord,
): KRecord => {
  const out: KRecord = {};
  for (const prop of Object.values(props)) {
    const field = record[prop.code];
    if (
      field === undefined ||
      READ_ONLY_TYPES.has(prop.type) ||
      NOT_VALUES.has(prop.type)
    ) {
      continue;
    }
    if (prop.type !== "SUBTABLE") {
      out[prop.code] = { value: field.value };
      continue;
    }
    const rows = (field.value as TableRow[]).map((row) => ({
      ...(row.id === undefined ? {} : { id: row.id }),
      value: requestRecord(prop.fields ?? {}, row.value),
    }));
    out[prop.code] = { value: rows };
  }
  return out;
};

const baseEvent = (state: FormState, type: string): KEvent => ({
  type,
  appId: state.app,
  ...(state.recordId === null ? {} : { recordId: state.recordId }),
  record: clone(state.record),
});

/** Shows (or with null, hides) a message under a field; keys are `code` or `table[i].code`. */
const fieldError = (
  state: FormState,
  key: string,
  message: string | null | undefined,
): void => {
  const el = state.errors.get(key);
  if (el !== undefined) {
    el.textContent = message ?? "";
    el.hidden = message === null || message === undefined || message === "";
  }
};

const clearErrors = (state: FormState): void => {
  for (const key of state.errors.keys()) {
    fieldError(state, key, null);
  }
  state.frame.alert(null);
};

/** Error, disabled and row state of a returned table field. */
const applyRows = (state: FormState, code: string, rows: TableRow[]): void => {
  const table = state.tables.get(code);
  rows.forEach((row, i) => {
    for (const [inner, cell] of Object.entries(row?.value ?? {})) {
      if ("error" in cell) {
        fieldError(state, `${code}[${i}].${inner}`, cell.error);
      }
      if ("disabled" in cell) {
        table?.control(i, inner)?.setDisabled(cell.disabled === true);
      }
    }
  });
};

const applyValue = (
  state: FormState,
  code: string,
  prop: FieldProperty,
  value: unknown,
): boolean => {
  const current = state.record[code];
  if (
    current === undefined ||
    READ_ONLY_TYPES.has(prop.type) ||
    same(current.value, value)
  ) {
    return false;
  }
  current.value = clone(value);
  if (prop.type === "SUBTABLE") {
    state.tables.get(code)?.redraw();
  } else {
    state.controls.get(code)?.write(current.value);
  }
  return true;
};

const applyField = (
  state: FormState,
  code: string,
  field: RecordField,
): boolean => {
  const prop = state.props[code];
  if (prop === undefined || typeof field !== "object" || field === null) {
    return false;
  }
  const changed =
    "value" in field && applyValue(state, code, prop, field.value);
  if ("disabled" in field) {
    const disabled = field.disabled === true;
    // In place: the inputs write into this very object.
    const target = state.record[code];
    if (target !== undefined) {
      target.disabled = disabled;
    }
    state.controls.get(code)?.setDisabled(disabled);
  }
  if ("error" in field) {
    fieldError(state, code, field.error);
  }
  if (prop.type === "SUBTABLE" && Array.isArray(field.value)) {
    applyRows(state, code, field.value as TableRow[]);
  }
  if (field.lookup === true) {
    detach(lookupOf(state, prop));
  } else if (field.lookup === "CLEAR") {
    clearLookup(lookupDeps(state, prop), prop);
  }
  return changed;
};

/**
 * Applies a record a handler returned (or `record.set()` gave): values, `disabled`, `error`,
 * `lookup`. With `fireChanges`, the fields whose value changed fire their change events, as
 * kintone documents for `record.set()`; changes returned by a change handler do not cascade.
 */
export const applyRecord = (
  state: FormState,
  record: KRecord | undefined,
  fireChanges: boolean,
): void => {
  const changed: string[] = [];
  for (const [code, field] of Object.entries(record ?? {})) {
    if (applyField(state, code, field)) {
      changed.push(code);
    }
  }
  if (fireChanges) {
    for (const code of changed) {
      queueChange(state, code, null);
    }
  }
};

/** Runs `…change.<code>` (a table's inner field passes its row). */
const fireChange = async (
  state: FormState,
  code: string,
  row: TableRow | null,
): Promise<void> => {
  const type = `${state.prefix}.change.${code}`;
  if (!state.env.bus.has(type)) {
    return;
  }
  const event = baseEvent(state, type);
  const field = row === null ? state.record[code] : row.value[code];
  event.changes = {
    field: clone(field),
    row: row === null ? null : clone(row),
  };
  const ret = returnedEvent(await runEvent(state.env, event));
  if (ret !== null) {
    applyRecord(state, ret.record, false);
    if (typeof ret.error === "string" && ret.error !== "") {
      state.frame.alert(ret.error);
    }
  }
};

const queueChange = (
  state: FormState,
  code: string,
  row: TableRow | null,
): void => {
  const type = state.props[code]?.type ?? findInnerType(state, code);
  if (type === undefined || !CHANGE_EVENT_TYPES.has(type)) {
    return;
  }
  state.queue = state.queue
    .then(() => fireChange(state, code, row))
    .catch((error: unknown) => {
      console.error(error);
    });
};

const findInnerType = (state: FormState, code: string): string | undefined => {
  for (const prop of Object.values(state.props)) {
    const inner = prop.fields?.[code];
    if (inner !== undefined) {
      return inner.type;
    }
  }
  return undefined;
};

const lookupDeps = (state: FormState, prop: FieldProperty) => ({
  rest: state.env.rest,
  host: state.controls.get(prop.code)?.el.parentElement ?? document.body,
  error: (message: string | null) => fieldError(state, prop.code, message),
  copy: (values: Record<string, unknown>) => {
    for (const [code, value] of Object.entries(values)) {
      const target = state.props[code];
      if (
        target !== undefined &&
        state.record[code] !== undefined &&
        !same(state.record[code].value, value)
      ) {
        state.record[code].value = clone(value);
        state.controls.get(code)?.write(value);
        // kintone fires change events for the fields a lookup copied into.
        queueChange(state, code, null);
      }
    }
  },
});

const lookupOf = (state: FormState, prop: FieldProperty): Promise<void> =>
  runLookup(
    lookupDeps(state, prop),
    prop,
    String(state.record[prop.code]?.value ?? ""),
  );

let idCounter = 0;

const fieldCell = (state: FormState, code: string): HTMLElement | null => {
  const prop = state.props[code];
  const field = state.record[code];
  if (prop === undefined || field === undefined) {
    return null;
  }
  idCounter += 1;
  const id = `sb-f-${idCounter}`;
  const control = createControl(prop, id, {
    onInput: (value) => {
      field.value = value;
    },
    onChange: () => queueChange(state, code, null),
  });
  control.write(field.value);
  state.controls.set(code, control);
  const error = h("div", {
    class: "sb-field-error",
    role: "alert",
    hidden: true,
  });
  state.errors.set(code, error);
  const lookupButtons =
    prop.lookup === undefined
      ? null
      : h(
          "div",
          { class: "sb-lookup" },
          h(
            "button",
            {
              type: "button",
              class: "sb-button",
              onclick: () => detach(lookupOf(state, prop)),
            },
            "取得",
          ),
          h(
            "button",
            {
              type: "button",
              class: "sb-button sb-quiet",
              onclick: () => clearLookup(lookupDeps(state, prop), prop),
            },
            "クリア",
          ),
        );
  return h(
    "div",
    { class: "sb-cell sb-field", "data-code": code },
    prop.noLabel === true
      ? null
      : h(
          "label",
          { for: id, class: "sb-field-label" },
          prop.label,
          prop.required === true
            ? h("span", { class: "sb-required", "aria-label": "必須" }, "*")
            : null,
        ),
    control.el,
    lookupButtons,
    error,
  );
};

const tableCell = (state: FormState, code: string): HTMLElement | null => {
  const prop = state.props[code];
  const field = state.record[code];
  if (prop?.type !== "SUBTABLE" || field === undefined) {
    return null;
  }
  const ui = drawTable(prop, field, {
    errors: state.errors,
    onRowsChanged: (row) => queueChange(state, code, row),
    onCellChanged: (inner, row) => queueChange(state, inner, row),
  });
  state.tables.set(code, ui);
  return ui.el;
};

/** Marks the fields the server refused: `errors` keyed like `record.<code>.value`. */
export const showServerErrors = (state: FormState, error: unknown): void => {
  if (!(error instanceof RestError)) {
    state.frame.alert(`保存できませんでした。${String(error)}`);
    return;
  }
  const body = error.body as {
    message?: string;
    errors?: Record<string, { messages?: string[] }>;
  };
  const unplaced: string[] = [];
  for (const [key, detail] of Object.entries(body.errors ?? {})) {
    const match =
      /^record\.([^.[]+)\.value(?:\[(\d+)\]\.value\.([^.[]+)\.value)?/u.exec(
        key,
      );
    let target: string | null | undefined = null;
    if (match !== null) {
      target =
        match[2] === undefined
          ? match[1]
          : `${match[1]}[${match[2]}].${match[3]}`;
    }
    const message = (detail.messages ?? []).join(" ");
    if (target === null || target === undefined || !state.errors.has(target)) {
      unplaced.push(message);
    } else {
      fieldError(state, target, message);
    }
  }
  state.frame.alert(
    [body.message ?? "保存できませんでした。", ...unplaced].join(" "),
  );
};

const afterSave = async (state: FormState, id: number): Promise<void> => {
  const { env } = state;
  let saved: KRecord | null = null;
  try {
    const res = (await env.rest("/k/v1/record.json", "GET", {
      app: state.app,
      id,
    })) as { record: KRecord };
    saved = res.record;
  } catch {
    saved = null;
  }
  const event: KEvent = {
    type: `${state.prefix}.submit.success`,
    appId: state.app,
    recordId: String(id),
    record: saved ?? {},
  };
  const ret = returnedEvent(await runEvent(env, event));
  env.navigate(
    typeof ret?.url === "string" && ret.url !== ""
      ? ret.url
      : detailUrl(state.app, id, env.ctx.page.mobile),
  );
};

const send = async (state: FormState): Promise<number | null> => {
  const record = requestRecord(state.props, state.record);
  try {
    if (state.recordId === null) {
      const res = (await state.env.rest("/k/v1/record.json", "POST", {
        app: state.app,
        record,
      })) as { id: string };
      return Number(res.id);
    }
    // The revision the page was drawn from: a record someone else saved since is refused
    // (GAIA_CO02), as kintone's edit page does.
    const revision = Object.values(state.record).find(
      (f) => f.type === "__REVISION__",
    )?.value;
    await state.env.rest("/k/v1/record.json", "PUT", {
      app: state.app,
      id: state.recordId,
      record,
      ...(revision === undefined ? {} : { revision }),
    });
    return state.recordId;
  } catch (error) {
    showServerErrors(state, error);
    return null;
  }
};

const cancelMessage = (ret: KEvent | null, failed: boolean): string | null => {
  if (typeof ret?.error === "string" && ret.error !== "") {
    return ret.error;
  }
  return failed
    ? "カスタマイズの処理でエラーが発生したため、保存を中止しました。"
    : null;
};

const submit = async (state: FormState): Promise<boolean> => {
  await state.queue;
  clearErrors(state);
  const result = await runEvent(
    state.env,
    baseEvent(state, `${state.prefix}.submit`),
  );
  const ret = returnedEvent(result);
  if (ret !== null) {
    applyRecord(state, ret.record, false);
  }
  if (cancels(result)) {
    state.frame.alert(cancelMessage(ret, result.failed));
    return false;
  }
  const id = await send(state);
  if (id === null) {
    return false;
  }
  await afterSave(state, id);
  return true;
};

/** 保存: the submit handlers may change values, cancel (false, event.error, a field error) or wait. */
export const save = (state: FormState): Promise<boolean> => {
  if (state.saving) {
    return Promise.resolve(false);
  }
  state.saving = true;
  state.frame.busy(true);
  return submit(state).finally(() => {
    state.saving = false;
    state.frame.busy(false);
  });
};

const buttons = (state: FormState): HTMLElement => {
  const { env } = state;
  const back =
    state.recordId === null
      ? listUrl(state.app, env.ctx.page.mobile)
      : detailUrl(state.app, state.recordId, env.ctx.page.mobile);
  return h(
    "div",
    { class: "sb-actions" },
    h(
      "button",
      {
        type: "button",
        class: "sb-button sb-primary",
        onclick: () => detach(save(state)),
      },
      "保存",
    ),
    h(
      "button",
      {
        type: "button",
        class: "sb-button sb-quiet",
        onclick: () => env.navigate(back),
      },
      "キャンセル",
    ),
  );
};

const publish = (
  state: FormState,
  placed: ReturnType<typeof placeLayout>,
): void => {
  const { ctx } = state.env;
  ctx.screen = state.recordId === null ? "create" : "edit";
  ctx.recordId = state.recordId;
  ctx.getRecord = () => clone(state.record);
  ctx.setRecord = (record) => applyRecord(state, record, true);
  ctx.spaceElement = (id) => placed.spaces.get(id) ?? null;
  ctx.fieldElement = () => null;
  ctx.setFieldShown = (code, shown) => showField(placed, code, shown);
};

/** Draws the form, then fires `…create.show` / `…edit.show` and applies what it returns. */
export const drawForm = async (
  env: Env,
  frame: Frame,
  meta: AppMeta,
  app: number,
  existing: { id: number; record: KRecord } | null,
): Promise<FormState> => {
  const state: FormState = {
    env,
    frame,
    app,
    recordId: existing?.id ?? null,
    props: meta.props,
    record:
      existing === null
        ? initialRecord(meta.props, new Date())
        : clone(existing.record),
    prefix: eventType(
      env,
      existing === null ? "app.record.create" : "app.record.edit",
    ),
    controls: new Map(),
    errors: new Map(),
    tables: new Map(),
    queue: Promise.resolve(),
    saving: false,
  };
  const placed = placeLayout(meta.layout, meta.props, {
    field: (code) => fieldCell(state, code),
    table: (code) => tableCell(state, code),
  });
  const menu = h("div", { class: "sb-header-menu" });
  const headerSpace = h("div", { class: "sb-header-space" });
  frame.main.append(
    menu,
    headerSpace,
    buttons(state),
    placed.root,
    buttons(state),
  );
  publish(state, placed);
  env.ctx.headerMenuSpace = menu;
  env.ctx.headerSpace = headerSpace;
  const show = baseEvent(state, `${state.prefix}.show`);
  if (existing === null) {
    show.reuse = false;
  }
  const ret = returnedEvent(await runEvent(env, show));
  if (ret !== null) {
    applyRecord(state, ret.record, true);
    if (typeof ret.error === "string" && ret.error !== "") {
      frame.alert(ret.error);
    }
  }
  return state;
};
