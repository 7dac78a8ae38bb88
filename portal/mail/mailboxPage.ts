/**
 * The dev-only mailbox page: every caught mail, newest first, with its subject, recipients,
 * time and text body (links clickable). A pure function of the messages; the server mounts it
 * at /dev/mailbox only when the dev mailbox is enabled. All text is HTML-escaped.
 */
import type { CaughtMail } from "./catcher.ts";
import { escapeHtml, linkifyText } from "./html.ts";

export interface MailboxPageOptions {
  /** When given, a form posting here offers to delete all messages. */
  clearAction?: string;
  /** A stylesheet to link instead of the small inline <style> (for a CSP without inline styles). */
  stylesheetHref?: string;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.6; color: #1a1a1a; }
.banner { background: #fff3cd; border: 2px solid #8a6d00; padding: .75rem 1rem; font-weight: bold; }
article { border: 1px solid #767676; border-radius: .25rem; margin: 1rem 0; padding: 0 1rem 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .5rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; padding: .75rem; margin: 0; }
a { color: #0645ad; }
`;

const timeFormat = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

const renderMail = (mail: CaughtMail): string =>
  [
    "<article>",
    `<h2>${escapeHtml(mail.subject === "" ? "（件名なし）" : mail.subject)}</h2>`,
    "<dl>",
    `<dt>宛先</dt><dd>${escapeHtml(mail.to.join(", "))}</dd>`,
    `<dt>差出人</dt><dd>${escapeHtml(mail.from)}</dd>`,
    `<dt>受信日時</dt><dd><time datetime="${escapeHtml(mail.receivedAt.toISOString())}">${escapeHtml(timeFormat.format(mail.receivedAt))}</time></dd>`,
    "</dl>",
    `<pre>${linkifyText(mail.text)}</pre>`,
    "</article>",
  ].join("\n");

const renderClear = (action: string | undefined): string =>
  action === undefined
    ? ""
    : `<form method="post" action="${escapeHtml(action)}"><button type="submit">すべて削除</button></form>`;

/** The whole page (HTML5, lang="ja"). */
export const renderMailboxPage = (
  messages: readonly CaughtMail[],
  options: MailboxPageOptions = {},
): string => {
  // Reversed first, so messages caught in the same millisecond stay newest first.
  const newestFirst = [...messages]
    .reverse()
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  const head =
    options.stylesheetHref === undefined
      ? `<style>${STYLE}</style>`
      : `<link rel="stylesheet" href="${escapeHtml(options.stylesheetHref)}">`;
  const body =
    newestFirst.length === 0
      ? "<p>受信したメールはありません。</p>"
      : newestFirst.map(renderMail).join("\n");
  return [
    "<!doctype html>",
    '<html lang="ja">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex">',
    "<title>開発用の受信箱</title>",
    head,
    "</head>",
    "<body>",
    "<main>",
    '<p class="banner" role="note">開発用の受信箱です（本番では無効）</p>',
    "<h1>受信箱</h1>",
    `<p>${newestFirst.length}件</p>`,
    renderClear(options.clearAction),
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
};
