/**
 * `npm start`: the one-command demo. Starts the local kintone with its data in .data/sandbox,
 * deploys the five apps from schemas/, seeds the demo data when the progress app is empty, and
 * prints where everything is. The portal (the provider-facing pages) joins here when it lands.
 */
import { join } from "node:path";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { jstDateOf } from "../domain/date.ts";
import { startSandbox, type Sandbox } from "../sandbox/index.ts";
import { deployApps } from "./deploy/deployApps.ts";
import { DEMO_EMAIL, DEFAULT_SEED } from "./seed/generate.ts";
import { seed } from "./seed/write.ts";
import { CliError, flag, hasFlag, runCli } from "./lib/cli.ts";

const HELP = `使い方: npm start [-- --port 8090 --data .data]

  デモを1つのコマンドで起動します: ローカル kintone を起動し、5つのアプリを反映し、
  認定進捗が空ならデモデータを入れ、URL とデモ用のメールアドレスを表示します。
  停止は Ctrl+C。データは --data のフォルダー（既定 .data）に残ります。

  --port  ローカル kintone のポート（既定 SANDBOX_PORT または 8090）
  --data  データを置くフォルダー（既定 .data）

Starts the local kintone, deploys the apps, seeds demo data if empty, and prints the URLs.`;

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (hasFlag(args, "help") || hasFlag(args, "h")) {
    console.log(HELP);
    return;
  }
  const port = Number(flag(args, "port") ?? process.env.SANDBOX_PORT ?? 8090);
  const data = flag(args, "data") ?? ".data";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError("--port には 0〜65535 の整数を指定してください。");
  }
  process.env.NO_PROXY = [process.env.NO_PROXY, "localhost"]
    .filter(Boolean)
    .join(",");
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ port, dataDir: join(data, "sandbox") });
  } catch {
    throw new CliError(
      `ポート ${port} でローカル kintone を起動できません（使用中かもしれません）。--port で別のポートを指定してください。`,
    );
  }
  const stop = (): void => {
    sandbox.close().then(
      () => process.stdout.write("停止しました。\n"),
      () => undefined,
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const user = process.env.SANDBOX_USER ?? "admin";
  const password = process.env.SANDBOX_PASSWORD ?? "admin";
  const client = new KintoneRestAPIClient({
    baseUrl: sandbox.url,
    auth: { username: user, password },
  });
  const { ids } = await deployApps({
    client,
    baseUrl: sandbox.url,
    appsFile: join(data, "kintone.apps.json"),
  });
  const progressApp = ids.progress as string;
  const existing = await client.record.getRecords({
    app: progressApp,
    query: "limit 1",
    totalCount: true,
  });
  if (existing.totalCount === "0") {
    await seed({
      client,
      appIds: ids as Parameters<typeof seed>[0]["appIds"],
      today: jstDateOf(Date.now()) as string,
      seed: DEFAULT_SEED,
      log: (line) => console.log(line),
    });
  }
  console.log(`
ローカル kintone: ${sandbox.url}  （ログイン ${user}）
  アプリ ID: ${Object.entries(ids)
    .map(([code, id]) => `${code}=${id}`)
    .join(" ")}
デモ用のメールアドレス: ${DEMO_EMAIL}（利用中の事業所利用登録）
ポータル（事業所向け画面）は次の段階で追加されます。停止は Ctrl+C。`);
};

runCli(main);
