/**
 * `npm run sandbox`: the local kintone from the command line. See `--help`, and sandbox/README.md
 * for what it implements.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { SandboxUser } from "./core/context.ts";
import { defaultUsers, startSandbox, type Sandbox } from "./index.ts";
import { pendingWebhooks } from "./webhooks/webhooks.ts";

const USAGE = `使い方: npm run sandbox -- [オプション]
  kintone 互換のローカル REST サーバー（ローカル kintone）を起動します。

  --port <番号>      待ち受けるポート（既定: 環境変数 SANDBOX_PORT、なければ 8090。0 で空きポート）
  --data <フォルダ>  データ（SQLite）の保存先（既定: 環境変数 SANDBOX_DATA、なければ .data/sandbox）
  --memory           データを保存せずメモリだけで動かす
  --users <ファイル> 追加のユーザー（JSON: [{"login","password","name","admin"?,"language"?,"primaryOrganization"?,"groups"?}]）。権限の試験用
  --language <ja|en> メッセージの既定の言語（既定: 環境変数 SANDBOX_LANGUAGE、なければ ja）。
                     ユーザーの言語設定も Accept-Language の指定もない要求に使います
  -h, --help         この説明を表示する

  管理者ユーザーは環境変数 SANDBOX_USER / SANDBOX_PASSWORD（既定: admin / admin）。
  職員向けの画面は http://localhost:<ポート>/k/#/portal（管理者か --users のユーザーでログイン）。
  Ctrl+C（SIGINT）または SIGTERM で停止します。

Usage: npm run sandbox -- [options]
  Starts the local kintone: a kintone-compatible REST server on localhost.

  --port <number>    port to listen on (default: $SANDBOX_PORT, else 8090; 0 picks a free one)
  --data <folder>    where the data (SQLite) is kept (default: $SANDBOX_DATA, else .data/sandbox)
  --memory           keep the data in memory only
  --users <file>     more users (JSON: [{"login","password","name","admin"?,"language"?,"primaryOrganization"?,"groups"?}]), for permission tests
  --language <ja|en> the tenant's default language of messages (default: $SANDBOX_LANGUAGE, else
                     ja), for requests with no user language and no Accept-Language preference
  -h, --help         show this help

  The administrator is $SANDBOX_USER / $SANDBOX_PASSWORD (default admin / admin).
  Staff pages: http://localhost:<port>/k/#/portal (log in as the administrator or a --users user).
  Stop it with Ctrl+C (SIGINT) or SIGTERM.
`;

/** A problem to report as one line, without a stack trace. */
class CliError extends Error {}

interface CliOptions {
  port: number;
  dataDir: string | null;
  users: SandboxUser[];
  usersFile: string | undefined;
  language: "ja" | "en";
}

const parsePort = (raw: string): number => {
  const port = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(
      `ポート番号が正しくありません / invalid port: "${raw}" (0–65535)`,
    );
  }
  return port;
};

const isUser = (u: unknown): u is SandboxUser => {
  const x = u as Record<string, unknown>;
  return (
    typeof u === "object" &&
    u !== null &&
    typeof x.login === "string" &&
    x.login !== "" &&
    typeof x.password === "string" &&
    typeof x.name === "string" &&
    (x.admin === undefined || typeof x.admin === "boolean") &&
    (x.language === undefined || x.language === "ja" || x.language === "en") &&
    (x.primaryOrganization === undefined ||
      typeof x.primaryOrganization === "string") &&
    (x.groups === undefined ||
      (Array.isArray(x.groups) &&
        x.groups.every((g: unknown) => typeof g === "string")))
  );
};

