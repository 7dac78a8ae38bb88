/**
 * The demo for a test file: started before its tests in a folder of its own (kintone in
 * memory, free ports), closed and removed after them. `demo()` and `dir()` read it in tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { CustomizedApp } from "../../scripts/customize/bundles.ts";
import { deployCustomizations } from "../../scripts/customize/upload.ts";
import {
  startDemo,
  startDemoKintone,
  type Demo,
  type DemoKintone,
  type DemoOptions,
} from "../../scripts/demo.ts";

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

/**
 * The demo's local kintone alone (apps, demo data, the clerk; no portal) for a test file, the
 * same way: in memory, a free port, a folder of its own. `ready` adds what the file needs.
 */
export const useDemoKintone = (
  ready: (kintone: DemoKintone) => Promise<void> = async () => undefined,
): (() => DemoKintone) => {
  let kintone: DemoKintone | undefined;
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kaigo-demo-kintone-"));
    kintone = await startDemoKintone({
      dataDir: dir,
      memory: true,
      kintonePort: 0,
    });
    await ready(kintone);
  }, 240_000);
  afterAll(async () => {
    await kintone?.sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!kintone) {
      throw new Error("the demo's kintone has not started");
    }
    return kintone;
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

/**
 * The demo's kintone for a test file with the customizations of `apps` (default all) built and
 * deployed as `npm run upload:customize` does: webpack, the 20 KB gzipped bar, each app's
 * manifest, @kintone/customize-uploader. The bundles are built in a folder removed afterwards.
 */
export const useCustomizedDemo = (
  apps?: readonly CustomizedApp[],
): (() => DemoKintone) =>
  useDemoKintone(async (k) => {
    const dir = mkdtempSync(join(tmpdir(), "kaigo-customize-"));
    try {
      await deployCustomizations({
        connection: {
          baseUrl: k.sandbox.url,
          username: "admin",
          password: "admin",
        },
        ids: k.ids,
        appsFile: "(demo)",
        outDir: join(dir, "dist"),
        ...(apps ? { apps } : {}),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
