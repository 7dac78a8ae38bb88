/** The accessibility page, as municipalities publish it (SPEC §3; filled in by issue 6). */
import { html } from "./html.ts";
import { layout, type Chrome } from "./pages.ts";

export const accessibilityPage = (c: Chrome): string =>
  layout(
    c,
    "アクセシビリティ",
    html`<h1>アクセシビリティ</h1>
      <p>
        ${c.cityName}要介護認定進捗確認システムは、日本産業規格 JIS X
        8341-3:2016「高齢者・障害者等配慮設計指針−情報通信における機器，ソフトウェア及びサービス−第3部：ウェブコンテンツ」の適合レベルAAに準拠することを目標としています。
      </p>
      <p>
        すべての画面は、JavaScript
        を使わずに、キーボードだけで操作できるように作っています。
      </p>`,
  );
