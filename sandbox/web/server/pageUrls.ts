/**
 * kintone's page URLs (sandbox/web/README.md, "Page URLs") → which page to render. The desktop
 * record id and edit mode live in the URL's hash (`#record=ID&mode=edit`), which browsers do not
 * send: the client reads them.
 */

export type PageKind = "portal" | "index" | "show" | "edit" | "pluginConfig";

export interface PageTarget {
  page: PageKind;
  mobile: boolean;
  appId: number | null;
  recordId: string | null;
  viewId: string | null;
  query: string | null;
  pluginId: string | null;
}

const APP_PAGES: ReadonlyArray<[RegExp, PageKind, boolean]> = [
  [/^\/k\/(\d+)\/?$/, "index", false],
  [/^\/k\/(\d+)\/show$/, "show", false],
  [/^\/k\/(\d+)\/edit$/, "edit", false],
  [/^\/k\/m\/(\d+)\/?$/, "index", true],
  [/^\/k\/m\/(\d+)\/show$/, "show", true],
  [/^\/k\/m\/(\d+)\/edit$/, "edit", true],
  [/^\/k\/admin\/app\/(\d+)\/plugin\/config\/?$/, "pluginConfig", false],
];

const param = (url: URL, name: string): string | null => {
  const v = url.searchParams.get(name);
  return v === null || v === "" ? null : v;
};

/** The page a URL names, or undefined when it names none. */
export const pageOf = (url: URL): PageTarget | undefined => {
  const base = {
    appId: null,
    recordId: null,
    viewId: param(url, "view"),
    query: param(url, "query"),
    pluginId: null,
  };
  if (url.pathname === "/k/") {
    return { ...base, page: "portal", mobile: false };
  }
  if (url.pathname === "/k/m/" || url.pathname === "/k/m") {
    return { ...base, page: "portal", mobile: true };
  }
  for (const [pattern, page, mobile] of APP_PAGES) {
    const m = pattern.exec(url.pathname);
    if (m) {
      return {
        ...base,
        page,
        mobile,
        appId: Number(m[1]),
        recordId: mobile ? param(url, "record") : null,
        pluginId: page === "pluginConfig" ? param(url, "pluginId") : null,
      };
    }
  }
  return undefined;
};

/** A `?redirect=` target that stays on this server: a path, not `//host` or a URL. */
export const localTarget = (raw: string | null | undefined): string | null =>
  typeof raw === "string" &&
  /^\/(?![/\\])/.test(raw) &&
  ![...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
    ? raw
    : null;

export const PORTAL_URL = "/k/#/portal";
