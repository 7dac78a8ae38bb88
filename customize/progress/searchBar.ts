// The progress app's (認定進捗) search bar for city clerks, on the desktop and mobile record
// lists: one box taking either search method of the portal, read by domain/'s parseSearchText;
// the list is shown filtered through the list URL's `?query=`, as kintone documents
// (https://cybozu.dev/ja/kintone/docs/js-api/app/ "URL内のクエリで、表示するレコードの条件を指定する").
// Only kintone's documented JS API and the DOM are used.
import {
  parseSearchText,
  searchTextOf,
  type SearchText,
} from "../../domain/searchKeys.ts";
import { quoteQueryValue } from "../../kintone/query.ts";
import { onEvent, type KintoneEvent } from "../lib/events.ts";

export type Device = "desktop" | "mobile";

// ---------------------------------------------------------------------------------------------
// Pure parts: the box's text to a kintone query, a query back to the box's text, the list URL.

/**
 * The kintone query over the progress app's derived keys for a search: the whole 被保険者番号
 * when one was typed, else its last 6 digits; 申請日 (MMDD) and 生年月日 (YYYYMMDD) together.
 */
export const searchQueryOf = (s: SearchText): string => {
  if (s.method === "dates") {
    return `applicationDateMMDD = ${quoteQueryValue(s.applicationDateMMDD)} and birthDateYMD = ${quoteQueryValue(s.birthDateYMD)}`;
  }
  return s.insuredNo === undefined
    ? `insuredNoLast6 = ${quoteQueryValue(s.insuredNoLast6)}`
    : `insuredNo = ${quoteQueryValue(s.insuredNo)}`;
};

export type SearchBoxResult =
  | { ok: true; search: SearchText; query: string }
  | { ok: false; message: string };

/** What the box holds, read as the portal reads it: the query to show, or a short message. */
export const readSearchBox = (input: string): SearchBoxResult => {
  const r = parseSearchText(input);
  return r.ok
    ? { ok: true, search: r.value, query: searchQueryOf(r.value) }
    : { ok: false, message: r.problems.map((p) => p.message).join(" ") };
};

const QUERY_FORMS = [
  /insuredNo = "([0-9H]{10})"/,
  /insuredNoLast6 = "(\d{6})"/,
  /applicationDateMMDD = "(\d{4})" and birthDateYMD = "(\d{8})"/,
];

/**
 * The box's text for the list's current query when that query is (or, `within` a longer
 * condition such as a view's filter joined with it, holds) one this bar made; else "".
 */
export const searchTextOfQuery = (
  query: string | null | undefined,
  within = false,
): string => {
  if (query === null || query === undefined) {
    return "";
  }
  for (const form of QUERY_FORMS) {
    const m = form.exec(query);
    if (m) {
      const text = m.slice(1).join(" ");
      const r = readSearchBox(text);
      if (r.ok && (within || r.query === query.trim())) {
        return searchTextOf(r.search);
      }
    }
  }
  return "";
};

/** The list URL showing `query` (null: every record), in the same view, from its first page. */
export const listUrlWith = (href: string, query: string | null): string => {
  const url = new URL(href);
  url.searchParams.delete("offset");
  url.hash = "";
  if (query === null) {
    url.searchParams.delete("query");
  } else {
    url.searchParams.set("query", query);
  }
  return url.toString();
};

// ---------------------------------------------------------------------------------------------
// The DOM.

const BAR_CLASS = "kn-search";
const STYLE_ID = "kn-search-style";

