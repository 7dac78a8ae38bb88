/**
 * The record list: the app's views (`app/views.json`: columns, filter, sort), a view switcher,
 * a query box, paging, the record count, links to the detail page, and `…index.show`.
 */
import { h } from "../dom.ts";
import type { FieldProperties, KRecord, LayoutItem } from "../types.ts";
import { createUrl, detailUrl, listUrl } from "../urls.ts";
import { displayNode } from "./display.ts";
import { eventType, runEvent } from "./env.ts";
import type { Env } from "./env.ts";
import type { AppMeta, Frame } from "./shell.ts";
import { messageOf } from "./shell.ts";

interface View {
  type: string;
  name: string;
  id: string;
  filterCond?: string;
  sort?: string;
  index: string;
  fields?: string[];
  html?: string;
  pager?: boolean;
}

export const PAGE_SIZE = 20;

const SYSTEM = new Set([
  "RECORD_NUMBER",
  "__ID__",
  "__REVISION__",
  "STATUS_ASSIGNEE",
  "CATEGORY",
  "GROUP",
  "REFERENCE_TABLE",
  "SUBTABLE",
  "LABEL",
  "SPACER",
  "HR",
  "FILE",
]);

/** The field codes of a layout, in its order (tables and groups included). */
const layoutCodes = (layout: LayoutItem[]): string[] =>
  layout.flatMap((item) => {
    if (item.type === "GROUP") {
      return layoutCodes(item.layout);
    }
    if (item.type === "SUBTABLE") {
      return [item.code];
    }
    return item.fields.flatMap((f) => (f.code === undefined ? [] : [f.code]));
  });

/** With no view, kintone's （すべて）: the record number, then the form's first fields. */
const defaultView = (meta: AppMeta): View => {
  const number = Object.values(meta.props).find(
    (p) => p.type === "RECORD_NUMBER",
  );
  const fields = layoutCodes(meta.layout).filter((code) => {
    const type = meta.props[code]?.type;
    return type !== undefined && !SYSTEM.has(type);
  });
  return {
    type: "LIST",
    name: "（すべて）",
    id: "",
    index: "0",
    sort: "$id desc",
    fields: [
      ...(number === undefined ? [] : [number.code]),
      ...fields.slice(0, 6),
    ],
  };
};

const joinConditions = (...conds: Array<string | null | undefined>): string =>
  conds
    .filter((c): c is string => typeof c === "string" && c.trim() !== "")
    .map((c, _, all) => (all.length > 1 ? `(${c})` : c))
    .join(" and ");

const chooseView = (
  views: View[],
  viewId: string | null,
  meta: AppMeta,
): View => {
  const sorted = [...views].sort((a, b) => Number(a.index) - Number(b.index));
  return sorted.find((v) => v.id === viewId) ?? sorted[0] ?? defaultView(meta);
};

const switcher = (
  env: Env,
  app: number,
  views: View[],
  current: View,
): HTMLElement => {
  const select = h(
    "select",
    { class: "sb-input", "aria-label": "一覧の切り替え" },
    ...views.map((v) =>
      h("option", { value: v.id, selected: v.id === current.id }, v.name),
    ),
  );
  select.addEventListener("change", () =>
    env.navigate(listUrl(app, env.ctx.page.mobile, { view: select.value })),
  );
  return select;
};

const queryBox = (env: Env, app: number, view: View): HTMLElement => {
  const input = h("input", {
    type: "search",
    name: "query",
    class: "sb-input",
    "aria-label": "絞り込み（クエリ）",
    placeholder: '例: 氏名 like "山田"',
  });
  input.value = env.ctx.page.query ?? "";
  return h(
    "form",
    {
      class: "sb-query",
      role: "search",
      onsubmit: (event: Event) => {
        event.preventDefault();
        env.navigate(
          listUrl(app, env.ctx.page.mobile, {
            view: view.id,
            query: input.value,
          }),
        );
      },
    },
    input,
    h("button", { type: "submit", class: "sb-button" }, "絞り込む"),
  );
};

const pager = (
  env: Env,
  app: number,
  view: View,
  offset: number,
  total: number,
): HTMLElement => {
  const to = (at: number): string =>
    listUrl(app, env.ctx.page.mobile, {
      view: view.id,
      query: env.ctx.page.query,
      sort: sortOf(),
      offset: at === 0 ? null : at,
    });
  const last = Math.min(offset + PAGE_SIZE, total);
  return h(
    "nav",
    { class: "sb-pager", "aria-label": "ページ送り" },
    offset > 0
      ? h(
          "a",
          { class: "sb-button", href: to(Math.max(0, offset - PAGE_SIZE)) },
          "前へ",
        )
      : null,
    h(
      "span",
      { class: "sb-count" },
      total === 0 ? "0 件" : `${offset + 1}〜${last} 件 / 全 ${total} 件`,
    ),
    last < total
      ? h("a", { class: "sb-button", href: to(offset + PAGE_SIZE) }, "次へ")
      : null,
  );
};

const idOf = (record: KRecord): string =>
  String(
    record.$id?.value ??
      Object.values(record).find((f) => f.type === "__ID__")?.value ??
      "",
  );