const readUsers = (file: string): SandboxUser[] => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CliError(
      `ユーザーファイルを読めません / cannot read the users file ${file}: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(json) || !json.every(isUser)) {
    throw new CliError(
      `ユーザーファイルの形式が違います / the users file ${file} must be a JSON array of {login, password, name, admin?, language? ("ja" | "en"), primaryOrganization?}`,
    );
  }
  return json.map((u) => ({
    login: u.login,
    password: u.password,
    name: u.name,
    ...(u.admin === undefined ? {} : { admin: u.admin }),
    ...(u.language === undefined ? {} : { language: u.language }),
    ...(u.primaryOrganization === undefined
      ? {}
      : { primaryOrganization: u.primaryOrganization }),
  }));
};

/** The default administrator, then the file's users (a file entry replaces a same login). */
const mergeUsers = (extra: SandboxUser[]): SandboxUser[] => {
  const byLogin = new Map<string, SandboxUser>();
  for (const u of [...defaultUsers(), ...extra]) {
    byLogin.set(u.login, u);
  }
  return [...byLogin.values()];
};

const parseCli = (argv: string[]): CliOptions | "help" => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h" },
        port: { type: "string" },
        data: { type: "string" },
        memory: { type: "boolean" },
        users: { type: "string" },
        language: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new CliError(
      `${(e as Error).message} (--help で使い方 / see --help)`,
    );
  }
  if (parsed.help) {
    return "help";
  }
  if (parsed.memory && parsed.data !== undefined) {
    throw new CliError(
      "--memory と --data は同時に指定できません / --memory and --data exclude each other",
    );
  }
  const data = parsed.data ?? process.env.SANDBOX_DATA ?? ".data/sandbox";
  const language = parsed.language ?? process.env.SANDBOX_LANGUAGE ?? "ja";
  if (language !== "ja" && language !== "en") {
    throw new CliError(
      `--language には ja か en を指定してください / --language must be ja or en: "${language}"`,
    );
  }
  return {
    language,
    port: parsePort(parsed.port ?? process.env.SANDBOX_PORT ?? "8090"),
    dataDir: parsed.memory ? null : resolve(data),
    users: mergeUsers(parsed.users ? readUsers(parsed.users) : []),
    usersFile: parsed.users,
  };
};

const describeListenError = (e: unknown, port: number): string => {
  const code = (e as { code?: string }).code;
  if (code === "EADDRINUSE") {
    return `ポート ${port} は使用中です / port ${port} is already in use (try --port 0 or SANDBOX_PORT)`;
  }
  if (code === "EACCES") {
    return `ポート ${port} を開く権限がありません / no permission to listen on port ${port}`;
  }
  return (e as Error).message ?? String(e);
};

const banner = (sandbox: Sandbox, options: CliOptions): string => {
  const admin = defaultUsers()[0];
  const lines = [
    `kintone sandbox: ${sandbox.url}`,
    `  pages: ${sandbox.url}/k/#/portal (職員向けの画面 / staff pages)`,
    `  login: ${admin?.login ?? "admin"} (password: ${process.env.SANDBOX_PASSWORD ? "$SANDBOX_PASSWORD" : "admin"})`,
    `  data:  ${options.dataDir ?? "memory only / メモリのみ"}`,
  ];
  if (options.usersFile) {
    lines.push(
      `  users: ${options.users.map((u) => u.login).join(", ")} (from ${options.usersFile})`,
    );
  }
  lines.push("  stop: Ctrl+C / 停止は Ctrl+C");
  return lines.join("\n");
};

/**
 * The first SIGINT/SIGTERM lets pending webhooks finish (each has a 5-second timeout), closes
 * the server and the database, and exits 0. The handlers go away at once, so a second signal
 * ends the process the default way.
 */
const stopOnSignals = (sandbox: Sandbox): void => {
  const stop = (signal: string): void => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    pendingWebhooks()
      .then(() => sandbox.close())
      .then(() => {
        process.stdout.write(`kintone sandbox stopped (${signal})\n`);
      })
      .catch((e: unknown) => {
        process.stderr.write(`sandbox: ${(e as Error).message}\n`);
        process.exitCode = 1;
      });
  };
  const onInt = (): void => stop("SIGINT");
  const onTerm = (): void => stop("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
};

const main = async (): Promise<void> => {
  const options = parseCli(process.argv.slice(2));
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: options.port,
      dataDir: options.dataDir,
      users: options.users,
      language: options.language,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    throw new CliError(describeListenError(e, options.port));
  }
  // Handlers first: whoever reads the banner may signal at once.
  stopOnSignals(sandbox);
  process.stdout.write(`${banner(sandbox, options)}\n`);
};

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`sandbox: ${message}\n`);
  process.exitCode = 1;
});
