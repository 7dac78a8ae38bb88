/**
 * `npm start`: the one-command demo. Until the portal lands (issue: portal part 1) it says what
 * will run here and what works today.
 */
const help = `使い方: npm start

  ポータル（ローカル kintone・デモデータ・メール受信箱つき）を起動します。
  Starts the portal with the local kintone, demo data and a mailbox.

  --help  この説明を表示します。`;

const notYet = `kaigo-nintei — 要介護認定進捗確認システム

npm start は、ローカル kintone・デモデータ・メール受信箱つきでポータルを起動するコマンドです。
ポータルはまだ実装されていません（ローカル kintone → アプリ定義 → ポータルの順に追加予定）。
いま使えるもの:
  npm test   すべての検査（lint・型検査・テスト）を実行します。

npm start will run the portal with the local kintone, demo data and a mailbox.
The portal is not built yet; today, npm test runs lint, type-check and all tests.`;

console.log(
  process.argv.includes("--help") || process.argv.includes("-h")
    ? help
    : notYet,
);
