/**
 * The portal's pages, server-rendered, in the wording of the Ebina guide (docs/sources.md).
 * Every page works without JavaScript; forms post with a CSRF token; errors sit next to their
 * fields.
 */
import type { Problem } from "../../domain/problem.ts";
import { portalColumns } from "../../schemas/portalView.ts";
import type { KintoneRecord } from "../replica/types.ts";
import { cellText, formatDateTime } from "./format.ts";
import { html, type SafeHtml } from "./html.ts";

export interface Chrome {
  cityName: string;
  /** Shown as "データ更新" when the replica has synced. */
  lastSyncAt: string | null;
  /** True when the replica could not refresh lately. */
  stale: boolean;
  loggedIn: boolean;
  csrf: string;
}

const systemName = (city: string): string =>
  `${city}要介護認定進捗確認システム`;

const syncNote = (c: Chrome): SafeHtml => {
  if (!c.lastSyncAt) {
    return html`<p class="sync">
      データを準備しています。しばらくしてからもう一度お試しください。
    </p>`;
  }
  const at = formatDateTime(c.lastSyncAt);
  return c.stale
    ? html`<p class="sync stale" role="status">
        最新の情報を取得できていません。${at} 時点のデータを表示しています。
      </p>`
    : html`<p class="sync">データ更新: ${at}</p>`;
};

