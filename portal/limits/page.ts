/**
 * The polite page shown when a limit is reached, telling when the user may continue (Japan's
 * time). It is used for searches, and for login mails only when the limit per IP refused:
 * a limit per address is silent on screen (the usual "ログイン用メールを送信しました" page, no mail),
 * so that the answer never tells whether an address is registered.
 */
import type { Chrome } from "../web/pages.ts";
import { layout } from "../web/pages.ts";
import { escapeHtml, html, trusted } from "../web/html.ts";
import type { LimitKind } from "./rules.ts";

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

/** 「検索の回数が上限に達しました。15:42 以降にもう一度お試しください。」 */
export const limitMessage = (
  kind: LimitKind,
  retryAt: Date,
  now: Date,
): string =>
  `${WHAT[kind]}が上限に達しました。${continueAtText(retryAt, now)} 以降にもう一度お試しください。`;

export interface LimitPageOptions {
  kind: LimitKind;
  /** From the limiter's refusal. */
  retryAt: Date;
  /** The server's clock (to say 今日 / 明日). */
  now: Date;
}

/**
 * The whole page (answer it with 429 and Retry-After). For searches the chrome is the logged-in
 * one (logout button); for login mails the logged-out one.
 */
const WHY: Record<LimitKind, string> = {
  search:
    "個人情報を守るため、一定の時間内に検索できる回数を制限しています。ご不便をおかけしますが、ご理解をお願いいたします。",
  loginMail:
    "不正な利用を防ぐため、一定の時間内に送信できる回数を制限しています。ご不便をおかけしますが、ご理解をお願いいたします。",
  loginLink:
    "不正な利用を防ぐため、一定の時間内にログイン用URLを確認できる回数を制限しています。ご不便をおかけしますが、ご理解をお願いいたします。",
  anonymousPost:
    "不正な利用を防ぐため、ログインせずに一定の時間内に送信できる回数を制限しています。ご不便をおかけしますが、ご理解をお願いいたします。",
  signupMail:
    "不正な利用を防ぐため、一定の時間内に送信できる回数を制限しています。ご不便をおかけしますが、ご理解をお願いいたします。",
};

export const limitPage = (c: Chrome, o: LimitPageOptions): string => {
  const title = `${WHAT[o.kind]}が上限に達しました`;
  const when = trusted(
    `<time datetime="${escapeHtml(isoJst(o.retryAt))}">${escapeHtml(continueAtText(o.retryAt, o.now))}</time>`,
  );
  const back =
    o.kind === "search"
      ? html`<p><a href="/search">検索画面に戻る</a></p>`
      : html`<p><a href="/">ログイン画面に戻る</a></p>`;
  const contact = `お急ぎの場合は、${c.cityName}介護保険課 介護認定係までお問い合わせください。`;
  return layout(
    c,
    title,
    html`<h1>${title}</h1>
      <p role="status">${title}。${when} 以降にもう一度お試しください。</p>
      <p>${WHY[o.kind]}</p>
      <p>${contact}</p>
      ${back}`,
  );
};
