/**
 * The record detail page: fields placed by the form layout, process management (status,
 * assignees, actions), comments, edit and delete, and kintone's detail events.
 */
import { clone } from "../clone.ts";
import { detach, h } from "../dom.ts";
import { returnedEvent } from "../events.ts";
import type { KEvent, KRecord, RecordField } from "../types.ts";
import { editUrl, listUrl } from "../urls.ts";
import { drawComments } from "./comments.ts";
import { displayNode } from "./display.ts";
import { cancels, eventType, runEvent } from "./env.ts";
import type { Env } from "./env.ts";
import { placeLayout, showField } from "./layout.ts";
import { drawProcess } from "./process.ts";
import type { AppMeta, Frame } from "./shell.ts";
import { messageOf } from "./shell.ts";

export interface DetailPage {
  app: number;
  id: number;
  record: KRecord;
}

const field = (
  meta: AppMeta,
  record: KRecord,
  code: string,
  values: Map<string, HTMLElement>,
): HTMLElement | null => {
  const prop = meta.props[code];
  const value = record[code];
  if (prop === undefined || value === undefined) {
    return null;
  }
  const el = h("div", { class: "sb-value" }, displayNode(value, prop));
  values.set(code, el);
  return h(
    "div",
    { class: "sb-cell sb-field", "data-code": code },
    prop.noLabel === true
      ? null
      : h("div", { class: "sb-field-label" }, prop.label),
    el,
  );
};

/** 削除: confirm, `…detail.delete.submit` (false / event.error cancel), then DELETE. */
export const deleteRecord = async (
  env: Env,
  frame: Frame,
  page: DetailPage,
): Promise<boolean> => {
  if (!env.confirm("このレコードを削除しますか？")) {
    return false;
  }
  const event: KEvent = {
    type: eventType(env, "app.record.detail.delete.submit"),
    appId: page.app,
    recordId: page.id,
    record: clone(page.record),
  };
  const result = await runEvent(env, event);
  if (cancels(result)) {
    const error = returnedEvent(result)?.error;
    frame.alert(typeof error === "string" && error !== "" ? error : null);
    return false;
  }
  try {
    await env.rest("/k/v1/records.json", "DELETE", {
      app: page.app,
      ids: [page.id],
    });
  } catch (error) {
    frame.alert(`削除できませんでした。${messageOf(error)}`);
    return false;
  }
  const after = returnedEvent(
    await runEvent(env, {
      type: eventType(env, "app.record.detail.delete.submit.success"),
      appId: page.app,
      recordId: String(page.id),
    }),
  );
  env.navigate(
    typeof after?.url === "string" && after.url !== ""
      ? after.url
      : listUrl(page.app, env.ctx.page.mobile),
  );
  return true;
};

const toolbar = (
  env: Env,
  frame: Frame,
  page: DetailPage,
): { bar: HTMLElement; menu: HTMLElement } => {
  const menu = h("div", { class: "sb-header-menu" });
  const bar = h(
    "div",
    { class: "sb-toolbar" },
    h(
      "a",
      { class: "sb-button", href: listUrl(page.app, env.ctx.page.mobile) },
      "一覧へ",
    ),
    h(
      "a",
      {
        class: "sb-button sb-primary",
        href: editUrl(page.app, page.id, env.ctx.page.mobile),
      },
      "編集する",
    ),
    h(
      "button",
      {
        type: "button",
        class: "sb-button sb-danger",
        onclick: () => detach(deleteRecord(env, frame, page)),
      },
      "削除する",
    ),
    menu,
  );
  return { bar, menu };
};

/** Draws the detail page and fires `…detail.show`. */
export const drawDetail = async (
  env: Env,
  frame: Frame,
  meta: AppMeta,
  page: DetailPage,
): Promise<void> => {
  const { ctx } = env;
  const values = new Map<string, HTMLElement>();
  const { bar, menu } = toolbar(env, frame, page);
  const headerSpace = h("div", { class: "sb-header-space" });
  const placed = placeLayout(meta.layout, meta.props, {
    field: (code) => field(meta, page.record, code, values),
    table: (code) => field(meta, page.record, code, values),
  });
  const side = h("aside", { class: "sb-side" });
  frame.main.append(
    bar,
    headerSpace,
    h(
      "div",
      { class: "sb-detail" },
      h("div", { class: "sb-detail-main" }, placed.root),
      side,
    ),
  );
  await drawProcess(env, frame, side, page);
  drawComments(env, side, page.app, page.id);
  ctx.screen = "detail";
  ctx.recordId = page.id;
  ctx.headerMenuSpace = menu;
  ctx.headerSpace = headerSpace;
  ctx.getRecord = () => clone(page.record);
  ctx.fieldElement = (code) => values.get(code) ?? null;
  ctx.spaceElement = (id) => placed.spaces.get(id) ?? null;
  ctx.setFieldShown = (code, shown) => showField(placed, code, shown);
  const ret = returnedEvent(
    await runEvent(env, {
      type: eventType(env, "app.record.detail.show"),
      appId: page.app,
      recordId: page.id,
      record: clone(page.record),
    }),
  );
  if (typeof ret?.error === "string" && ret.error !== "") {
    frame.alert(ret.error);
  }
};

export const loadRecord = async (
  env: Env,
  app: number,
  id: number,
): Promise<KRecord> => {
  const res = (await env.rest("/k/v1/record.json", "GET", { app, id })) as {
    record: KRecord;
  };
  return res.record;
};

export type { RecordField };
