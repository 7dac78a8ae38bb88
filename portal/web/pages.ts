/**
 * The portal's pages, server-rendered, in the wording of the Ebina guide (docs/sources.md).
 * Every page works without JavaScript; forms post with a CSRF token; errors sit next to their
 * fields.
 */
import type { Problem } from "../../domain/problem.ts";
import type { KintoneRecord } from "../replica/types.ts";
import { formatDateTime } from "./format.ts";
import { html, type SafeHtml } from "./html.ts";
import { applicationsTable } from "./results.ts";

export interface Chrome {
  cityName: string;
  /** When the portal last read kintone successfully (最終取得), null before the first sync. */
  lastSyncAt: string | null;
  /**
   * When the city's data last changed: the newest 更新日時 among the replicated applications
   * (データ更新). It stays old when the city's own import stops, however often the portal syncs.
   */
  dataChangedAt: string | null;
  /** True when the replica could not refresh lately. */
  stale: boolean;
  loggedIn: boolean;
  /** The logged-in provider's 事業所名 (or 事業所番号 when the master lacks it). */
  officeName: string | null;
  csrf: string;
}

const systemName = (city: string): string =>
  `${city}要介護認定進捗確認システム`;

/**
 * The data's age: データ更新 is when the city's data last changed, 最終取得 when the portal last
 * read it; a warning when reading has failed for longer than the set time.
 */
const syncNote = (c: Chrome): SafeHtml => {
  if (!c.lastSyncAt) {
    return html`<p class="sync">
      データを準備しています。しばらくしてからもう一度お試しください。
    </p>`;
  }
  const at = formatDateTime(c.lastSyncAt);
  const changed = c.dataChangedAt
    ? html`<span>データ更新: ${formatDateTime(c.dataChangedAt)}</span>`
    : "";
  return c.stale
    ? html`<p class="sync stale" role="status">
        市のシステムから最新の情報を取得できていません。${at}
        時点のデータを表示しています。${changed}
      </p>`
    : html`<p class="sync">${changed}<span>最終取得: ${at}</span></p>`;
};

/** Who is logged in, the way back to 検索 from every page, and logging out. */
const loggedInBar = (c: Chrome): SafeHtml =>
  html`<nav class="account" aria-label="ログイン中の事業所">
    <p class="office">
      <span class="visually-hidden">ログイン中：</span>${c.officeName ?? ""}
    </p>
    <a href="/search">検索</a>
    <form method="post" action="/logout" class="logout">
      <input type="hidden" name="csrf" value="${c.csrf}" /><button
        type="submit"
      >
        ログアウト
      </button>
    </form>
  </nav>`;

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
          ${c.loggedIn ? loggedInBar(c) : ""}
        </header>
        <main id="main">${body}</main>
        <footer class="site">
          ${syncNote(c)}
          <p>
            ${c.loggedIn ? html`<a href="/search">検索画面へ</a>` : html`<a href="/">ログイン画面へ</a>`}
            <a href="/accessibility">アクセシビリティ</a>
          </p>
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
  /** "numeric" for digits: phones show the number pad. */
  inputmode?: "numeric" | "tel" | "email";
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
      ${o.inputmode ? html` inputmode="${o.inputmode}"` : ""}
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

/**
 * The page the mailed link opens. `remember`: the limits 「この端末を記憶する」 is offered with
 * (unchecked: a shared PC keeps the short idle limit unless someone chooses otherwise); null
 * when the settings do not offer it.
 */
export const verifyPage = (
  c: Chrome,
  token: string,
  remember: {
    idleMinutes: number;
    rememberIdleHours: number;
    absoluteHours: number;
  } | null = null,
): string => {
  let kept = "";
  if (remember && remember.rememberIdleHours >= remember.absoluteHours) {
    kept = `ログインから${remember.absoluteHours}時間、操作がなくてもログインしたままになります`;
  } else if (remember) {
    kept = `操作がなくても${remember.rememberIdleHours}時間はログインしたままになります（ログインから${remember.absoluteHours}時間まで）`;
  }
  const choice = remember
    ? html`<div class="field">
        <label class="choice"
          ><input
            type="checkbox"
            name="remember"
            value="1"
            aria-describedby="remember-hint"
          />
          この端末を記憶する（個人用の端末でのみ。共用のパソコンではチェックしないでください）</label
        >
        <p class="hint" id="remember-hint">
          チェックすると、この端末では${kept}。チェックしないときは、${remember.idleMinutes}分操作がないとログアウトします。使い終わったら「ログアウト」を押してください。
        </p>
      </div>`
    : "";
  return layout(
    c,
    "ログイン",
    html`<h1>ログイン</h1>
      <p>下のボタンを押すとログインします。</p>
      <form method="post" action="/login/verify" class="card">
        <input type="hidden" name="csrf" value="${c.csrf}" />
        <input type="hidden" name="token" value="${token}" />
        ${choice}
        <button type="submit">ログインする</button>
      </form>`,
  );
};

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
  /** Consent mode (PORTAL_CONSENT_MODE): only people who consented to this office are shown. */
  consentMode: boolean;
  /** A line above the forms (e.g. an answer that can no longer be opened). */
  notice?: string;
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
 * The words for "nobody shown". In consent mode they are the same whether nobody matched or the
 * person matched without a valid 同意 for this office, so the page never tells that a person
 * exists; it says what makes a person visible instead.
 */
