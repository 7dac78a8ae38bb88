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

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

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
): SafeHtml => ({
  safeHtml: strings.reduce(
    (out, s, i) => out + s + (i < values.length ? render(values[i]) : ""),
    "",
  ),
});

/** Trusted markup written in this code base (never user input). */
export const trusted = (markup: string): SafeHtml => ({ safeHtml: markup });