export const layout = (c: Chrome, title: string, body: SafeHtml): string =>
  html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} | ${systemName(c.cityName)}</title>
        <link rel="stylesheet" href="/assets/portal.css" />
      </head>
      <body>
        <header class="site">
          <p class="system">${systemName(c.cityName)}</p>
          ${c.loggedIn ? html`<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${c.csrf}" /><button type="submit">ログアウト</button></form>` : ""}
        </header>
        <main id="main">${body}</main>
        <footer class="site">
          ${syncNote(c)}
          <p><a href="/accessibility">アクセシビリティ</a></p>
        </footer>
      </body>
    </html> `.safeHtml;

const fieldError = (
  id: string,
  problems: readonly Problem[],
  field: string,
): SafeHtml => {
  const p = problems.find((x) => x.field === field);
  return p ? html`<p class="error" id="${id}-error">${p.message}</p>` : html``;
};

export const input = (o: {
  id: string;
  name: string;
  label: string;
  hint: string;
  value: string;
  problems: readonly Problem[];
  field: string;
  type?: string;
  autocomplete?: string;
}): SafeHtml => {
  const invalid = o.problems.some((p) => p.field === o.field);
  const described = [`${o.id}-hint`, invalid ? `${o.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="field${invalid ? " invalid" : ""}">
    <label for="${o.id}">${o.label}</label>
    <p class="hint" id="${o.id}-hint">${o.hint}</p>
    ${fieldError(o.id, o.problems, o.field)}
    <input
      id="${o.id}"
      name="${o.name}"
      type="${o.type ?? "text"}"
      value="${o.value}"
      autocomplete="${o.autocomplete ?? "off"}"
      aria-describedby="${described}"
      ${invalid ? html` aria-invalid="true"` : ""}
    />
  </div>`;
};

export const loginPage = (
  c: Chrome,
  o: { email: string; problems: readonly Problem[] },
): string =>
  layout(
    c,
    "ログイン",
    html`<h1>メールアドレスでログイン</h1>
      <p>
        登録したメールアドレスを入力してください。ログイン用のURLを記載したメールをお送りします。
      </p>
      <form method="post" action="/login" class="card" novalidate>
        <input type="hidden" name="csrf" value="${c.csrf}" />
        ${input({ id: "email", name: "email", label: "メールアドレス", hint: "例：care@example.jp", value: o.email, problems: o.problems, field: "email", type: "email", autocomplete: "email" })}
        <button type="submit">ログイン用メールを送信</button>
      </form>
      <p class="note">
        利用登録がお済みでない方は、<a href="/register"
          >はじめての方（利用登録）</a
        >から申請してください。
      </p>`,
  );

export const loginSentPage = (c: Chrome, ttlMinutes: number): string =>
  layout(
    c,
    "メールを送信しました",
    html`<h1>ログイン用メールを送信しました</h1>
      <p role="status">
        入力したメールアドレスが利用登録されている場合は、ログイン用のURLを記載したメールを送信しました。メールのURLを開くとログインできます。
      </p>
      <p>
        URLは${ttlMinutes}分間、1回だけ使えます。メールが届かない場合は、迷惑メールのフォルダーもご確認ください。
      </p>
      <p><a href="/">ログイン画面に戻る</a></p>`,
  );

export const verifyPage = (c: Chrome, token: string): string =>
  layout(
    c,
    "ログイン",
    html`<h1>ログイン</h1>
      <p>下のボタンを押すとログインします。</p>
      <form method="post" action="/login/verify" class="card">
        <input type="hidden" name="csrf" value="${c.csrf}" />
        <input type="hidden" name="token" value="${token}" />
        <button type="submit">ログインする</button>
      </form>`,
  );

export const messagePage = (
  c: Chrome,
  title: string,
  message: string,
  status = false,
): string =>
  layout(
    c,
    title,
    html`<h1>${title}</h1>
<p${status ? html` role="status"` : ""}>${message}</p>
<p><a href="/">ログイン画面に戻る</a></p>`,
  );

export interface SearchView {
  method: "insuredNo" | "dates";
  values: {
    insuredNoLast6: string;
    applicationDate: string;
    birthDate: string;
  };
  problems: readonly Problem[];
  windowMonths: number;
  contactText: string;
  result:
    | null
    | { kind: "none" }
    | { kind: "ambiguous" }
    | {
        kind: "found";
        records: KintoneRecord[];
        total: number;
        page: number;
        pageSize: number;
      };
}

/** A pager button: its visible text is its whole accessible name (WCAG 2.5.3), arrows aside. */
const pager = (
  c: Chrome,
  v: SearchView,
  page: number,
  direction: "previous" | "next",
): SafeHtml =>
  html`<form method="post" action="/search">
    <input type="hidden" name="csrf" value="${c.csrf}" />
    <input type="hidden" name="method" value="${v.method}" />
    <input
      type="hidden"
      name="insuredNoLast6"
      value="${v.values.insuredNoLast6}"
    />
    <input
      type="hidden"
      name="applicationDate"
      value="${v.values.applicationDate}"
    />
    <input type="hidden" name="birthDate" value="${v.values.birthDate}" />
    <input type="hidden" name="page" value="${page}" />
    <button type="submit">
      ${direction === "previous" ? html`<span aria-hidden="true">＜</span> 前のページへ` : html`次のページへ <span aria-hidden="true">＞</span>`}
    </button>
  </form>`;

/**
 * Each record's table row, kept as long as the record object: the replica hands out the same
 * frozen object for a record until it changes, so a row is formatted once, not on every search.
 */
const rowsOf = new WeakMap<KintoneRecord, SafeHtml>();

const recordRow = (rec: KintoneRecord): SafeHtml => {
  const kept = rowsOf.get(rec);
  if (kept) {
    return kept;
  }
  const row = html`<tr>
    ${portalColumns.map((col) => html`<td data-label="${col.label}">${cellText(rec, col)}</td>`)}
  </tr>`;
  // Only a frozen record cannot change under the kept row.
  if (Object.isFrozen(rec)) {
    rowsOf.set(rec, row);
  }
  return row;
};

const results = (c: Chrome, v: SearchView): SafeHtml => {
  const r = v.result;
  if (r === null) {
    return html``;
  }
  if (r.kind !== "found") {
    return html`<section class="results" aria-labelledby="results-title">
      <h2 id="results-title">検索結果</h2>
      <p class="contact" role="status">
        ${r.kind === "none" ? "該当する対象者は見つかりませんでした。" : "対象者を1名に特定できませんでした。"}
      </p>
      <p class="contact">${v.contactText}</p>
    </section>`;
  }
  const first = (r.page - 1) * r.pageSize + 1;
  const last = Math.min(r.total, r.page * r.pageSize);
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  return html`<section class="results" aria-labelledby="results-title">
    <h2 id="results-title">検索結果</h2>
    <p class="count" role="status">${first}-${last}件 全${r.total}件</p>
    <table>
      <caption class="visually-hidden">
        該当する申請（申請日の新しい順）
      </caption>
      <thead>
        <tr>
          ${portalColumns.map((col) => html`<th scope="col">${col.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${r.records.map(recordRow)}
      </tbody>
    </table>
    <nav class="pager" aria-label="検索結果のページ移動">
      ${r.page > 1 ? pager(c, v, r.page - 1, "previous") : ""}
      ${r.page < pages ? pager(c, v, r.page + 1, "next") : ""}
    </nav>
    <p class="contact">${v.contactText}</p>
  </section>`;
};

export const searchPage = (c: Chrome, v: SearchView): string => {
  const p1 = v.method === "insuredNo" ? v.problems : [];
  const p2 = v.method === "dates" ? v.problems : [];
  return layout(
    c,
    "検索",
    html`<h1>対象者の検索</h1>
      <p>
        被保険者番号（下6桁）、または申請日（4桁）と生年月日（8桁）を入力して、対象者を検索します。
      </p>
      <div class="methods">
        <form method="post" action="/search" class="card" novalidate>
          <input type="hidden" name="csrf" value="${c.csrf}" />
          <input type="hidden" name="method" value="insuredNo" />
          <fieldset>
            <legend>方法① 被保険者番号(6桁)で検索</legend>
            ${input({ id: "insuredNoLast6", name: "insuredNoLast6", label: "被保険者番号（下6桁）", hint: "例：123456（10桁の被保険者番号でも検索できます）", value: v.values.insuredNoLast6, problems: p1, field: "insuredNoLast6" })}
            <button type="submit">検索</button>
          </fieldset>
        </form>
        <form method="post" action="/search" class="card" novalidate>
          <input type="hidden" name="csrf" value="${c.csrf}" />
          <input type="hidden" name="method" value="dates" />
          <fieldset>
            <legend>方法② 申請日(4桁)と生年月日(8桁)で検索</legend>
            ${input({ id: "applicationDate", name: "applicationDate", label: "申請日（4桁）", hint: "例：0105（1月5日）", value: v.values.applicationDate, problems: p2, field: "applicationDateMMDD" })}
            ${input({ id: "birthDate", name: "birthDate", label: "生年月日（8桁）", hint: "例：19500102、昭和25年1月2日、S25.1.2", value: v.values.birthDate, problems: p2, field: "birthDateYMD" })}
            <button type="submit">検索</button>
          </fieldset>
        </form>
      </div>
      ${results(c, v)}
      <p class="note">
        おおよそ直近${v.windowMonths}か月分の申請データを公開しています。アクセスを許可した事業者にのみ公開されます。
      </p>
      <p class="note">
        登録内容に変更があった場合や利用をやめる場合は、<a href="/register"
          >登録内容の変更・廃止</a
        >を申請してください。
      </p>`,
  );
};
