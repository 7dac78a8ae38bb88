import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pluginEntries } from "../scripts/plugin/bundle.ts";

const root = process.cwd();
// A CommonJS package with an `exports.default`: load it the same way under jest and under Node.
const { default: validate } = createRequire(join(root, "package.json"))(
  "@kintone/plugin-manifest-validator",
) as {
  default: (
    json: Record<string, unknown>,
    options: {
      relativePath: (f: string) => boolean;
      fileExists: (f: string) => boolean;
      maxFileSize: (max: number, f: string) => boolean;
    },
  ) => { valid: unknown; errors: unknown[] | null };
};
/**
 * Where a file the manifest names comes from: the bundles (js/*.js) are built from their entry
 * by `npm run build:plugin`; everything else is in the repository as it ships.
 */
const sourceOf = (f: string): string =>
  (pluginEntries as Record<string, string>)[f] ?? f;

const manifest = JSON.parse(
  readFileSync(join(root, "manifest.json"), "utf8"),
) as Record<string, unknown>;

/** Every file path the manifest names: icon, and js/css/html of each screen. */
const referencedFiles = (m: Record<string, unknown>): string[] => {
  const screens = ["desktop", "mobile", "config"].map(
    (k) => (m[k] ?? {}) as { js?: string[]; css?: string[]; html?: string },
  );
  return [
    m.icon as string,
    ...screens.flatMap((s) => [
      ...(s.js ?? []),
      ...(s.css ?? []),
      ...(s.html ? [s.html] : []),
    ]),
  ].filter((f) => !/^https:\/\//.test(f));
};

describe("manifest.json (the plugin manifest)", () => {
  it("passes kintone's official manifest validator, files included", () => {
    const result = validate(manifest, {
      relativePath: () => true,
      fileExists: (f: string) => existsSync(join(root, sourceOf(f))),
      maxFileSize: (max: number, f: string) =>
        statSync(join(root, sourceOf(f))).size <= max,
    });
    expect(result.errors).toBeNull();
    expect(result.valid).toBe(true);
  });

  it("names only files that exist in the repository, or bundles built from one", () => {
    const missing = referencedFiles(manifest).filter(
      (f) => !existsSync(join(root, sourceOf(f))),
    );
    expect(missing).toEqual([]);
  });

  it("carries the same version as package.json", () => {
    const pkg = JSON.parse(
      readFileSync(join(root, "package.json"), "utf8"),
    ) as { version: string };
    expect(manifest.version).toBe(pkg.version);
  });

  it("is named in Japanese for the city's staff", () => {
    expect((manifest.name as { ja: string }).ja).toMatch(
      /[\u3040-\u30FF\u4E00-\u9FFF]/,
    );
  });
});