const CSS = `
.${BAR_CLASS}{box-sizing:border-box;margin:8px 0 12px;padding:12px;max-width:720px;background:#fff;border:1px solid #d8d8d8;border-radius:6px;font-size:16px;line-height:1.5;color:#333}
.${BAR_CLASS} *{box-sizing:border-box}
.${BAR_CLASS}__label{display:block;font-weight:bold;margin:0 0 4px}
.${BAR_CLASS}__row{display:flex;gap:8px;align-items:stretch}
.${BAR_CLASS}__input{flex:1 1 auto;min-width:0;min-height:44px;padding:8px 10px;font-size:16px;border:1px solid #888;border-radius:4px}
.${BAR_CLASS}__input[aria-invalid="true"]{border-color:#c00;outline-color:#c00}
.${BAR_CLASS}__button{flex:0 0 auto;min-width:64px;min-height:44px;padding:0 12px;font-size:16px;border:1px solid #3498db;border-radius:4px;background:#fff;color:#1f6fa8;cursor:pointer}
.${BAR_CLASS}__button--primary{background:#3498db;color:#fff}
.${BAR_CLASS}__hint{margin:6px 0 0;font-size:14px;color:#555}
.${BAR_CLASS}__keyboard{min-height:44px;margin-top:4px;padding:0 12px;font-size:14px;border:1px solid #aaa;border-radius:4px;background:#f7f7f7;color:#333}
.${BAR_CLASS}__message{margin:6px 0 0;font-size:14px}
.${BAR_CLASS}__message--error{color:#c00;font-weight:bold}
`;

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string>,
  text = "",
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  if (text !== "") {
    node.textContent = text;
  }
  return node;
};

const addStyle = (): void => {
  if (document.getElementById(STYLE_ID) === null) {
    const style = el("style", { id: STYLE_ID }, CSS);
    document.head.append(style);
  }
};

export interface SearchBarOptions {
  device: Device;
  /** The box's text for the list's current search ("" when there is none). */
  current: string;
  /** How many records the list shows (null: unknown), to say when a search found nobody. */
  shown: number | null;
  /** Whether the list's view narrows it too (a search finds only the records of that view). */
  narrowed?: boolean;
  /** The list page's URL. */
  href: string;
  /** Goes to a list URL (the page reloads with the new query). */
  navigate: (url: string) => void;
}

const HINT =
  "被保険者番号（6桁か10桁）、または申請日（4桁）と生年月日（8桁）を空白で区切って入力します。例：123456、0105 19500102";

const statusOf = (o: SearchBarOptions): string => {
  if (o.current === "") {
    return "";
  }
  if (o.shown !== 0) {
    return `「${o.current}」の検索結果を表示しています。`;
  }
  return o.narrowed === true
    ? `「${o.current}」に該当する申請はこの一覧にはありません。絞り込みのない一覧に切り替えてお試しください。`
    : `「${o.current}」に該当する申請はありません。番号や日付をご確認ください。`;
};

/**
 * On a phone a numeric keyboard has no space, letters nor kanji: a button switches the box
 * between it and the full keyboard (for 和暦 such as S25.1.2).
 */
const keyboardToggle = (input: HTMLInputElement): HTMLButtonElement => {
  const button = el(
    "button",
    {
      type: "button",
      class: `${BAR_CLASS}__keyboard`,
      "aria-pressed": "false",
    },
    "和暦・文字を入力",
  );
  button.addEventListener("click", () => {
    const numeric = input.getAttribute("inputmode") === "numeric";
    input.setAttribute("inputmode", numeric ? "text" : "numeric");
    button.setAttribute("aria-pressed", String(numeric));
    button.textContent = numeric ? "数字だけを入力" : "和暦・文字を入力";
    input.focus();
  });
  return button;
};

