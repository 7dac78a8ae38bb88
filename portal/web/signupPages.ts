/**
 * The registration pages (利用登録の申請), in the order of the city's guide: a mail address, the
 * mailed link, the form with the 誓約・同意事項, a confirmation, the receipt. Plain forms that work
 * without JavaScript; errors sit next to their fields.
 */
import {
  pledgeText,
  registrationRequestTypes,
  type RegistrationRequestType,
} from "../../domain/codes.ts";
import type { Problem } from "../../domain/problem.ts";
import { html, type SafeHtml } from "./html.ts";
import { input, layout, type Chrome } from "./pages.ts";

/** The form as typed (or as normalized, on the confirmation page). */
export interface SignupValues {
  requestType: string;
  officeNo: string;
  officePhone: string;
  staffNameKana: string;
  pledge: boolean;
}

export interface SignupFormView {
  token: string;
  email: string;
  /** 申請日, as shown (e.g. 2026年11月29日). */
  appliedOn: string;
  values: SignupValues;
  problems: readonly Problem[];
}

const steps = html`<ol class="steps">
  <li>メールアドレスを入力すると、申請用のURLを記載したメールが届きます。</li>
  <li>メールのURLを開き、必要事項を入力して申請します。</li>
  <li>
    介護保険課で利用可否を審査します。利用可能となった場合、メールでお知らせします。
  </li>
</ol>`;

const backToLogin = html`<p><a href="/">ログイン画面に戻る</a></p>`;

export const signupStartPage = (
  c: Chrome,
  o: { email: string; problems: readonly Problem[] },
): string =>
  layout(
    c,
    "利用登録の申請",
    html`<h1>利用登録の申請</h1>
      ${steps}
      <p class="note">
        注意：登録は、${c.cityName}介護保険被保険者のケアプランの作成を行う事業所に属する方に限ります。
      </p>
      <form method="post" action="/register" class="card" novalidate>
        <input type="hidden" name="csrf" value="${c.csrf}" />
        ${input({ id: "email", name: "email", label: "メールアドレス", hint: "ログインに使うメールアドレスです。例：care@example.jp", value: o.email, problems: o.problems, field: "email", type: "email", autocomplete: "email" })}
        <button type="submit">申請用メールを送信</button>
      </form>
      ${backToLogin}`,
  );

export const signupSentPage = (c: Chrome, ttlMinutes: number): string =>
  layout(
    c,
    "メールを送信しました",
    html`<h1>申請用メールを送信しました</h1>
      <p role="status">
        入力したメールアドレスに、利用登録の申請用のURLを記載したメールを送信しました。メールのURLを開いて、申請を続けてください。
      </p>
      <p>
        URLの有効期限は${ttlMinutes}分です。メールが届かない場合は、迷惑メールのフォルダーもご確認ください。
      </p>
      ${backToLogin}`,
  );

const fieldError = (problems: readonly Problem[], field: string): SafeHtml => {
  const p = problems.find((x) => x.field === field);
  return p
    ? html`<p class="error" id="${field}-error">${p.message}</p>`
    : html``;
};

const invalidAttrs = (problems: readonly Problem[], field: string): SafeHtml =>
  problems.some((p) => p.field === field)
    ? html` aria-invalid="true" aria-describedby="${field}-error"`
    : html``;

const requestTypeChoice = (v: SignupFormView): SafeHtml => {
  const field = "registrationRequestType";
  const invalid = v.problems.some((p) => p.field === field);
  return html`<fieldset
    class="choices${invalid ? " invalid" : ""}"
    ${invalidAttrs(v.problems, field)}
  >
    <legend>申請区分（必須）</legend>
    ${fieldError(v.problems, field)}
    ${(Object.keys(registrationRequestTypes) as RegistrationRequestType[]).map(
      (type) =>
        html`<label class="choice"
          ><input
            type="radio"
            name="requestType"
            value="${type}"
            ${v.values.requestType === type ? html` checked` : ""}
          />
          ${registrationRequestTypes[type].label}</label
        >`,
    )}
    <p class="hint">
      はじめての方は「新規」、登録内容を変える方は「変更」、利用をやめる方は「廃止」を選んでください。「廃止」を申請すると、すぐにログインできなくなります。
    </p>
  </fieldset>`;
};

const pledgeSection = (c: Chrome, v: SignupFormView): SafeHtml => {
  const pledge = pledgeText(c.cityName);
  const invalid = v.problems.some((p) => p.field === "pledge");
  return html`<section
    class="pledge${invalid ? " invalid" : ""}"
    aria-labelledby="pledge-title"
  >
    <h2 id="pledge-title">誓約・同意（必須）</h2>
    <p>【誓約・同意事項】</p>
    <p>${pledge.preamble}</p>
    <p>（遵守事項）</p>
    <ol>
      ${pledge.items.map((item) => html`<li>${item}</li>`)}
    </ol>
    ${fieldError(v.problems, "pledge")}
    <label class="choice"
      ><input
        type="checkbox"
        name="pledge"
        value="yes"
        ${v.values.pledge ? html` checked` : ""}${invalidAttrs(v.problems, "pledge")}
      />
      ${pledge.consent}</label
    >
  </section>`;
};