const noneText = (v: SearchView, kind: "none" | "ambiguous"): SafeHtml => {
  if (kind === "ambiguous") {
    return html`<p class="contact" role="status">
      対象者を1名に特定できませんでした。
    </p>`;
  }
  if (!v.consentMode) {
    return html`<p class="contact" role="status">
      該当する対象者は見つかりませんでした。
    </p>`;
  }
  return html`<p class="contact" role="status">
      この事業所で表示できる対象者は見つかりませんでした。
    </p>
    <p class="contact">
      このシステムでは、ご本人の同意書と居宅サービス計画作成依頼届出書が市に提出され、この事業所が担当として登録されている方だけを表示します。提出がまだの場合は、提出後に表示されるようになります。
    </p>`;
};

const RESULTS_HEADING = html`<div class="results-head">
  <h2 id="results-title">検索結果</h2>
  <a href="#search-forms" class="to-forms">別の条件で検索する</a>
</div>`;

const results = (c: Chrome, v: SearchView): SafeHtml => {
  const r = v.result;
  if (r === null) {
    return html``;
  }
  if (r.kind !== "found") {
    return html`<section
      class="results"
      id="results"
      aria-labelledby="results-title"
    >
      ${RESULTS_HEADING} ${noneText(v, r.kind)}
      <p class="contact">${v.contactText}</p>
    </section>`;
  }
  const first = (r.page - 1) * r.pageSize + 1;
  const last = Math.min(r.total, r.page * r.pageSize);
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  return html`<section
    class="results"
    id="results"
    aria-labelledby="results-title"
  >
    ${RESULTS_HEADING}
    <p class="count" role="status">${first}-${last}件 全${r.total}件</p>
    ${applicationsTable(r.records, { consentMode: v.consentMode })}
    <nav class="pager" aria-label="検索結果のページ移動">
      ${r.page > 1 ? pager(c, v, r.page - 1, "previous") : ""}
      ${r.page < pages ? pager(c, v, r.page + 1, "next") : ""}
    </nav>
    <p class="contact">${v.contactText}</p>
  </section>`;
};

const searchForms = (c: Chrome, v: SearchView): SafeHtml => {
  const p1 = v.method === "insuredNo" ? v.problems : [];
  const p2 = v.method === "dates" ? v.problems : [];
  return html`<div class="methods">
    <form method="post" action="/search" class="card" novalidate>
      <input type="hidden" name="csrf" value="${c.csrf}" />
      <input type="hidden" name="method" value="insuredNo" />
      <fieldset>
        <legend>方法① 被保険者番号(6桁)で検索</legend>
        ${input({ id: "insuredNoLast6", name: "insuredNoLast6", label: "被保険者番号（下6桁）", hint: "例：123456（10桁の被保険者番号でも検索できます）", value: v.values.insuredNoLast6, problems: p1, field: "insuredNoLast6", inputmode: "numeric" })}
        <button type="submit">検索</button>
      </fieldset>
    </form>
    <form method="post" action="/search" class="card" novalidate>
      <input type="hidden" name="csrf" value="${c.csrf}" />
      <input type="hidden" name="method" value="dates" />
      <fieldset>
        <legend>方法② 申請日(4桁)と生年月日(8桁)で検索</legend>
        ${input({ id: "applicationDate", name: "applicationDate", label: "申請日（4桁）", hint: "例：0105（1月5日）", value: v.values.applicationDate, problems: p2, field: "applicationDateMMDD", inputmode: "numeric" })}
        ${input({ id: "birthDate", name: "birthDate", label: "生年月日（8桁）", hint: "例：19500102（昭和25年1月2日、S25.1.2 とも入力できます）", value: v.values.birthDate, problems: p2, field: "birthDateYMD", inputmode: "numeric" })}
        <button type="submit">検索</button>
      </fieldset>
    </form>
  </div>`;
};

/**
 * The search page. After a search the results come first, so that on a phone they are on the
 * first screen, with a link down to the forms; before one, the forms.
 */
export const searchPage = (c: Chrome, v: SearchView): string => {
  const answered = v.result !== null;
  return layout(
    c,
    answered ? "検索結果" : "検索",
    html`<h1>対象者の検索</h1>
      ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ""}
      ${results(c, v)}
      <section id="search-forms" class="search-forms" aria-label="検索条件">
        ${answered ? html`<h2>別の条件で検索</h2>` : ""}
        <p>
          被保険者番号（下6桁）、または申請日（4桁）と生年月日（8桁）を入力して、対象者を検索します。
        </p>
        ${searchForms(c, v)}
      </section>
      <p class="note">
        審査中の申請は申請日から何か月たっても公開し、認定済・取下げの申請は認定日（取下げ日）からおおよそ${v.windowMonths}か月間公開します。アクセスを許可した事業者にのみ公開されます。
      </p>
      <p class="note">
        登録内容に変更があった場合や利用をやめる場合は、<a href="/register"
          >登録内容の変更・廃止</a
        >を申請してください。
      </p>`,
  );
};
