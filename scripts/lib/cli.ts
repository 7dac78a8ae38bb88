/**
 * What every operator script shares: flags and environment variables for the kintone
 * connection (the official tools' names), authentication by the operator scripts' API tokens
 * or a password, a one-line Japanese error instead of a stack trace, and a progress bar for
 * long work.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { isIsoDate, jstDateOf } from "../../domain/date.ts";
import {
  classifyKintoneError,
  createKintoneClient,
  type KintoneAuth,
  type KintoneFailure,
} from "../../kintone/client.ts";
import { tokenEnvName } from "../../schemas/envNames.ts";
import { schemaOf } from "../../schemas/index.ts";
import type { AppCode, TokenRight } from "../../schemas/types.ts";

/** An error meant for the operator: printed as one line, exit code 1. */
export class CliError extends Error {
  override name = "CliError";
}

export interface Connection {
  baseUrl: string;
  username: string;
  password: string;
}

export interface ArgSpec {
  /** The npm command, for the hint in messages. */
  command: string;
  /** Options without a value. */
  switches: readonly string[];
  /** Options that take a value (`--name value` or `--name=value`). */
  valued: readonly string[];
}

/** Checks the options and returns the positional arguments. */
export const positionalArgs = (
  args: readonly string[],
  spec: ArgSpec,
): string[] => {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (spec.valued.includes(name)) {
      i += a.includes("=") ? 0 : 1;
    } else if (!spec.switches.includes(name)) {
      throw new CliError(
        `不明なオプションです: ${name}（${spec.command} -- --help で使い方を表示します）`,
      );
    }
  }
  return positional;
};

/** Checks the options of a command that takes no positional argument (one refused as unknown). */
export const onlyOptions = (args: readonly string[], spec: ArgSpec): void => {
  const [extra] = positionalArgs(args, spec);
  if (extra !== undefined) {
    throw new CliError(
      `不明なオプションです: ${extra}（${spec.command} -- --help で使い方を表示します）`,
    );
  }
};

/** The value of `--name value` or `--name=value`, if given. */
export const flag = (
  args: readonly string[],
  name: string,
): string | undefined => {
  const i = args.findIndex(
    (a) => a === `--${name}` || a.startsWith(`--${name}=`),
  );
  if (i < 0) {
    return undefined;
  }
  const a = args[i] as string;
  if (a.includes("=")) {
    return a.slice(a.indexOf("=") + 1);
  }
  const next = args[i + 1];
  if (next === undefined || next.startsWith("--")) {
    throw new CliError(`--${name} に値を指定してください。`);
  }
  return next;
};

/** `--today YYYY-MM-DD`, or today's date in Japan. */
export const todayFrom = (args: readonly string[]): string => {
  const given = flag(args, "today");
  if (given === undefined) {
    return jstDateOf(Date.now()) as string;
  }
  if (!isIsoDate(given)) {
    throw new CliError(
      `--today は YYYY-MM-DD の形の日付で指定してください（指定: ${given}）。`,
    );
  }
  return given;
};

export const hasFlag = (args: readonly string[], name: string): boolean =>
  args.includes(`--${name}`);

/** --help or -h. */
export const wantsHelp = (args: readonly string[]): boolean =>
  hasFlag(args, "help") || args.includes("-h");

/** The base URL from --base-url or KINTONE_BASE_URL, checked: https, or http on localhost. */
const checkedBaseUrl = (baseUrl: string): string => {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CliError(`KINTONE_BASE_URL が URL ではありません: ${baseUrl}`);
  }
  if (url.protocol !== "https:" && url.hostname !== "localhost") {
    throw new CliError(
      "kintone の URL は https:// で始めてください（ローカルの kintone は http://localhost:ポート）。",
    );
  }
  return baseUrl.replace(/\/+$/, "");
};

/**
 * KINTONE_BASE_URL / KINTONE_USERNAME / KINTONE_PASSWORD, or --base-url / --username /
 * --password: for the commands that need a user (kintone takes no API token for them).
 */
export const connectionFrom = (
  args: readonly string[],
  env = process.env,
): Connection => {
  const baseUrl = flag(args, "base-url") ?? env.KINTONE_BASE_URL;
  const username = flag(args, "username") ?? env.KINTONE_USERNAME;
  const password = flag(args, "password") ?? env.KINTONE_PASSWORD;
  const missing = [
    baseUrl ? null : "KINTONE_BASE_URL（--base-url）",
    username ? null : "KINTONE_USERNAME（--username）",
    password ? null : "KINTONE_PASSWORD（--password）",
  ].filter((m) => m !== null);
  if (missing.length > 0) {
    throw new CliError(
      `kintone への接続情報が足りません: ${missing.join("、")} を指定してください。`,
    );
  }
  return {
    baseUrl: checkedBaseUrl(baseUrl as string),
    username: username as string,
    password: password as string,
  };
};

