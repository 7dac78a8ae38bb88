/**
 * HTML escaping for the mail bodies and the dev mailbox page. Small on purpose; the server may
 * later move it to a shared place.
 */
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use in element content and in quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/gu, (c) => ENTITIES[c] ?? c);

const URL_PATTERN = /https?:\/\/[^\s<>"'「」（）、。]+/gu;

/**
 * Escapes plain text and turns its http(s) URLs into links (rel="noreferrer", so a login link
 * opened from the page sends no Referer).
 */
export const linkifyText = (text: string): string => {
  let html = "";
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    const index = match.index;
    html += escapeHtml(text.slice(last, index));
    html += `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a>`;
    last = index + url.length;
  }
  return html + escapeHtml(text.slice(last));
};
