// The progress app's search bar for city clerks, desktop and mobile: one box taking either search
// method of the portal; the list is shown filtered by kintone's list-URL `?query=`.
import {
  parseDatesSearch,
  parseInsuredNoSearch,
  type SearchQuery,
} from "../../domain/searchKeys.ts";

export type Device = "desktop" | "mobile";

/** Escape a value for a kintone query string literal (double quotes). */
export const quoteQueryValue = (v: string): string =>
  `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** The kintone query condition for a parsed search. */
export const queryOf = (q: SearchQuery): string =>
  q.method === "insuredNo"
    ? `insuredNoLast6 = ${quoteQueryValue(q.insuredNoLast6)}`
    : `applicationDateMMDD = ${quoteQueryValue(q.applicationDateMMDD)} and birthDateYMD = ${quoteQueryValue(q.birthDateYMD)}`;

/** Parse the one box: "123456" / 10 digits, or "MMDD YYYYMMDD". */
export const parseSearchBox = (
  input: string,
): { ok: true; value: SearchQuery } | { ok: false; message: string } => {
  const parts = input.trim().split(/[\s\u3000]+/);
  const r =
    parts.length === 2
      ? parseDatesSearch({
          applicationDate: parts[0] ?? "",
          birthDate: parts[1] ?? "",
        })
      : parseInsuredNoSearch(input);
  return r.ok
    ? r
    : {
        ok: false,
        message: r.problems.map((p) => p.message).join(" "),
      };
};

const mount = (space: HTMLElement, device: Device): void => {
  space.querySelector(".kn-search-bar")?.remove();
  const form = document.createElement("form");
  form.className = "kn-search-bar";
  const input = document.createElement("input");
  input.type = "search";
  input.setAttribute("aria-label", "検索");
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = "検索";
  const message = document.createElement("span");
  form.append(input, button, message);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const r = parseSearchBox(input.value);
    if (!r.ok) {
      message.textContent = r.message;
      return;
    }
    const url = new URL(location.href);
    url.searchParams.set("query", queryOf(r.value));
    location.assign(url.toString());
  });
  form.dataset.device = device;
  space.prepend(form);
};

/** Register the list-page handler that mounts the search bar into the header space. */
export const installSearchBar = (device: Device): void => {
  const event =
    device === "mobile"
      ? "mobile.app.record.index.show"
      : "app.record.index.show";
  kintone.events.on(event, (event_) => {
    const space =
      device === "mobile"
        ? kintone.mobile.app.getHeaderSpaceElement()
        : kintone.app.getHeaderSpaceElement();
    if (space) {
      mount(space, device);
    }
    return event_;
  });
};
