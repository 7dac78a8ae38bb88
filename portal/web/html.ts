/**
 * HTML by tagged template: every interpolated value is escaped unless it is already SafeHtml
 * (made by this module), and arrays are joined. Pages are plain server-rendered HTML.
 */
export interface SafeHtml {
  readonly safeHtml: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const SPECIAL = /[&<>"']/;

/** Most values (numbers, dates, Japanese text) have nothing to escape: returned as they are. */
export const escapeHtml = (s: string): string =>
  SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : s;

const isSafe = (v: unknown): v is SafeHtml =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as SafeHtml).safeHtml === "string";

const render = (v: unknown): string => {
  if (v === null || v === undefined || v === false) {
    return "";
  }
  if (Array.isArray(v)) {
    return v.map(render).join("");
  }
  return isSafe(v) ? v.safeHtml : escapeHtml(String(v));
};

export const html = (
  strings: TemplateStringsArray,
  ...values: unknown[]
): SafeHtml => {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i += 1) {
    out += render(values[i]) + (strings[i + 1] ?? "");
  }
  return { safeHtml: out };
};

/** Trusted markup written in this code base (never user input). */
export const trusted = (markup: string): SafeHtml => ({ safeHtml: markup });
