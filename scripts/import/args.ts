/**
 * Command-line checks shared by the import and purge scripts (the option check itself is
 * `positionalArgs` in scripts/lib/cli.ts).
 */
import { CliError } from "../lib/cli.ts";

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
