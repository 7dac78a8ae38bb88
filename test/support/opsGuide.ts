/**
 * Reads the runnable steps of docs/運用ガイド.md and runs them as a city's IT staff would, with
 * the city's example values replaced by a local kintone's.
 *
 * The guide marks what may be run:
 * - `<!-- step: <name> [background] -->` before a ```sh block: commands, run in order;
 *   `session` marks the block that sets up the administrator's shell of its `##` section (the
 *   password typed at a prompt); it is prepended to the section's later steps;
 * - `<!-- file: <path> [append] -->` before a block: a file the reader writes (or adds to).
 */
import { spawn } from "node:child_process";
import { collect, type ChildRun } from "./sandboxProcess.ts";

export interface GuideBlock {
  kind: "step" | "file";
  /** The step's name, or the file's path as the guide names it. */
  name: string;
  flags: string[];
  /** The `##` heading the block is under. */
  section: string;
  body: string;
}

const MARK = /^<!-- (step|file): (\S+)((?: \S+)*) -->$/;

/** The marked blocks of the guide, in the order they appear. */
export const guideBlocks = (markdown: string): GuideBlock[] => {
  const lines = markdown.split("\n");
  const blocks: GuideBlock[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    if (line.startsWith("## ")) {
      section = line.slice(3).trim();
    }
    const mark = MARK.exec(line);
    if (!mark) {
      continue;
    }
    let open = i + 1;
    while ((lines[open] ?? "").trim() === "") {
      open += 1;
    }
    if (!(lines[open] ?? "").startsWith("```")) {
      throw new Error(`the mark on line ${i + 1} is not before a code block`);
    }
    const close = lines.findIndex((l, n) => n > open && l.startsWith("```"));
    if (close < 0) {
      throw new Error(`the code block after line ${i + 1} is not closed`);
    }
    blocks.push({
      kind: mark[1] as "step" | "file",
      name: mark[2] as string,
      flags: (mark[3] ?? "").trim().split(/\s+/).filter(Boolean),
      section,
      body: lines.slice(open + 1, close).join("\n"),
    });
    i = close;
  }
  return blocks;
};

/** Replaces each example value (longest first) with the local one. */
export const substitute = (
  text: string,
  values: ReadonlyArray<readonly [string, string]>,
): string =>
  [...values]
    .sort((a, b) => b[0].length - a[0].length)
    .reduce((t, [from, to]) => t.split(from).join(to), text);

/**
 * A file block's `KEY=value` lines with the values `overrides` gives (tokens, app ids, secrets
 * the reader makes); the other lines as written.
 */
export const fillEnvFile = (
  body: string,
  overrides: Readonly<Record<string, string>>,
): string =>
  body
    .split("\n")
    .map((line) => {
      const m = /^([A-Z][A-Z0-9_]*)=/.exec(line);
      const key = m?.[1];
      return key !== undefined && overrides[key] !== undefined
        ? `${key}=${overrides[key]}`
        : line;
    })
    .join("\n");

/** `KEY=value` lines of an env file (comments and blank lines skipped). */
export const readEnvFile = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split("\n")
      .map((l) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  );

export type ShellRun = ChildRun;

/**
 * Runs a script with bash (-e, pipefail) in its own process group, so that a background step
 * and the processes it started can be stopped together.
 */
export const runShell = (
  script: string,
  o: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string },
): ShellRun => {
  const child = spawn("bash", ["-eo", "pipefail", "-c", script], {
    cwd: o.cwd,
    env: o.env,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  child.stdin.end(o.stdin ?? "");
  return collect(child);
};

/** Stops a run and everything it started (its process group), and waits for it. */
export const stopShell = async (run: ShellRun): Promise<void> => {
  if (run.child.exitCode !== null || run.child.signalCode !== null) {
    return;
  }
  const pid = run.child.pid;
  if (pid !== undefined) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  await run.exited;
};