/** The search bar's form, wired: 検索 shows the matching records, クリア every record. */
export const createSearchBar = (o: SearchBarOptions): HTMLFormElement => {
  const id = `${BAR_CLASS}-input-${o.device}`;
  const form = el("form", {
    class: `${BAR_CLASS} ${BAR_CLASS}--${o.device}`,
    role: "search",
    "aria-label": "対象者の検索",
    novalidate: "",
  });
  const label = el(
    "label",
    { for: id, class: `${BAR_CLASS}__label` },
    "対象者の検索",
  );
  const input = el("input", {
    id,
    type: "search",
    class: `${BAR_CLASS}__input`,
    name: "kn-search",
    inputmode: "numeric",
    autocomplete: "off",
    enterkeyhint: "search",
    placeholder: "例：123456 / 0105 19500102",
    "aria-describedby": `${id}-hint ${id}-message`,
  });
  input.value = o.current;
  const search = el(
    "button",
    {
      type: "submit",
      class: `${BAR_CLASS}__button ${BAR_CLASS}__button--primary`,
    },
    "検索",
  );
  const clear = el(
    "button",
    { type: "button", class: `${BAR_CLASS}__button` },
    "クリア",
  );
  const hint = el("p", { id: `${id}-hint`, class: `${BAR_CLASS}__hint` }, HINT);
  const message = el(
    "p",
    {
      id: `${id}-message`,
      class: `${BAR_CLASS}__message`,
      "aria-live": "polite",
    },
    statusOf(o),
  );
  const say = (text: string, error: boolean): void => {
    message.textContent = text;
    message.classList.toggle(`${BAR_CLASS}__message--error`, error);
    input.setAttribute("aria-invalid", String(error));
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const r = readSearchBox(input.value);
    if (!r.ok) {
      say(r.message, true);
      input.focus();
      return;
    }
    say("検索しています…", false);
    o.navigate(listUrlWith(o.href, r.query));
  });
  clear.addEventListener("click", () => {
    input.value = "";
    say("", false);
    // Any query in the URL, this bar's or another's, is left for the list of every record.
    if (new URL(o.href).searchParams.has("query")) {
      o.navigate(listUrlWith(o.href, null));
    }
  });
  form.append(label, el("div", { class: `${BAR_CLASS}__row` }));
  form.lastElementChild?.append(input, search, clear);
  form.append(hint);
  if (o.device === "mobile") {
    form.append(keyboardToggle(input));
  }
  form.append(message);
  return form;
};

/** Puts the bar first in the header space, replacing the one an earlier show event put there. */
export const mountSearchBar = (
  space: HTMLElement,
  o: SearchBarOptions,
): HTMLFormElement => {
  addStyle();
  space.querySelector(`:scope > .${BAR_CLASS}`)?.remove();
  const bar = createSearchBar(o);
  space.prepend(bar);
  return bar;
};

// ---------------------------------------------------------------------------------------------
// kintone.

interface IndexShowEvent extends KintoneEvent {
  records?: unknown[];
}

/**
 * The list's condition (its view's filter and the URL's query); "" when kintone cannot give it
 * (its documented errors, e.g. a filter naming a deleted user): the bar still shows.
 */
const queryCondition = (device: Device): string => {
  try {
    return (
      (device === "mobile"
        ? kintone.mobile.app.getQueryCondition()
        : kintone.app.getQueryCondition()) ?? ""
    );
  } catch {
    return "";
  }
};

/** The list's current search, and whether its view's filter narrows the list as well. */
const currentSearch = (
  device: Device,
): { current: string; narrowed: boolean } => {
  const fromUrl = new URLSearchParams(window.location.search).get("query");
  const condition = queryCondition(device);
  const narrowed =
    condition.trim() !== "" && condition.trim() !== (fromUrl ?? "").trim();
  const current = searchTextOfQuery(fromUrl);
  return {
    current: current === "" ? searchTextOfQuery(condition, true) : current,
    narrowed,
  };
};

/**
 * Registers, for the progress app's record list (`app.record.index.show` on the desktop,
 * `mobile.app.record.index.show` on a phone), the handler that puts the search bar at the top
 * of the list, in the header space kintone gives customizations. It registers through the
 * customizations' one wrapper of `kintone.events.on` (a failure becomes a Japanese notice and
 * leaves the list as it is).
 */
export const installSearchBar = (device: Device): void => {
  const type =
    device === "mobile"
      ? "mobile.app.record.index.show"
      : "app.record.index.show";
  onEvent<IndexShowEvent>(type, (event) => {
    const space =
      device === "mobile"
        ? kintone.mobile.app.getHeaderSpaceElement()
        : kintone.app.getHeaderSpaceElement();
    if (space !== null) {
      mountSearchBar(space, {
        device,
        ...currentSearch(device),
        shown: Array.isArray(event.records) ? event.records.length : null,
        href: window.location.href,
        navigate: (url) => {
          window.location.assign(url);
        },
      });
    }
    return event;
  });
};
