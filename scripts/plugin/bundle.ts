/**
 * The plugin's files, laid out for packing: webpack (swc-loader with the project's @swc/core, as
 * for customize/) bundles `plugin/src/desktop.ts`, `mobile.ts` and `config.tsx` into
 * `<outDir>/js/`, every other file the root `manifest.json` names (icon, config.html, CSS) is
 * copied from the repository at the same path, and the manifest is copied beside them. The
 * folder then holds exactly what plugin-packer packs. `build-info.json` lists the source files
 * the build read, so that a later run can tell whether the zip is older than its sources.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import webpack, { type Configuration, type Stats } from "webpack";
import { CliError } from "../lib/cli.ts";

export const DEFAULT_OUT_DIR = join("dist", "plugin");
export const DEFAULT_ZIP = join("dist", "plugin.zip");

/** SPEC: the desktop bundle at most 60 KB gzipped. */
export const DESKTOP_GZIP_LIMIT_BYTES = 60 * 1024;

/** The bundles: the path the manifest names → the entry it is built from. */
export const pluginEntries = {
  "js/desktop.js": join("plugin", "src", "desktop.ts"),
  "js/mobile.js": join("plugin", "src", "mobile.ts"),
  "js/config.js": join("plugin", "src", "config.tsx"),
} as const;
export type BuiltFile = keyof typeof pluginEntries;

export interface PluginManifest {
  version: string | number;
  icon: string;
  desktop?: { js?: string[]; css?: string[] };
  mobile?: { js?: string[]; css?: string[] };
  config?: { html?: string; js?: string[]; css?: string[] };
  [key: string]: unknown;
}

export interface FileSize {
  file: BuiltFile;
  bytes: number;
  gzipBytes: number;
}

export interface BuiltPlugin {
  /** The folder holding manifest.json and the files it names. */
  dir: string;
  manifest: PluginManifest;
  sizes: FileSize[];
  /** The repository files the build read (bundled sources and copied files), relative. */
  sources: string[];
}

export const readManifest = (root: string): PluginManifest => {
  try {
    return JSON.parse(
      readFileSync(join(root, "manifest.json"), "utf8"),
    ) as PluginManifest;
  } catch {
    throw new CliError(
      "manifest.json を読めません（リポジトリの直下にあり、JSON の形式であることを確認してください）。",
    );
  }
};

/** Every local file the manifest names, as plugin-packer packs them (https URLs excepted). */
export const manifestFiles = (m: PluginManifest): string[] => {
  const listed = [
    m.icon,
    ...[m.desktop, m.mobile, m.config].flatMap((s) => [
      ...(s?.js ?? []),
      ...(s?.css ?? []),
    ]),
    ...(m.config?.html ? [m.config.html] : []),
  ];
  return [...new Set(listed.filter((f) => !/^https?:\/\//i.test(f)))];
};

// The loader from this project's node_modules, whichever folder is built (tests build fixtures).
const swcLoader = createRequire(import.meta.url).resolve("swc-loader");

const configOf = (root: string, outDir: string): Configuration => ({
  name: "plugin",
  mode: "production",
  context: root,
  entry: Object.fromEntries(
    Object.entries(pluginEntries).map(([file, src]) => [
      file.replace(/\.js$/, ""),
      join(root, src),
    ]),
  ),
  output: { path: outDir, filename: "[name].js", iife: true },
  // kintone supports the latest Chrome, Edge, Firefox and Safari (desktop and mobile).
  target: ["web", "es2022"],
  devtool: false,
  resolve: { extensions: [".ts", ".tsx", ".js"] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: swcLoader,
          options: {
            jsc: {
              parser: { syntax: "typescript", tsx: true },
              target: "es2022",
              transform: { react: { runtime: "automatic" } },
            },
          },
        },
      },
    ],
  },
  performance: { hints: false },
  infrastructureLogging: { level: "error" },
});

const run = (config: Configuration): Promise<Stats> =>
  new Promise((done, reject) => {
    const compiler = webpack(config);
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error || !stats) {
          reject(error ?? new Error("webpack gave no stats"));
          return;
        }
        done(stats);
      });
    });
  });

