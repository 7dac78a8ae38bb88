/**
 * The page client, bundled by esbuild in memory: `sandbox/web/client/index.ts` → one script
 * for browsers (IIFE, ES2020) served at `/k/static/kintone.js`, and
 * `sandbox/web/client/sandbox.css` (its imports inlined) at `/k/static/sandbox.css`. Built once
 * per process and folder, started when the sandbox starts; a failed build is answered, on
 * request, with esbuild's messages, so the REST API works whatever state the client is in.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { build, formatMessagesSync, type BuildFailure } from "esbuild";

export type Built = { ok: true; text: string } | { ok: false; error: string };

export interface ClientBundle {
  js: Built;
  css: Built;
}

export const DEFAULT_CLIENT_DIR = join(
  process.cwd(),
  "sandbox",
  "web",
  "client",
);

const describe = (e: unknown): string => {
  const failure = e as Partial<BuildFailure>;
  if (Array.isArray(failure.errors) && failure.errors.length > 0) {
    return formatMessagesSync(failure.errors, {
      kind: "error",
      color: false,
    }).join("\n");
  }
  return e instanceof Error ? e.message : String(e);
};

const bundleOne = async (
  dir: string,
  entry: string,
  kind: "js" | "css",
): Promise<Built> => {
  const path = join(dir, entry);
  if (kind === "css" && !existsSync(path)) {
    return { ok: true, text: "" };
  }
  try {
    const result = await build({
      entryPoints: [path],
      absWorkingDir: dir,
      bundle: true,
      write: false,
      logLevel: "silent",
      charset: "utf8",
      ...(kind === "js"
        ? { format: "iife", platform: "browser", target: "es2020" }
        : { loader: { ".css": "css" } }),
    });
    const text = result.outputFiles.map((f) => f.text).join("\n");
    return { ok: true, text };
  } catch (e) {
    return { ok: false, error: describe(e) };
  }
};

const cache = new Map<string, Promise<ClientBundle>>();

/** The bundle of a client folder; the first call builds it, later calls share that build. */
export const clientBundle = (
  dir: string = DEFAULT_CLIENT_DIR,
): Promise<ClientBundle> => {
  let pending = cache.get(dir);
  if (!pending) {
    pending = Promise.all([
      bundleOne(dir, "index.ts", "js"),
      bundleOne(dir, "sandbox.css", "css"),
    ]).then(([js, css]) => ({ js, css }));
    cache.set(dir, pending);
  }
  return pending;
};
