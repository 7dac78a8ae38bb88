/**
 * Durability: a process records events in a loop and ships them; it is killed with SIGKILL
 * (once at the worst moment: kintone has committed a batch, the process has not yet marked it;
 * once at an arbitrary moment), restarted on the same audit file, and flushed. Every event it
 * reported as recorded is then in the 閲覧ログ app exactly once, and so is every other event
 * in its file: none lost, none doubled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { openAuditLog } from "../log.ts";
import {
  deployAccessLog,
  eventIdsInKintone,
  type AccessLogApp,
} from "./kintone.ts";
import { waitFor } from "../../../test/support/waitFor.ts";

const CHILD = join(
  process.cwd(),
  "portal",
  "audit",
  "__tests__",
  "auditChild.ts",
);
const UUID = /^recorded ([0-9a-f-]{36})$/;

let dir: string;
let t: TestSandbox;
let kintone: AccessLogApp;
/** Set to a child to SIGKILL it as soon as kintone has committed one of its batches. */
let killOnCommit: ChildProcess | null = null;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "audit-durability-"));
  t = await startTestSandbox({
    onResponse: (method, path, status) => {
      if (
        killOnCommit &&
        method === "POST" &&
        path.endsWith("/bulkRequest.json") &&
        status === 200
      ) {
        // Called after the commit, before the answer is written: the child never sees it.
        killOnCommit.kill("SIGKILL");
        killOnCommit = null;
      }
    },
  });
  kintone = await deployAccessLog(t.sandbox.url, dir);
});

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGKILL");
    }
  }
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Child {
  process: ChildProcess;
  lines: () => string[];
  exited: Promise<number | string>;
}

const startChild = (file: string, mode: "run" | "flush"): Child => {
  const child = spawn(
    process.execPath,
    [CHILD, file, t.sandbox.url, kintone.app, kintone.token, mode],
    {
      env: { ...process.env, NO_PROXY: "localhost,127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let out = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    out += s;
  });
  child.stderr?.resume();
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  // Only whole lines: a line cut by the kill is not a report.
  return { process: child, lines: () => out.split("\n").slice(0, -1), exited };
};

const recordedIds = (c: Child): string[] =>
  c
    .lines()
    .map((l) => UUID.exec(l)?.[1])
    .filter((id): id is string => id !== undefined);

test("every event reported as recorded before a SIGKILL is in kintone exactly once", async () => {
  const file = join(dir, "audit.sqlite");
  const reported: string[] = [];

  // 1: killed right after kintone committed a batch the child has not marked yet.
  const first = startChild(file, "run");
  await waitFor(() => recordedIds(first).length >= 150, 60_000, "records");
  killOnCommit = first.process;
  expect(await first.exited).toBe("SIGKILL");
  reported.push(...recordedIds(first));

  // 2: restarted; finds that batch already in kintone, goes on, and is killed at any moment.
  const second = startChild(file, "run");
  await waitFor(
    () =>
      second.lines().some((l) => /already in kintone/.test(l)) &&
      recordedIds(second).length >= 150,
    60_000,
    "the committed batch to be found, and more records",
  );
  second.process.kill("SIGKILL");
  expect(await second.exited).toBe("SIGKILL");
  reported.push(...recordedIds(second));

  // 3: restarted on the same file and flushed.
  const last = startChild(file, "flush");
  expect(await last.exited).toBe(0);
  expect(last.lines()).toContain("flushed 0");

  const inKintone = await eventIdsInKintone(kintone.admin, kintone.app);
  expect(reported.filter((id) => inKintone.get(id) !== 1)).toEqual([]);
  expect([...inKintone.values()].every((n) => n === 1)).toBe(true);
  // Events recorded but not yet reported when the kill came are shipped too, and nothing else.
  const log = openAuditLog(file);
  try {
    expect(log.counts()).toMatchObject({ pending: 0, shipped: inKintone.size });
  } finally {
    log.close();
  }
  expect(new Set(reported).size).toBe(reported.length);
  expectConformingResponses(t);
});