const table = (
  env: Env,
  app: number,
  viewId: string,
  props: FieldProperties,
  columns: string[],
  records: KRecord[],
  cells: Map<string, HTMLElement[]>,
): HTMLElement => {
  const mobile = env.ctx.page.mobile;
  const rows = records.map((record) => {
    const id = idOf(record);
    const tds = columns.map((code) => {
      const field = record[code];
      const td = h(
        "td",
        { "data-label": props[code]?.label ?? code },
        field === undefined ? "" : displayNode(field, props[code]),
      );
      cells.set(code, [...(cells.get(code) ?? []), td]);
      return td;
    });
    return h(
      "tr",
      {},
      h(
        "td",
        { class: "sb-open" },
        h(
          "a",
          {
            class: "sb-button",
            href: detailUrl(app, id, mobile),
            "aria-label": `レコード ${id} の詳細`,
          },
          "詳細",
        ),
      ),
      ...tds,
    );
  });
  return h(
    "div",
    { class: "sb-table-scroll" },
    h(
      "table",
      { class: `sb-list${mobile ? " sb-cards" : ""}` },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, h("span", { class: "sb-visually-hidden" }, "詳細")),
          ...columns.map((c) => header(env, app, viewId, props, c)),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
};

/** `?sort=<code> asc|desc`: the order a column header asked for (kintone's header sort). */
const sortOf = (): string | null => {
  const raw = new URLSearchParams(window.location.search).get("sort");
  return raw !== null && /^\S+ (asc|desc)$/u.test(raw) ? raw : null;
};

const SORTABLE = new Set([
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "CALC",
  "DATE",
  "DATETIME",
  "TIME",
  "DROP_DOWN",
  "RADIO_BUTTON",
  "RECORD_NUMBER",
  "CREATED_TIME",
  "UPDATED_TIME",
  "LINK",
  "STATUS",
  "CREATOR",
  "MODIFIER",
]);

/** A column header; sortable types link to the list ordered by them (again: the other way). */
const header = (
  env: Env,
  app: number,
  viewId: string,
  props: FieldProperties,
  code: string,
): HTMLElement => {
  const label = props[code]?.label ?? code;
  if (!SORTABLE.has(props[code]?.type ?? "")) {
    return h("th", {}, label);
  }
  const current = sortOf();
  const ascending = current === `${code} asc`;
  const sorted = ascending || current === `${code} desc`;
  const href = listUrl(app, env.ctx.page.mobile, {
    view: viewId,
    query: env.ctx.page.query,
    sort: `${code} ${ascending ? "desc" : "asc"}`,
  });
  let mark = "";
  let ariaSort: string | null = null;
  if (sorted) {
    mark = ascending ? " ▲" : " ▼";
    ariaSort = ascending ? "ascending" : "descending";
  }
  return h(
    "th",
    { "aria-sort": ariaSort },
    h("a", { href, class: "sb-sort" }, label, mark),
  );
};

const offsetOf = (): number => {
  const raw = Number(
    new URLSearchParams(window.location.search).get("offset") ?? "0",
  );
  return Number.isInteger(raw) && raw > 0 ? raw : 0;
};

/** Draws the list and fires `…index.show`. */
export const drawList = async (
  env: Env,
  frame: Frame,
  meta: AppMeta,
  app: number,
): Promise<void> => {
  const { ctx } = env;
  const res = (await env.rest("/k/v1/app/views.json", "GET", { app })) as {
    views: Record<string, View>;
  };
  const views = Object.values(res.views);
  const view = chooseView(views, ctx.page.viewId, meta);
  const offset = offsetOf();
  const condition = joinConditions(view.filterCond, ctx.page.query);
  // kintone lists newest first when a view names no order.
  const viewSort =
    view.sort !== undefined && view.sort !== "" ? view.sort : "$id desc";
  const order = ` order by ${sortOf() ?? viewSort}`;
  const query = `${condition}${order} limit ${PAGE_SIZE} offset ${offset}`;
  const headerSpace = h("div", { class: "sb-header-space" });
  const menu = h("div", { class: "sb-header-menu" });
  frame.main.append(
    h(
      "div",
      { class: "sb-toolbar" },
      views.length > 0 ? switcher(env, app, views, view) : null,
      h(
        "a",
        {
          class: "sb-button sb-primary",
          href: createUrl(app, ctx.page.mobile),
          "aria-label": "レコードを追加する",
        },
        "＋ 追加",
      ),
      menu,
    ),
    queryBox(env, app, view),
    headerSpace,
  );
  let records: KRecord[] = [];
  const cells = new Map<string, HTMLElement[]>();
  if (view.type === "CUSTOM") {
    // A custom view's HTML is the app administrator's own markup, shown as kintone does.
    const custom = h("div", { class: "sb-custom-view" });
    custom.innerHTML = view.html ?? "";
    frame.main.append(custom);
  }
  try {
    const found = (await env.rest("/k/v1/records.json", "GET", {
      app,
      query: query.trim(),
      totalCount: true,
    })) as {
      records: KRecord[];
      totalCount: string | null;
    };
    records = found.records;
    const total = Number(found.totalCount ?? records.length);
    if (view.type !== "CUSTOM") {
      const columns = (view.fields ?? []).filter(
        (c) => meta.props[c] !== undefined,
      );
      frame.main.append(
        records.length === 0
          ? h("p", { class: "sb-muted" }, "表示するレコードがありません。")
          : table(env, app, view.id, meta.props, columns, records, cells),
      );
    }
    frame.main.append(pager(env, app, view, offset, total));
  } catch (error) {
    frame.alert(`レコードを取得できませんでした。${messageOf(error)}`);
  }
  ctx.screen = "index";
  ctx.queryCondition = condition;
  ctx.query = query.trim();
  ctx.headerSpace = headerSpace;
  ctx.headerMenuSpace = menu;
  ctx.fieldElements = (code) => cells.get(code) ?? [];
  await runEvent(env, {
    type: eventType(env, "app.record.index.show"),
    appId: app,
    viewType: view.type.toLowerCase(),
    viewId: view.id === "" ? null : Number(view.id),
    viewName: view.name,
    records,
    offset,
    size: records.length,
    date: null,
  });
};