export const signupFormPage = (c: Chrome, v: SignupFormView): string =>
  layout(
    c,
    "利用登録の申請（入力）",
    html`<h1>要介護認定 進捗確認システム利用登録</h1>
      ${v.problems.length > 0 ? html`<p class="error" role="alert">入力内容を確認してください（${v.problems.length}件）。</p>` : ""}
      <form method="post" action="/register/form" class="card" novalidate>
        <input type="hidden" name="csrf" value="${c.csrf}" />
        <input type="hidden" name="token" value="${v.token}" />
        ${pledgeSection(c, v)}
        <dl class="fixed">
          <dt>申請日</dt>
          <dd>${v.appliedOn}</dd>
          <dt>メールアドレス</dt>
          <dd>${v.email}</dd>
        </dl>
        ${requestTypeChoice(v)}
        ${input({ id: "officeNo", name: "officeNo", label: "事業所番号（必須）", hint: "10桁の介護保険事業所番号（全角でも入力できます）。例：1470000009", value: v.values.officeNo, problems: v.problems, field: "officeNo" })}
        ${input({ id: "officePhone", name: "officePhone", label: "事業所または施設の電話番号（必須）", hint: "例：046-000-0000", value: v.values.officePhone, problems: v.problems, field: "officePhone", type: "tel", autocomplete: "tel" })}
        ${input({ id: "staffNameKana", name: "staffNameKana", label: "担当者氏名（全角カナ・必須）", hint: "例：カイゴタロウ（ひらがな・半角カナは全角カナに直し、空白は除きます）", value: v.values.staffNameKana, problems: v.problems, field: "staffNameKana" })}
        <button type="submit">入力内容を確認する</button>
      </form>
      ${backToLogin}`,
  );

const hidden = (name: string, value: string): SafeHtml =>
  html`<input type="hidden" name="${name}" value="${value}" />`;

export const signupConfirmPage = (
  c: Chrome,
  v: Omit<SignupFormView, "problems"> & { officeName: string },
): string => {
  const type =
    registrationRequestTypes[v.values.requestType as RegistrationRequestType]
      ?.label ?? "";
  const carried = html`${hidden("csrf", c.csrf)}${hidden("token", v.token)}${hidden("requestType", v.values.requestType)}${hidden("officeNo", v.values.officeNo)}${hidden("officePhone", v.values.officePhone)}${hidden("staffNameKana", v.values.staffNameKana)}${hidden("pledge", "yes")}`;
  return layout(
    c,
    "利用登録の申請（確認）",
    html`<h1>入力内容の確認</h1>
      <p>次の内容で申請します。よろしければ「申請する」を押してください。</p>
      <dl class="fixed card">
        <dt>申請日</dt>
        <dd>${v.appliedOn}</dd>
        <dt>申請区分</dt>
        <dd>${type}</dd>
        <dt>事業所番号</dt>
        <dd>${v.values.officeNo}</dd>
        <dt>事業所名</dt>
        <dd>${v.officeName}</dd>
        <dt>事業所または施設の電話番号</dt>
        <dd>${v.values.officePhone}</dd>
        <dt>メールアドレス</dt>
        <dd>${v.email}</dd>
        <dt>担当者氏名（全角カナ）</dt>
        <dd>${v.values.staffNameKana}</dd>
        <dt>誓約・同意</dt>
        <dd>誓約・同意の上、申請します</dd>
      </dl>
      <div class="actions">
        <form method="post" action="/register/submit">
          ${carried}
          <button type="submit">申請する</button>
        </form>
        <form method="post" action="/register/form">
          ${carried}${hidden("edit", "1")}
          <button type="submit" class="secondary">修正する</button>
        </form>
      </div>`,
  );
};

export const signupDonePage = (
  c: Chrome,
  o: { receiptNo: string; requestType: RegistrationRequestType },
): string =>
  layout(
    c,
    "申請を受け付けました",
    html`<h1>申請を受け付けました</h1>
      <p role="status">受付番号：<strong>${o.receiptNo}</strong></p>
      <p>
        受付番号を記載したメールを送信しました。お問い合わせの際は、受付番号をお伝えください。
      </p>
      ${o.requestType === "cancel" ? html`<p>廃止の申請により、このメールアドレスでのログインはできなくなりました。</p>` : html`<p>介護保険課で利用可否を審査します。利用可能となった場合、メールでお知らせします。（利用不可となった場合は別途ご連絡いたします。）</p>`}
      ${backToLogin}`,
  );

/** The application cannot be made (a registration in the way, or links used up). */
export const signupRefusedPage = (
  c: Chrome,
  o: { title: string; message: string },
): string =>
  layout(
    c,
    o.title,
    html`<h1>${o.title}</h1>
      <p role="alert">${o.message}</p>
      <p><a href="/register">利用登録の申請に戻る</a></p>
      ${backToLogin}`,
  );
