/**
 * kintone's query language, the part the project writes: a string literal. No I/O, no
 * dependency, so the customizations' bundles can use it too.
 * https://cybozu.dev/ja/kintone/docs/overview/query
 */

/** A kintone query string literal: in double quotes, `\` and `"` escaped with a backslash. */
export const quoteQueryValue = (v: string): string =>
  `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
