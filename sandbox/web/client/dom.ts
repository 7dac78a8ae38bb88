/** A small helper to build DOM by hand (the project has no UI framework; none is needed here). */

type AttrValue = string | number | boolean | null | undefined;
type Listener = (event: Event) => void;
export type Attrs = Record<string, AttrValue | Listener>;
export type Child = Node | string | null | undefined | false;

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") {
      el.addEventListener(key.replace(/^on/u, ""), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (value !== false && value !== null && value !== undefined) {
      el.setAttribute(key, String(value));
    }
  }
  append(el, ...children);
  return el;
};

export const append = (parent: Node, ...children: Child[]): void => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(
      typeof child === "string" ? document.createTextNode(child) : child,
    );
  }
};

export const clear = (el: Element): void => {
  el.replaceChildren();
};

/** Plain text of an HTML fragment (kintone LABEL fields hold HTML; shown here as text). */
export const textOfHtml = (html: string): string =>
  new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";

/** Runs a promise from an event listener, reporting a failure to the console. */
export const detach = (promise: Promise<unknown>): void => {
  promise.catch((error: unknown) => {
    console.error(error);
  });
};
