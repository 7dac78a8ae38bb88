/**
 * The server's own pages — login and the error pages — and the HTML escaping the shells use.
 * Everything a user reads is Japanese.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or an attribute value, escaped for HTML. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A value as a JavaScript literal inside an inline script: JSON with `<` as \u003c. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, "\\u003c");

const STYLE = `
body { font-family: "Hiragino Sans", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif;
  background: #f5f5f5; color: #333; margin: 0; }
main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem;
  border: 1px solid #ddd; border-radius: 4px; }
h1 { font-size: 1.25rem; margin-top: 0; }
label { display: block; margin: 1rem 0 0.25rem; }
input[type="text"], input[type="password"] { width: 100%; box-sizing: border-box;
  padding: 0.5rem; font-size: 1rem; }
button { margin-top: 1.5rem; padding: 0.5rem 2rem; font-size: 1rem; background: #3498db;
  color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.error { color: #c0392b; }
.note { color: #666; font-size: 0.875rem; }
`;

export const htmlDocument = (title: string, body: string): string =>
  `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;

/**
 * The login form. The page's hash (a desktop record URL's `#record=…`) is not sent to the
 * server; a small script adds it to the target so that the user lands where they were going.
 */
export const loginPage = (redirect: string, failed: boolean): string =>
  htmlDocument(
    "ログイン - kintone（ローカル）",
    `<main>
<h1>kintone（ローカル）にログイン</h1>
${failed ? '<p class="error" role="alert">ログイン名またはパスワードが正しくありません。</p>' : ""}
<form method="post" action="/login">
<input type="hidden" id="redirect" name="redirect" value="${escapeHtml(redirect)}">
<label for="username">ログイン名</label>
<input type="text" id="username" name="username" autocomplete="username" required autofocus>
<label for="password">パスワード</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">ログイン</button>
</form>
<p class="note">開発用のローカル kintone です。本物の kintone ではありません。</p>
</main>
<script>
(function () {
  var target = document.getElementById("redirect");
  if (target && location.hash && target.value.indexOf("#") < 0) {
    target.value += location.hash;
  }
})();
</script>`,
  );

export const errorPage = (status: 403 | 404 | 405, text: string): string => {
  const titles = {
    403: "権限がありません",
    404: "ページが見つかりません",
    405: "この操作はできません",
  };
  return htmlDocument(
    `${titles[status]} - kintone（ローカル）`,
    `<main>
<h1>${titles[status]}</h1>
<p>${escapeHtml(text)}</p>
<p><a href="/k/#/portal">ポータルへ戻る</a></p>
</main>`,
  );
};