export const clientFor = (c: Connection): KintoneRestAPIClient =>
  createKintoneClient(c.baseUrl, {
    username: c.username,
    password: c.password,
  });

/**
 * A network failure (no answer from kintone) as one line saying what to check; any other error
 * is given back unchanged.
 */
export const unreachable = (e: unknown, baseUrl: string): unknown => {
  const f = classifyKintoneError(e);
  return e instanceof CliError || f.kind !== "unreachable"
    ? e
    : new CliError(
        `kintone（${baseUrl}）に接続できません（${f.code}）。KINTONE_BASE_URL とネットワーク・プロキシの設定を確認してください。`,
      );
};

/** The rights of an API token, as kintone's token settings screen names them. */
export const TOKEN_RIGHT_LABELS: Record<TokenRight, string> = {
  view: "レコード閲覧",
  add: "レコード追加",
  edit: "レコード編集",
  delete: "レコード削除",
  manage: "アプリ管理",
};

/** What a script does to each app it touches: the rights its API token of that app needs. */
export type ScriptRights = Partial<Record<AppCode, readonly TokenRight[]>>;

/** One operator-script token a script uses: KINTONE_TOKEN_<APP>_SCRIPTS and its rights. */
export interface ScriptToken {
  code: AppCode;
  appName: string;
  envName: string;
  rights: readonly TokenRight[];
}

export const scriptTokens = (rights: ScriptRights): ScriptToken[] =>
  (Object.keys(rights) as AppCode[]).map((code) => ({
    code,
    appName: schemaOf(code).name,
    envName: tokenEnvName(code, "scripts"),
    rights: rights[code] ?? [],
  }));

/** Token rights as kintone's token settings screen names them, e.g. 「レコード閲覧・レコード追加」. */
export const rightsText = (rights: readonly TokenRight[]): string =>
  rights.map((r) => TOKEN_RIGHT_LABELS[r]).join("・");

/** A script's connection: where, with which credentials, and how (for the opening line). */
export interface KintoneAccess {
  baseUrl: string;
  auth: KintoneAuth;
  /** How it authenticates, for the opening line (never the secret). */
  authLabel: string;
  /** The API tokens it authenticates with and the rights each needs; empty for a password. */
  tokens: ScriptToken[];
}

/**
 * Where and how a script connects: the operator scripts' API tokens of the apps it touches
 * (KINTONE_TOKEN_<APP>_SCRIPTS, the names the deploy tool lists; several are sent together),
 * or a login name and password. A login given on the command line wins; then the tokens, when
 * every one is set; then KINTONE_USERNAME / KINTONE_PASSWORD.
 */
export const kintoneAccessFrom = (
  args: readonly string[],
  rights: ScriptRights,
  env: NodeJS.ProcessEnv = process.env,
): KintoneAccess => {
  const given = flag(args, "base-url") ?? env.KINTONE_BASE_URL;
  if (!given) {
    throw new CliError(
      "kintone の URL がありません: KINTONE_BASE_URL（--base-url）を指定してください。",
    );
  }
  const baseUrl = checkedBaseUrl(given);
  const userFlag = flag(args, "username") ?? flag(args, "user");
  const passwordFlag = flag(args, "password");
  const tokens = scriptTokens(rights);
  const values = tokens.map((t) => env[t.envName] ?? "");
  if (
    userFlag === undefined &&
    passwordFlag === undefined &&
    values.every((v) => v !== "")
  ) {
    return {
      baseUrl,
      auth: { apiToken: values.length === 1 ? (values[0] as string) : values },
      authLabel: `APIトークン（${tokens.map((t) => t.envName).join("、")}）`,
      tokens,
    };
  }
  const username = userFlag ?? env.KINTONE_USERNAME;
  const password = passwordFlag ?? env.KINTONE_PASSWORD;
  if (!username || !password) {
    const missing = tokens.filter((_, i) => values[i] === "");
    throw new CliError(
      `kintone への認証情報がありません: 環境変数 ${missing.map((t) => t.envName).join("、")}（運用スクリプト用 API トークン）か、KINTONE_USERNAME（--username）と KINTONE_PASSWORD（--password）を指定してください。`,
    );
  }
  return {
    baseUrl,
    auth: { username, password },
    authLabel: `ユーザー ${username}`,
    tokens: [],
  };
};

export const clientOf = (access: KintoneAccess): KintoneRestAPIClient =>
  createKintoneClient(access.baseUrl, access.auth);

