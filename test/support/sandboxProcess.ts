/**
 * Runs `node sandbox/main.ts` (what `npm run sandbox` does) or `node portal/main.ts` (`npm run
 * portal`) as a child process, for tests of the command line and of durability across kill -9.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = process.cwd();
/** The project's pinned Node 24 (the `node` devDependency). */
export const nodeBin = join(root, "node_modules", ".bin", "node");

/** A child process with its output collected as it comes. */
export interface ChildRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once it has ended. */
  exited: Promise<number | string>;
}

export interface SandboxProcess extends ChildRun {
  /** The base URL it printed, e.g. http://localhost:40123. */
  url: string;
}

export interface RunResult {
  code: number | string;
  stdout: string;
  stderr: string;
}

/** Collects a spawned child's stdout and stderr (both piped) and its end. */
export const collect = (child: ChildProcess): ChildRun => {
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    out += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    err += s;
  });
  // "close", not "exit": the output is all read by then.
  const exited = new Promise<number | string>((resolve) => {
    child.on("close", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
};

const launch = (
  script: string,
  args: string[],
  env: Record<string, string> = {},
): ChildRun =>
  collect(
    spawn(nodeBin, [script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );

/** Runs to completion (for --help and failures). */
export const runSandboxCli = async (
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> => {
  const p = launch("sandbox/main.ts", args, env);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
};

/**
 * Runs one of the project's commands to completion, as an operator would (`node scripts/x.ts`):
 * the test machine's own KINTONE_* settings are blanked, so only what `env` gives is used.
 */
export const runScript = async (
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> => {
  const p = launch(script, args, {
    KINTONE_BASE_URL: "",
    KINTONE_USERNAME: "",
    KINTONE_PASSWORD: "",
    ...env,
  });
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
};

/** Starts a script and waits until it prints its URL. */
const startScript = async (
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<SandboxProcess> => {
  const p = launch(script, args, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start: ${p.stderr()}`)),
      90_000,
    );
    const check = (): void => {
      const m = /http:\/\/localhost:\d+/.exec(p.stdout());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    p.child.stdout?.on("data", check);
    p.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited: ${p.stderr()}`));
    });
  });
  return { ...p, url };
};

/** The local kintone; resolves once it prints its URL. */
export const startSandboxProcess = (
  args: string[],
  env: Record<string, string> = {},
): Promise<SandboxProcess> => startScript("sandbox/main.ts", args, env);

/** The portal, configured by `env` (PORTAL_*, KINTONE_*); resolves once it prints its URL. */
export const startPortalProcess = (
  env: Record<string, string>,
): Promise<SandboxProcess> => startScript("portal/main.ts", [], env);

export const basicHeaders = (
  login = "admin",
  password = "admin",
): Record<string, string> => ({
  "X-Cybozu-Authorization": Buffer.from(`${login}:${password}`).toString(
    "base64",
  ),
  "Content-Type": "application/json",
});
