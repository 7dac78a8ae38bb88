/**
 * The demo for a test file: started before its tests in a folder of its own (kintone in
 * memory, free ports), closed and removed after them. `demo()` and `dir()` read it in tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startDemo, type Demo, type DemoOptions } from "../../scripts/demo.ts";

export const useDemo = (
  options: Omit<
    DemoOptions,
    "dataDir" | "memory" | "kintonePort" | "portalPort"
  >,
): { demo: () => Demo; dir: () => string } => {
  let demo: Demo | undefined;
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kaigo-demo-"));
    demo = await startDemo({
      dataDir: dir,
      memory: true,
      kintonePort: 0,
      portalPort: 0,
      ...options,
    });
  }, 180_000);
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    demo: () => {
      if (!demo) {
        throw new Error("the demo has not started");
      }
      return demo;
    },
    dir: () => dir,
  };
};

/** Rows of a table in one of the portal's SQLite files (`where` an optional condition). */
export const rowsIn = (file: string, table: string, where = "1"): number => {
  const db = new DatabaseSync(file);
  try {
    return (
      db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
};
