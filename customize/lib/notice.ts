/**
 * A notice at the top of the page for what belongs to no single field: warnings that do not
 * block saving, and the message of a customization that failed. One element per key, replaced
 * on each call and removed when there is nothing to say.
 */
export type NoticeKind = "error" | "warning";

const STYLE: Record<NoticeKind, string> = {
  error: "background:#fdecea;border:1px solid #e74c3c;color:#a4281b",
  warning: "background:#fff8e1;border:1px solid #f0ad4e;color:#6b4c00",
};

const TITLE: Record<NoticeKind, string> = {
  error: "エラー",
  warning: "確認してください（保存はできます）",
};

const idOf = (key: string): string => `kaigo-notice-${key}`;

/** Shows `lines` under a title in the notice `key`; no lines removes it. */
export const showNotice = (
  key: string,
  kind: NoticeKind,
  lines: readonly string[],
): void => {
  const old = document.getElementById(idOf(key));
  if (lines.length === 0) {
    old?.remove();
    return;
  }
  const box = document.createElement("div");
  box.id = idOf(key);
  box.className = `kaigo-notice kaigo-notice-${kind}`;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.setAttribute(
    "style",
    `${STYLE[kind]};position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:10000;` +
      "max-width:min(640px,calc(100vw - 16px));padding:8px 36px 8px 12px;border-radius:4px;" +
      "font-size:14px;line-height:1.5;box-shadow:0 2px 6px rgba(0,0,0,.15)",
  );
  const title = document.createElement("strong");
  title.textContent = TITLE[kind];
  box.append(title);
  const list = document.createElement("ul");
  list.setAttribute("style", "margin:4px 0 0;padding-left:1.2em");
  for (const line of lines) {
    const item = document.createElement("li");
    item.textContent = line;
    list.append(item);
  }
  box.append(list);
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", "閉じる");
  close.setAttribute(
    "style",
    "position:absolute;top:4px;right:6px;border:0;background:none;font-size:18px;cursor:pointer;color:inherit",
  );
  close.addEventListener("click", () => {
    box.remove();
  });
  box.append(close);
  if (old) {
    old.replaceWith(box);
  } else {
    document.body.append(box);
  }
};
