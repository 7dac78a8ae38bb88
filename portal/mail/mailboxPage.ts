/**
 * The dev-only mailbox page: every caught mail, newest first, with its subject, recipients,
 * time and text body (links clickable), and among them every mail a limit withheld
 * (「回数制限のため送信しませんでした」: to whom, when, which limit), so that an evaluator sees why
 * no mail came. A pure function of the messages; the server mounts it at /dev/mailbox only when
 * the dev mailbox is enabled. All text is HTML-escaped.
 */
import type { CaughtMail, WithheldMail } from "./catcher.ts";
import { escapeHtml, linkifyText } from "./html.ts";

export interface MailboxPageOptions {
  /** Mails a limit withheld (the catcher's `withheld()`), listed with the caught ones by time. */
  withheld?: readonly WithheldMail[];
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
.withheld { border-style: dashed; background: #fafafa; }
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

/** The heading of a withheld mail's entry. */
export const WITHHELD_TITLE = "回数制限のため送信しませんでした";

const renderWithheld = (w: WithheldMail): string =>
  [
    '<article class="withheld">',
    `<h2>${WITHHELD_TITLE}</h2>`,
    "<dl>",
    `<dt>宛先</dt><dd>${escapeHtml(w.to)}</dd>`,
    `<dt>メール</dt><dd>${escapeHtml(w.what)}</dd>`,
    `<dt>日時</dt><dd><time datetime="${escapeHtml(w.at.toISOString())}">${escapeHtml(timeFormat.format(w.at))}</time></dd>`,
    `<dt>制限</dt><dd>${escapeHtml(w.limit)}</dd>`,
    "</dl>",
    "<p>ポータルの画面はいつもどおり「送信しました」と表示します（登録の有無や制限を他の人に知らせないため）。制限の時間が過ぎるか、デモを起動し直すと、また送信されます。</p>",
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
  const entries = [
    ...messages.map((m) => ({ at: m.receivedAt, html: () => renderMail(m) })),
    ...(options.withheld ?? []).map((w) => ({
      at: w.at,
      html: () => renderWithheld(w),
    })),
  ];
  const newestFirst = entries
    .reverse()
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const withheldCount = options.withheld?.length ?? 0;
  const head =
    options.stylesheetHref === undefined
      ? `<style>${STYLE}</style>`
      : `<link rel="stylesheet" href="${escapeHtml(options.stylesheetHref)}">`;
  const body =
    newestFirst.length === 0
      ? "<p>受信したメールはありません。</p>"
      : newestFirst.map((e) => e.html()).join("\n");
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
    `<p>${messages.length}件${withheldCount > 0 ? `（ほかに回数制限のため送信しなかったメール ${withheldCount}件）` : ""}</p>`,
    renderClear(options.clearAction),
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
};
