/**
 * What every operator script shares: flags and environment variables for the kintone
 * connection (the official tools' names), a one-line Japanese error instead of a stack trace,
 * and a progress bar for long work.
 */
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { isIsoDate, jstDateOf } from "../../domain/date.ts";
import {
  classifyKintoneError,
  createKintoneClient,
} from "../../kintone/client.ts";

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

/** KINTONE_BASE_URL / KINTONE_USERNAME / KINTONE_PASSWORD, or --base-url / --username / --password. */
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
  let url: URL;
  try {
    url = new URL(baseUrl as string);
  } catch {
    throw new CliError(`KINTONE_BASE_URL が URL ではありません: ${baseUrl}`);
  }
  if (url.protocol !== "https:" && url.hostname !== "localhost") {
    throw new CliError(
      "kintone の URL は https:// で始めてください（ローカルの kintone は http://localhost:ポート）。",
    );
  }
  return {
    baseUrl: (baseUrl as string).replace(/\/+$/, ""),
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
    process.stderr.write(`エラー: ${describe(e)}\n`);
    process.exitCode = 1;
  });
};
