/**
 * `npm run portal`: the portal against a real kintone, configured by environment variables
 * (portal/settings.ts; README's table). It refuses an unsafe production configuration
 * (portal/check.ts), one line per problem, before it starts; `--check` only checks. Prints its
 * URL; stops cleanly on SIGINT/SIGTERM; a configuration error is one line.
 */
import { startPortal } from "./app.ts";
import { productionProblems, requiredInProduction } from "./check.ts";
import type { PortalConfig } from "./config.ts";
import { ConfigError, configFromEnv } from "./env.ts";
import { createPortalLogger } from "./logger.ts";

const HELP = `使い方: npm run portal [-- --check]

  ポータル（事業所向けの閲覧画面）を起動します。設定は環境変数で指定します
  （README の表と .env.example。一覧は portal/settings.ts）。
  本番で必須: ${requiredInProduction().join(", ")}
  http:// や例のドメインの公開URL・差出人、Webhook の秘密の未設定など、本番に向かない設定では
  問題ごとに1行ずつ示して起動しません。
  --check  設定を確かめるだけで、起動しません（問題がなければ終了コード 0）。
  デモは npm start を使ってください。

Starts the portal against a kintone configured by environment variables (see README); refuses
an unsafe production configuration. --check only checks it.`;

/** The configuration, or every problem with it (one line each). */
const checked = (
  env: Record<string, string | undefined>,
): { config: PortalConfig | null; problems: string[] } => {
  const problems = productionProblems(env);
  try {
    const config: PortalConfig = { ...configFromEnv(env), production: true };
    return { config: problems.length > 0 ? null : config, problems };
  } catch (e) {
    if (!(e instanceof ConfigError)) {
      throw e;
    }
    return { config: null, problems: [e.message, ...problems] };
  }
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return;
  }
  const unknown = args.find((a) => a !== "--check");
  if (unknown !== undefined) {
    throw new ConfigError(
      `不明なオプションです: ${unknown}（npm run portal -- --help で使い方を表示します）`,
    );
  }
  const { config, problems } = checked(process.env);
  if (config === null) {
    for (const line of problems) {
      process.stderr.write(`エラー: ${line}\n`);
    }
    process.exitCode = 1;
    return;
  }
  if (args.includes("--check")) {
    console.log(
      "設定に問題はありません（本番の確認をすべて通りました）。ポータルは起動していません。",
    );
    return;
  }
  // From here on every line is JSON (portal/logger.ts), for journald or `docker compose logs`.
  const logger = createPortalLogger(config.logLevel);
  const portal = await startPortal(config, { logger });
  const stop = (): void => {
    portal.close().then(
      () => logger.info("ポータルを停止しました。"),
      () => undefined,
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  logger.info(`ポータル: ${portal.url}（公開URL ${config.publicUrl}）`);
};

main().catch((e: unknown) => {
  const message =
    e instanceof ConfigError
      ? e.message
      : `起動できませんでした（${e instanceof Error ? e.name : "error"}）。`;
  process.stderr.write(`エラー: ${message}\n`);
  process.exitCode = 1;
});
