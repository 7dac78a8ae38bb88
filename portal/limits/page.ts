/**
 * The polite page shown when a limit is reached: which limit (this account's searches in 10
 * minutes or in 24 hours, or everyone's behind this address), when the user may continue (Japan's
 * time), that it is a safeguard, and whom to ask. It is used for searches, and for login mails only when the limit per IP refused:
 * a limit per address is silent on screen (the usual "ログイン用メールを送信しました" page, no mail),
 * so that the answer never tells whether an address is registered.
 */
import type { Chrome } from "../web/pages.ts";
import { layout } from "../web/pages.ts";
import { escapeHtml, html, trusted } from "../web/html.ts";
import type { LimitKind, LimitRule, LimitScope } from "./rules.ts";

const MINUTE = 60_000;
const JST = 9 * 3_600_000;

/** Fields of an instant in Japan's time (no DST there). */
const jst = (
  ms: number,
): { y: number; m: number; d: number; hh: number; mm: number } => {
  const t = new Date(ms + JST);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  };
};

/** The next whole minute at or after `at`: "15:42 以降" must never be too early. */
const ceilMinute = (at: Date): number =>
  Math.ceil(at.getTime() / MINUTE) * MINUTE;

const dayNumber = (ms: number): number => Math.floor((ms + JST) / 86_400_000);

/**
 * When the user may continue, as Japanese text in Japan's time: "15:42" today, "明日（4月2日）9:05"
 * tomorrow, "4月3日 9:05" later.
 */
export const continueAtText = (retryAt: Date, now: Date): string => {
  const at = ceilMinute(retryAt);
  const t = jst(at);
  const time = `${t.hh}:${String(t.mm).padStart(2, "0")}`;
  const days = dayNumber(at) - dayNumber(now.getTime());
  if (days <= 0) {
    return time;
  }
  return days === 1
    ? `明日（${t.m}月${t.d}日）${time}`
    : `${t.m}月${t.d}日 ${time}`;
};

/** "2025-04-01T15:42+09:00": the machine-readable form for <time datetime>. */
const isoJst = (retryAt: Date): string => {
  const t = jst(ceilMinute(retryAt));
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${t.y}-${two(t.m)}-${two(t.d)}T${two(t.hh)}:${two(t.mm)}+09:00`;
};

const WHAT: Record<LimitKind, string> = {
  search: "検索の回数",
  loginMail: "ログイン用メールの送信回数",
  loginLink: "ログイン用URLの確認の回数",
  anonymousPost: "送信の回数",
  signupMail: "利用登録の申請用メールの送信回数",
};

/** What a rule counts, as a noun phrase: 「検索」. */
const COUNTED: Record<LimitKind, string> = {
  search: "検索",
  loginMail: "ログイン用メールの送信",
  loginLink: "ログイン用URLの確認",
  anonymousPost: "ログインせずに行う送信",
  signupMail: "利用登録の申請用メールの送信",
};

/** Per what a rule counts: 「このアカウントの」. */
const PER: Record<LimitScope, string> = {
  account: "このアカウントの",
  ip: "この接続元（ネットワーク）からの",
  address: "このメールアドレスあての",
};

/** A rule's window in words: 「10分間」, 「1時間」, 「24時間」. */
const windowText = (seconds: number): string =>
  seconds % 3600 === 0
    ? `${seconds / 3600}時間`
    : `${Math.max(1, Math.round(seconds / 60))}分間`;

/**
 * Which limit a rule is, in words the reader can act on: 「このアカウントの10分間の検索（60回まで）」.
 * The limit page names it; the dev mailbox names the limit that withheld a mail with it.
 */
export const limitRuleText = (rule: LimitRule): string =>
  `${PER[rule.scope]}${windowText(rule.windowSeconds)}の${COUNTED[rule.kind]}（${rule.limit.toLocaleString("ja-JP")}回まで）`;

/** 「検索の回数が上限に達しました。15:42 以降にもう一度お試しください。」 */
export const limitMessage = (
  kind: LimitKind,
  retryAt: Date,
  now: Date,
): string =>
  `${WHAT[kind]}が上限に達しました。${continueAtText(retryAt, now)} 以降にもう一度お試しください。`;

export interface LimitPageOptions {
  /** The rule that refused (the limiter's refusal names it). */
  rule: LimitRule;
  /** From the limiter's refusal. */
  retryAt: Date;
  /** The server's clock (to say 今日 / 明日). */
  now: Date;
}

/**
 * What the reader should know about a limit per IP: it is shared by everyone behind the same
 * address (an office's network), so reaching it says nothing about the reader's own use.
 */
const SHARED =
  "この回数は、同じ事業所のネットワークなど、同じ接続元からご利用の方すべての合計です。";

/**
 * Why there is a limit at all: a safeguard the same for everyone, never a reproach (the reader has
 * usually done nothing but their work).
 */
const SAFEGUARD =
  "個人情報を守るための安全対策として、どなたにも同じ上限を設けています。";

/**
 * The whole page (answer it with 429 and Retry-After): which limit was reached, when it frees,
 * that it is a safeguard, and what to do (wait until then, or ask the city). For searches the
 * chrome is the logged-in one (logout button); otherwise the logged-out one.
 */
export const limitPage = (c: Chrome, o: LimitPageOptions): string => {
  const { kind } = o.rule;
  const title = `${WHAT[kind]}が上限に達しました`;
  const when = trusted(
    `<time datetime="${escapeHtml(isoJst(o.retryAt))}">${escapeHtml(continueAtText(o.retryAt, o.now))}</time>`,
  );
  const back =
    kind === "search"
      ? html`<p><a href="/search">検索画面に戻る</a></p>`
      : html`<p><a href="/">ログイン画面に戻る</a></p>`;
  const shared = o.rule.scope === "ip" ? html`<p>${SHARED}</p>` : null;
  const contact = `お急ぎの場合は、${c.cityName}介護保険課 介護認定係までお問い合わせください。`;
  return layout(
    c,
    title,
    html`<h1>${title}</h1>
      <p role="status">${title}。${when} 以降にもう一度お試しください。</p>
      <p>上限に達したのは、${limitRuleText(o.rule)}です。</p>
      ${shared}
      <p>${SAFEGUARD}${when} 以降は、そのまま続けてご利用いただけます。</p>
      <p>${contact}</p>
      ${back}`,
  );
};
