/** The frame every page is drawn in: the top bar, the message area, the main column. */
import type { PageContext } from "../context.ts";
import { clear, h } from "../dom.ts";
import type { Rest } from "../rest.ts";
import { RestError } from "../rest.ts";
import type { FieldProperties, LayoutItem } from "../types.ts";
import { portalUrl } from "../urls.ts";

export interface Frame {
  main: HTMLElement;
  /** Shows a message at the top of the page (event.error, server errors); null hides it. */
  alert: (message: string | null) => void;
  busy: (on: boolean) => void;
}

export const drawFrame = (ctx: PageContext, title: string): Frame => {
  const root =
    document.getElementById("sandbox-root") ??
    document.body.appendChild(h("div"));
  root.id = "sandbox-root";
  clear(root);
  document.body.classList.toggle("sb-mobile", ctx.page.mobile);
  const alertBox = h("div", { class: "sb-alert", role: "alert", hidden: true });
  const busy = h(
    "div",
    { class: "sb-busy", hidden: true, "aria-live": "polite" },
    "処理中…",
  );
  const content = h("div", { class: "sb-content" });
  const logout = h(
    "form",
    { method: "post", action: "/logout", class: "sb-logout" },
    h("input", {
      type: "hidden",
      name: "__REQUEST_TOKEN__",
      value: ctx.page.requestToken,
    }),
    h("button", { type: "submit", class: "sb-button sb-quiet" }, "ログアウト"),
  );
  root.append(
    h(
      "header",
      { class: "sb-top" },
      h(
        "a",
        { href: portalUrl(ctx.page.mobile), class: "sb-brand" },
        "ローカル kintone",
      ),
      h("span", { class: "sb-user" }, ctx.page.user.name),
      logout,
    ),
    h(
      "main",
      { class: "sb-main" },
      h("h1", { class: "sb-title" }, title),
      alertBox,
      busy,
      content,
    ),
  );
  document.title = `${title} - ローカル kintone`;
  return {
    main: content,
    alert: (message) => {
      alertBox.textContent = message ?? "";
      alertBox.hidden = message === null || message === "";
    },
    busy: (on) => {
      busy.hidden = !on;
    },
  };
};

/** The message of a REST failure for people (the server's Japanese message when it has one). */
export const messageOf = (error: unknown): string => {
  if (error instanceof RestError) {
    return error.message !== ""
      ? error.message
      : `エラーが発生しました（${error.status}）。`;
  }
  return error instanceof Error ? error.message : String(error);
};

export interface AppMeta {
  name: string;
  props: FieldProperties;
  layout: LayoutItem[];
}

export const loadAppMeta = async (
  rest: Rest,
  app: number,
): Promise<AppMeta> => {
  const [info, fields, layout] = await Promise.all([
    rest("/k/v1/app.json", "GET", { id: app }) as Promise<{ name: string }>,
    rest("/k/v1/app/form/fields.json", "GET", { app }) as Promise<{
      properties: FieldProperties;
    }>,
    rest("/k/v1/app/form/layout.json", "GET", { app }) as Promise<{
      layout: LayoutItem[];
    }>,
  ]);
  return { name: info.name, props: fields.properties, layout: layout.layout };
};
