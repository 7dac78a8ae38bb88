/**
 * Command-line checks shared by the import and purge scripts: unknown options and extra
 * arguments are refused with one line, and a kintone that does not answer is named.
 */
import { CliError } from "../lib/cli.ts";

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

/** A whole number flag within a range, or a one-line error. */
export const wholeNumber = (
  value: string,
  name: string,
  min: number,
  max: number,
): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new CliError(
      `--${name} は${min}〜${max}の整数で指定してください（指定: ${value}）。`,
    );
  }
  return n;
};
