/** Small DOM and record helpers shared by the plugin's screens (no framework on kintone's pages). */

/** An element with attributes and children. */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};

/** A field's text value, "" when empty, absent or not text. */
export const textOf = (
  r: Readonly<Record<string, { value: unknown }>>,
  code: string,
): string => {
  const v = r[code]?.value;
  return typeof v === "string" ? v : "";
};