/** The --help section on authentication of a script that takes the operator scripts' tokens. */
export const tokenHelp = (rights: ScriptRights): string => {
  const tokens = scriptTokens(rights);
  const nameWidth = Math.max(...tokens.map((t) => t.envName.length));
  const rows = tokens.map(
    (t) =>
      `    ${t.envName.padEnd(nameWidth)}  ${t.appName}: ${rightsText(t.rights)}`,
  );
  return [
    "認証 / Authentication:",
    "  運用スクリプト用の API トークン（npm run deploy -- --help が一覧する名前）を環境変数で渡します。",
    "  アプリごとに1つ、次の権限を付けたトークンが必要です:",
    ...rows,
    "  --username / --password を指定するとそちらを使います。トークンが揃っていなければ",
    "  KINTONE_USERNAME / KINTONE_PASSWORD のユーザーで接続します。最初の行に、どちらで接続したかを表示します。",
    "  Uses the operator scripts' API tokens above when all are set; --username/--password win;",
    "  otherwise KINTONE_USERNAME/KINTONE_PASSWORD.",
  ].join("\n");
};

/** The one-line --help note of a command that needs a user: why no API token will do. */
export const passwordOnlyHelp = (why: string): string =>
  `認証: KINTONE_USERNAME / KINTONE_PASSWORD（--username / --password）のユーザーで接続します。${why}`;

const refusalCode = (f: KintoneFailure): string | undefined => {
  if (f.kind === "refused") {
    return f.code;
  }
  return f.kind === "partial" ? refusalCode(f.cause) : undefined;
};

/**
 * kintone's refusal of a script's API tokens as one line saying which token needs which right
 * (GAIA_NO01) or which tokens to check (GAIA_IA02); null for any other error, or a password.
 */
export const tokenRefusal = (
  code: string | undefined,
  access: KintoneAccess,
): CliError | null => {
  if (access.tokens.length === 0) {
    return null;
  }
  const names = access.tokens.map((t) => t.envName).join("、");
  if (code === "GAIA_NO01") {
    const needs = access.tokens
      .map((t) => `${t.envName} に「${rightsText(t.rights)}」`)
      .join("、");
    return new CliError(
      `API トークンの権限が足りません（GAIA_NO01）: ${needs}の権限が必要です。kintone のアプリの設定 →「API トークン」で権限を付けて保存し、アプリを更新してください。`,
    );
  }
  if (code === "GAIA_IA02") {
    return new CliError(
      `API トークンが使えません（GAIA_IA02）: ${names} がそれぞれのアプリで生成した有効なトークンか確かめてください。`,
    );
  }
  return null;
};

/**
 * A failure of a script's work as one line: no answer from kintone (what to check), or its
 * tokens refused (which token needs which right); any other error is given back unchanged.
 */
export const explainFailure = (e: unknown, access: KintoneAccess): unknown => {
  if (e instanceof CliError) {
    // A script's own account of a failed write, kintone's error as its cause: the account
    // (what was written, what to do) follows the token's missing right.
    const refusal =
      e.cause === undefined
        ? null
        : tokenRefusal(refusalCode(classifyKintoneError(e.cause)), access);
    return refusal ? new CliError(`${refusal.message} ${e.message}`) : e;
  }
  return (
    tokenRefusal(refusalCode(classifyKintoneError(e)), access) ??
    unreachable(e, access.baseUrl)
  );
};

/** Whether a progress bar on stderr was left part-way (its line not ended). */
let barOpen = false;

/** A text progress bar with rate and ETA, on stderr, redrawn in place. */
export const progressBar = (
  label: string,
  total: number,
  out: NodeJS.WriteStream = process.stderr,
) => {
  const started = Date.now();
  const width = 24;
  return (done: number): void => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    const filled = Math.round(ratio * width);
    out.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ` +
        `${rate.toFixed(0)}件/秒 残り約${eta.toFixed(0)}秒${done >= total ? "\n" : ""}`,
    );
    if (out === process.stderr) {
      barOpen = done < total;
    }
  };
};

const describe = (e: unknown): string => {
  if (e instanceof CliError) {
    return e.message;
  }
  const f = classifyKintoneError(e);
  if (f.kind === "refused") {
    return `kintone がエラーを返しました（${f.code}）。設定と権限を確認してください。`;
  }
  if (f.kind === "unreachable") {
    return `kintone に接続できません（${f.code}）。KINTONE_BASE_URL とネットワーク・プロキシの設定を確認してください。`;
  }
  return `予期しないエラーで中断しました: ${e instanceof Error ? e.name : "error"}`;
};

/**
 * Runs a script's main function: a CliError or a kintone error becomes one Japanese line on
 * stderr and exit code 1; nothing else of the error (no stack, no record data) is printed.
 */
export const runCli = (main: () => Promise<void>): void => {
  main().catch((e: unknown) => {
    // An error in the middle of a progress bar starts on a line of its own.
    process.stderr.write(`${barOpen ? "\n" : ""}エラー: ${describe(e)}\n`);
    process.exitCode = 1;
  });
};
