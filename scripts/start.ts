/**
 * `npm start`: the one-command demo. Starts the local kintone with its data in .data/sandbox,
 * deploys the five apps from schemas/ (minting the portal's API tokens), seeds the demo data when
 * the progress app is empty, builds and deploys the customizations (customize/) and the plugin
 * (plugin/, added to the 事業所利用登録 app), starts a mail catcher and the portal, points the
 * local kintone's webhooks at the portal, and prints where everything is. The portal's rate-limit
 * counts are cleared at each start (scripts/demo.ts), so restarting frees whoever reached a limit.
 */
import { DEMO_EMAIL } from "./seed/generate.ts";
import { DEMO_CLERK, startDemo, type Demo } from "./demo.ts";
import { CliError, flag, runCli, wantsHelp } from "./lib/cli.ts";

const HELP = `使い方: npm start [-- --port 8090 --portal-port 3000 --data .data]

  デモを1つのコマンドで起動します: ローカル kintone を起動し、5つのアプリを反映し、
  認定進捗が空ならデモデータを入れ、カスタマイズ（入力チェック・自動入力・検索バー）をビルドして
  反映し、事業所利用登録アプリのプラグイン（審査・利用停止）をビルドして追加し、
  メール受信箱とポータルを起動して、URL とデモ用のメールアドレスを表示します。停止は Ctrl+C。データは --data のフォルダー
  （既定 .data）に残ります。ポータルの設定は環境変数（README）でも変えられます。
  検索やログイン用メールの回数制限の記録は、起動のたびに消去します（上限に達しても、起動し直せば続けられます）。

  --port         ローカル kintone のポート（既定 SANDBOX_PORT または 8090）
  --portal-port  ポータルのポート（既定 PORTAL_PORT または 3000）
  --data         データを置くフォルダー（既定 .data）

Starts the local kintone, deploys the apps, seeds demo data if empty, builds and deploys the
customizations and the registration app's plugin, starts a mail catcher
and the portal, and prints the URLs. Rate-limit counts are cleared at each start.`;

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(HELP);
    return;
  }
  const port = Number(flag(args, "port") ?? process.env.SANDBOX_PORT ?? 8090);
  const data = flag(args, "data") ?? ".data";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError("--port には 0〜65535 の整数を指定してください。");
  }
  process.env.NO_PROXY = [process.env.NO_PROXY, "localhost", "127.0.0.1"]
    .filter(Boolean)
    .join(",");
  const portalPort = Number(
    flag(args, "portal-port") ?? process.env.PORTAL_PORT ?? 3000,
  );
  let demo: Demo;
  try {
    demo = await startDemo({
      dataDir: data,
      kintonePort: port,
      portalPort,
      customize: true,
      plugin: true,
      log: (line) => console.log(line),
    });
  } catch (e) {
    if (
      e instanceof Error &&
      "code" in e &&
      (e as { code: unknown }).code === "EADDRINUSE"
    ) {
      throw new CliError(
        "ポートが使用中です。--port または --portal-port で別のポートを指定してください。",
      );
    }
    throw e;
  }
  const stop = (): void => {
    demo.close().then(
      () => process.stdout.write("停止しました。\n"),
      () => undefined,
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(`
ポータル（事業所向け）: ${demo.portal.url}
  デモ用のメールアドレス: ${DEMO_EMAIL}（入力すると、ログイン用メールが下の受信箱に届きます）
メール受信箱（開発用）: ${demo.portal.url}/dev/mailbox
  （回数制限のため送らなかったログイン用メールも、ここに「回数制限のため送信しませんでした」と表示します）
ローカル kintone（職員向けの画面）: ${demo.sandbox.url}/k/#/portal
  ログイン ${DEMO_CLERK.login} / ${DEMO_CLERK.password}（認定係の職員: レコードの閲覧・追加・編集。閲覧ログは閲覧のみ）
  ログイン admin / admin（管理者: アプリの設定とプラグインの設定も）
  REST API: ${demo.sandbox.url}/k/v1/…
停止は Ctrl+C。`);
};

runCli(main);
