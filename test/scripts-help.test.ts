/**
 * Every npm script of package.json that runs one of the project's own files answers --help (and
 * -h) with its Japanese usage and exit code 0, and does nothing else: it connects nowhere and
 * writes no file. Each runs as `npm run <name> -- --help` runs it (the same Node, the same
 * flags, the same file) from an empty working folder, which must stay empty: every output of
 * these commands (bench/results/*.json, .data/, dist/, docs/screenshots/, schemas/types/) is a
 * path under the working folder, so a help that ran the job would leave it there. (The
 * repository's own bench/results cannot be watched instead: other test files rebuild the
 * customizations and the plugin, and record their sizes there, at the same time.) -h is tried
 * on the files that read the options themselves; the others use scripts/lib/cli.ts's wantsHelp,
 * which takes both (scripts/lib/__tests__/cli.test.ts).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { collect, nodeBin, type RunResult } from "./support/sandboxProcess.ts";

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

/** Tool commands (eslint, jest, tsc, npm audit, shell checks): not the project's own scripts. */
const TOOLS = new Set([
  "lint",
  "format",
  "typecheck",
  "test",
  "test:jest",
  "pretest",
  "prestart",
  "audit:prod",
]);

interface Entry {
  name: string;
  /** Node's own flags, then the file. */
  argv: string[];
}

/** `node [--flag…] file.ts`: the flags and the file; anything else is not one entry point. */
const entryOf = (name: string, command: string): Entry | null => {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "node" || words.some((w) => /[&|;<>]/.test(w))) {
    return null;
  }
  const rest = words.slice(1);
  const file = rest.find((w) => !w.startsWith("-"));
  if (file === undefined || !/\.tsx?$/.test(file)) {
    return null;
  }
  return { name, argv: rest.slice(0, rest.indexOf(file) + 1) };
};

/** --help, and -h when the file does not use the shared wantsHelp. */
const optionsOf = (entry: Entry): string[] =>
  readFileSync(join(root, entry.argv.at(-1) as string), "utf8").includes(
    "wantsHelp(args)",
  )
    ? ["--help"]
    : ["--help", "-h"];

const entries = Object.entries(pkg.scripts)
  .filter(([name]) => !TOOLS.has(name))
  .map(([name, command]) => ({ name, command, entry: entryOf(name, command) }));

type Run = RunResult;

/**
 * Node's compile cache, shared by the runs (outside their working folders): the entry points
 * load many of the same modules, and a warm cache halves the time to start.
 */
let compileCache: string;

const run = async (argv: readonly string[], cwd: string): Promise<Run> => {
  const child = spawn(nodeBin, argv, {
    cwd,
    // No kintone to connect to and no portal settings: --help must need none.
    env: {
      ...process.env,
      KINTONE_BASE_URL: "",
      KINTONE_USERNAME: "",
      KINTONE_PASSWORD: "",
      NODE_COMPILE_CACHE: compileCache,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const failed = new Promise<never>((_resolve, reject) => {
    child.on("error", reject);
  });
  const p = collect(child);
  const code = await Promise.race([p.exited, failed]);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
};

/** Runs the tasks `limit` at a time, in order of the results. */
const pooled = async <T>(
  tasks: ReadonlyArray<() => Promise<T>>,
  limit: number,
): Promise<T[]> => {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next;
      next += 1;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};

interface Answer {
  name: string;
  option: string;
  cwd: string;
  run: Run;
}

const answers: Answer[] = [];

beforeAll(async () => {
  compileCache = mkdtempSync(join(tmpdir(), "scripts-help-cache-"));
  const tasks = entries.flatMap(({ name, entry }) =>
    entry === null
      ? []
      : optionsOf(entry).map((option) => async (): Promise<Answer> => {
          const cwd = mkdtempSync(join(tmpdir(), "scripts-help-"));
          const argv = [
            ...entry.argv.slice(0, -1),
            join(root, entry.argv.at(-1) as string),
            option,
          ];
          return { name, option, cwd, run: await run(argv, cwd) };
        }),
  );
  answers.push(...(await pooled(tasks, Math.max(2, availableParallelism()))));
}, 120_000);

afterAll(() => {
  rmSync(compileCache, { recursive: true, force: true });
  for (const a of answers) {
    rmSync(a.cwd, { recursive: true, force: true });
  }
});

describe("npm run <script> -- --help", () => {
  it("every npm script is a tool command or runs one of the project's files", () => {
    expect(
      entries.filter((e) => e.entry === null).map((e) => e.command),
    ).toEqual([]);
  });

  it.each(entries.filter((e) => e.entry !== null).map((e) => e.name))(
    "%s prints its Japanese usage with --help, exits 0 and writes nothing",
    (name) => {
      const mine = answers.filter((a) => a.name === name);
      expect(mine[0]?.option).toBe("--help");
      for (const a of mine) {
        expect({
          option: a.option,
          code: a.run.code,
          err: a.run.stderr,
        }).toEqual({ option: a.option, code: 0, err: "" });
        expect(a.run.stdout).toMatch(/^使い方: /);
        expect(a.run.stdout).toMatch(/[\u3040-\u30ff]/);
        expect(readdirSync(a.cwd)).toEqual([]);
      }
      for (const a of mine.slice(1)) {
        expect(a.run.stdout).toBe(mine[0]?.run.stdout);
      }
    },
  );
});