/** The repository files webpack read, relative to root (node_modules left out). */
const sourcesOf = (stats: Stats, root: string): string[] =>
  [...stats.compilation.fileDependencies]
    .map((f) => relative(root, f))
    .filter(
      (f) =>
        !f.startsWith("..") &&
        !f.split(sep).includes("node_modules") &&
        existsSync(join(root, f)) &&
        statSync(join(root, f)).isFile(),
    )
    .sort();

/** The files the manifest names that are copied from the repository (not built). */
const copiedFiles = (manifest: PluginManifest): string[] =>
  manifestFiles(manifest).filter((f) => !(f in pluginEntries));

/** Checks, before building, that every source and every file to copy is there. */
const checkSources = (root: string, manifest: PluginManifest): void => {
  const missing = Object.values(pluginEntries).filter(
    (src) => !existsSync(join(root, src)),
  );
  if (missing.length > 0) {
    throw new CliError(
      `プラグインのソースファイルがありません: ${missing.join("、")}`,
    );
  }
  const named = new Set(manifestFiles(manifest));
  const unnamed = Object.keys(pluginEntries).filter((f) => !named.has(f));
  if (unnamed.length > 0) {
    throw new CliError(
      `manifest.json にビルドしたファイルが書かれていません: ${unnamed.join("、")}（desktop.js・mobile.js・config.js に書いてください）`,
    );
  }
  const absent = copiedFiles(manifest).filter(
    (f) => !existsSync(join(root, f)),
  );
  if (absent.length > 0) {
    throw new CliError(
      `manifest.json に書かれたファイルがリポジトリにありません: ${absent.join("、")}`,
    );
  }
};

/** Copies every file the manifest names that is not built; gives their paths. */
const copyNamedFiles = (
  root: string,
  outDir: string,
  manifest: PluginManifest,
): string[] => {
  const copied = copiedFiles(manifest);
  for (const f of copied) {
    const to = resolve(outDir, f);
    if (!to.startsWith(outDir + sep)) {
      throw new CliError(
        `manifest.json のファイルのパスが正しくありません: ${f}`,
      );
    }
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(root, f), to);
  }
  copyFileSync(join(root, "manifest.json"), join(outDir, "manifest.json"));
  return copied;
};

export const BUILD_INFO = "build-info.json";

/** Builds the bundles and lays out the plugin's files in outDir (emptied first). */
export const buildPluginFiles = async (
  o: { root?: string; outDir?: string } = {},
): Promise<BuiltPlugin> => {
  const root = resolve(o.root ?? process.cwd());
  const outDir = resolve(root, o.outDir ?? DEFAULT_OUT_DIR);
  const manifest = readManifest(root);
  checkSources(root, manifest);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const stats = await run(configOf(root, outDir));
  if (stats.hasErrors()) {
    const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
    throw new CliError(
      `プラグインのビルドに失敗しました:\n${errors.map((e) => e.message).join("\n")}`,
    );
  }
  const copied = copyNamedFiles(root, outDir, manifest);
  const sizes = (Object.keys(pluginEntries) as BuiltFile[]).map((file) => {
    const bytes = readFileSync(join(outDir, file));
    return {
      file,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    };
  });
  const sources = [
    ...new Set(["manifest.json", ...copied, ...sourcesOf(stats, root)]),
  ].sort();
  writeFileSync(
    join(outDir, BUILD_INFO),
    `${JSON.stringify({ sources }, null, 2)}\n`,
  );
  return { dir: outDir, manifest, sizes, sources };
};

export const desktopSize = (sizes: readonly FileSize[]): FileSize =>
  sizes.find((s) => s.file === "js/desktop.js") as FileSize;

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** The sizes as lines for the terminal. */
export const sizeLines = (sizes: readonly FileSize[]): string[] =>
  sizes.map(
    (s) =>
      `  ${s.file.padEnd(14)} ${kb(s.bytes).padStart(9)}  gzip ${kb(s.gzipBytes).padStart(8)}${
        s.file === "js/desktop.js" && s.gzipBytes > DESKTOP_GZIP_LIMIT_BYTES
          ? `  上限 ${kb(DESKTOP_GZIP_LIMIT_BYTES)} 超過`
          : ""
      }`,
  );
