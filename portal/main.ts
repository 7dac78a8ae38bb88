/**
 * `npm run portal`: the portal against a real kintone, configured by environment variables
 * (README). Prints its URL; stops cleanly on SIGINT/SIGTERM; a configuration error is one line.
 */
import { startPortal } from "./app.ts";
import { ConfigError, configFromEnv } from "./env.ts";

const HELP = `使い方: npm run portal

  ポータル（事業所向けの閲覧画面）を起動します。設定は環境変数で指定します（README の表）。
  必須: KINTONE_BASE_URL, KINTONE_APP_PROGRESS / _REGISTRATION / _OFFICES / _CONSENT / _ACCESS_LOG,
        KINTONE_TOKEN_PROGRESS_PORTAL / _REGISTRATION_ / _OFFICES_ / _CONSENT_PORTAL,
        PORTAL_SMTP_URL, PORTAL_PUBLIC_URL, PORTAL_WEBHOOK_SECRET
  デモは npm start を使ってください。

Starts the portal against a kintone configured by environment variables (see README).`;

const main = async (): Promise<void> => {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(HELP);
    return;
  }
  const config = configFromEnv(process.env);
  const portal = await startPortal(config, {
    log: (line) => console.log(line),
  });
  const stop = (): void => {
    portal.close().then(
      () => console.log("ポータルを停止しました。"),
      () => undefined,
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(`ポータル: ${portal.url}（公開URL ${config.publicUrl}）`);
};

main().catch((e: unknown) => {
  const message =
    e instanceof ConfigError
      ? e.message
      : `起動できませんでした（${e instanceof Error ? e.name : "error"}）。`;
  process.stderr.write(`エラー: ${message}\n`);
  process.exitCode = 1;
});
