/**
 * The customization bundles: one per app and device, built by webpack (swc-loader with the
 * project's @swc/core) from `customize/<app>/<device>.ts` into `<outDir>/<app>/<device>.js`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import webpack, { type Configuration, type Stats } from "webpack";
import type { AppCode } from "../../schemas/types.ts";
import { CliError } from "../lib/cli.ts";

/** The apps with a customization, in the order they are built and uploaded. */
export const customizedApps = [
  "progress",
  "registration",
  "consent",
  "offices",
] as const satisfies readonly AppCode[];
export type CustomizedApp = (typeof customizedApps)[number];

export const devices = ["desktop", "mobile"] as const;
export type Device = (typeof devices)[number];

/** SPEC: every bundle at most 20 KB gzipped. */
export const GZIP_LIMIT_BYTES = 20 * 1024;

export const DEFAULT_OUT_DIR = join("dist", "customize");

export interface BundleSize {
  app: CustomizedApp;
  device: Device;
  /** The bundle's path. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export const bundlePath = (
  outDir: string,
  app: CustomizedApp,
  device: Device,
): string => join(outDir, app, `${device}.js`);

const configOf = (
  root: string,
  outDir: string,
  app: CustomizedApp,
  device: Device,
): Configuration => ({
  name: `${app}/${device}`,
  mode: "production",
  context: root,
  entry: join(root, "customize", app, `${device}.ts`),
  output: {
    path: join(outDir, app),
    filename: `${device}.js`,
    iife: true,
  },
  // kintone supports the latest Chrome, Edge, Firefox and Safari (desktop and mobile).
  target: ["web", "es2022"],
  devtool: false,
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: "swc-loader",
          options: {
            jsc: { parser: { syntax: "typescript" }, target: "es2022" },
          },
        },
      },
    ],
  },
  performance: { hints: false },
  infrastructureLogging: { level: "error" },
});

const runAll = (configs: Configuration[]): Promise<Stats[]> =>
  new Promise((done, reject) => {
    const compiler = webpack(configs);
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) {
          reject(error);
          return;
        }
        done(stats?.stats ?? []);
      });
    });
  });

const failures = (all: readonly Stats[]): string[] =>
  all.flatMap((s) =>
    s.hasErrors()
      ? (s.toJson({ all: false, errors: true }).errors ?? []).map(
          (e) => `${s.compilation.name ?? ""}: ${e.message}`,
        )
      : [],
  );

/** Builds every bundle into `outDir` and measures them (raw and gzipped). */
export const buildBundles = async (
  o: { root?: string; outDir?: string } = {},
): Promise<BundleSize[]> => {
  const root = o.root ?? process.cwd();
  const outDir = resolve(root, o.outDir ?? DEFAULT_OUT_DIR);
  const pairs = customizedApps.flatMap((app) =>
    devices.map((device) => ({ app, device })),
  );
  const stats = await runAll(
    pairs.map(({ app, device }) => configOf(root, outDir, app, device)),
  );
  const errors = failures(stats);
  if (errors.length > 0) {
    throw new CliError(
      `カスタマイズのビルドに失敗しました:\n${errors.join("\n")}`,
    );
  }
  return pairs.map(({ app, device }) => {
    const file = bundlePath(outDir, app, device);
    const bytes = readFileSync(file);
    return {
      app,
      device,
      file,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    };
  });
};

/** Columns on a terminal: CJK characters take two. */
const widthOf = (s: string): number =>
  [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0xff ? 2 : 1), 0);

const pad = (s: string, width: number, start: boolean): string => {
  const fill = " ".repeat(Math.max(0, width - widthOf(s)));
  return start ? fill + s : s + fill;
};

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** The sizes as a table, with the bundles over the limit marked. */
export const sizeTable = (sizes: readonly BundleSize[]): string => {
  const rows = [
    ["アプリ", "端末", "サイズ", "gzip", ""],
    ...sizes.map((s) => [
      s.app,
      s.device,
      kb(s.bytes),
      kb(s.gzipBytes),
      s.gzipBytes > GZIP_LIMIT_BYTES ? `上限 ${kb(GZIP_LIMIT_BYTES)} 超過` : "",
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => widthOf(r[i] ?? ""))),
  );
  return rows
    .map((r) =>
      r
        .map((cell, i) => {
          if (i === 4) {
            return cell;
          }
          return pad(cell, widths[i] ?? 0, i >= 2);
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

/** The bundles over the gzipped limit. */
export const oversized = (sizes: readonly BundleSize[]): BundleSize[] =>
  sizes.filter((s) => s.gzipBytes > GZIP_LIMIT_BYTES);
