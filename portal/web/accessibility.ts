/**
 * The accessibility page, as municipalities publish it: the policy, the scope,
 * the target (JIS X 8341-3:2016 AA), how it was tested and the result for every page. The list of
 * pages and the test date are static text; test/portal-a11y.test.ts visits exactly these pages
 * and checks that this page names them, so a page added to the test must be added here.
 */
import { html } from "./html.ts";
import { layout, type Chrome } from "./pages.ts";

/** The day test/portal-a11y.test.ts last ran with every page passing. */
export const TEST_DATE = "2026年11月30日";

/** The pages the test covers, by name, in its order. */
export const testedPages: readonly string[] = [
  "ログイン",
  "ログイン（入力エラー）",
  "ログイン用メールの送信",
  "ログインの確認",
  "検索",
  "検索（入力エラー・方法①）",
  "検索（入力エラー・方法②）",
  "検索結果",
  "検索結果（2ページ目）",
  "検索結果（該当なし）",
  "検索結果（1名に特定できない）",
  "検索結果（表示期限切れ）",
  "検索の回数の上限",
  "アクセシビリティ",
  "ログアウト",
  "ログイン用メールの送信回数の上限",
  "ログインできないURL",
  "ログインの期限切れ",
  "画面の有効期限切れ",
  "ページが見つかりません",
];

export const accessibilityPage = (c: Chrome): string => {
  const system = `${c.cityName}要介護認定進捗確認システム`;
  return layout(
    c,
    "アクセシビリティ",
    html`<h1>アクセシビリティ</h1>
      <section aria-labelledby="a11y-policy">
        <h2 id="a11y-policy">アクセシビリティ方針</h2>
        <p>
          ${system}（以下「本システム」）は、高齢の方や障害のある方を含め、誰もが使いやすいように、ウェブアクセシビリティの確保と向上に取り組んでいます。
        </p>
        <p>
          本システムのすべての画面は、JavaScript
          を使わずに表示・操作でき、キーボードだけで操作できます。文字の大きさはブラウザーの機能で変えられ、スマートフォンでも同じ機能を使えます。
        </p>
      </section>
      <section aria-labelledby="a11y-scope">
        <h2 id="a11y-scope">対象範囲</h2>
        <p>
          本システムのすべての画面（ログイン、ログイン用メールの送信、ログインの確認、対象者の検索と検索結果、回数の上限のお知らせ、ログアウト、その他のお知らせの画面、このページ）を対象とします。ログイン用メールの本文はウェブページではないため、対象外です。
        </p>
      </section>
      <section aria-labelledby="a11y-target">
        <h2 id="a11y-target">目標とする適合レベルと対応度</h2>
        <p>
          日本産業規格 JIS X
          8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベルAAに準拠することを目標としています。
        </p>
        <p class="note">
          「準拠」の表記は、情報通信アクセス協議会ウェブアクセシビリティ基盤委員会「ウェブコンテンツの
          JIS X 8341-3:2016 対応度表記ガイドライン」によります。
        </p>
      </section>
      <section aria-labelledby="a11y-method">
        <h2 id="a11y-method">試験の方法</h2>
        <dl class="facts">
          <dt>試験日</dt>
          <dd>${TEST_DATE}</dd>
          <dt>試験の対象</dt>
          <dd>
            下の表の${testedPages.length}画面を、パソコンの画面幅（横1280×縦900ピクセル）とスマートフォンの画面幅（横390×縦844ピクセル）の2通りで試験しました。
          </dd>
          <dt>ブラウザー</dt>
          <dd>Chromium（実際のブラウザーを自動で操作）</dd>
          <dt>自動チェックツール</dt>
          <dd>
            axe-core 4.13（WCAG 2.0 と WCAG 2.1
            のレベルA・AAの達成基準に関する検査。JIS X 8341-3:2016 の達成基準は
            WCAG 2.0 と同じです）
          </dd>
          <dt>キーボード操作の試験</dt>
          <dd>
            キーボードだけで、ログイン画面のメールアドレスの入力欄と送信ボタンにTabキーで移動してEnterキーで送信できること、検索画面の2つの検索方法のすべての入力欄とボタン、ページ送りのボタンにTabキーで移動でき、どこにいるかが枠線で見えること、Enterキーで操作できることを自動で確かめました。
          </dd>
          <dt>入力の誤りの知らせ方</dt>
          <dd>
            誤りの説明がその入力欄に結び付けられ（aria-describedby）、入力欄が誤りのある状態（aria-invalid）として伝わることを確かめました。
          </dd>
          <dt>ページの重さ</dt>
          <dd>
            各画面がスタイルシートを含めて30KB以下で、スクリプトを含まないことを確かめました。
          </dd>
        </dl>
        <p>
          これらの試験は、本システムのプログラムを変更するたびに自動で実行しています。自動の試験では確かめられない達成基準（画像の代替テキストの適切さ、音声読み上げでの分かりやすさなど）もあります。
        </p>
      </section>
      <section aria-labelledby="a11y-result">
        <h2 id="a11y-result">試験の結果</h2>
        <p>
          試験日（${TEST_DATE}）の結果、すべての画面で axe-core
          の違反は0件で、キーボード操作の試験にもすべて合格しました。
        </p>
        <table class="plain">
          <caption>
            画面ごとの試験結果（${TEST_DATE}）
          </caption>
          <thead>
            <tr>
              <th scope="col">画面</th>
              <th scope="col">パソコン</th>
              <th scope="col">スマートフォン</th>
            </tr>
          </thead>
          <tbody>
            ${testedPages.map(
              (p) =>
                html`<tr>
                  <th scope="row">${p}</th>
                  <td>適合</td>
                  <td>適合</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="a11y-contact">
        <h2 id="a11y-contact">お問い合わせ</h2>
        <p>
          使いにくい点や、ご意見がありましたら、${c.cityName}介護保険課までお知らせください。
        </p>
      </section>`,
  );
};
