/**
 * Packing the plugin with the official @kintone/plugin-packer, and its private key: the one
 * given (`--ppk` or KINTONE_PLUGIN_PPK), else a development key kept in `.data/plugin-dev.ppk`
 * (gitignored), made on the first build and reused after, so the plugin id stays the same.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { packPluginFromManifest } from "@kintone/plugin-packer/from-manifest";
import { unzipSync } from "fflate";
import { CliError } from "../lib/cli.ts";
import {
  BUILD_INFO,
  buildPluginFiles,
  DEFAULT_OUT_DIR,
  DEFAULT_ZIP,
  type BuiltPlugin,
  type PluginManifest,
} from "./bundle.ts";

export const DEV_KEY = join(".data", "plugin-dev.ppk");

type ValidateManifest = (
  json: Record<string, unknown>,
  options: {
    relativePath: (f: string) => boolean;
    fileExists: (f: string) => boolean;
    maxFileSize: (max: number, f: string) => boolean;
  },
) => {
  valid: unknown;
  errors: Array<{ instancePath?: string; message?: string }> | null;
};

// A CommonJS package with an `exports.default`: loaded the same way under jest and under Node.
const requireHere = createRequire(import.meta.url);
const validateManifest = (
  requireHere("@kintone/plugin-manifest-validator") as {
    default: ValidateManifest;
  }
).default;

export interface KeyChoice {
  /** The key file used. */
  path: string;
  /** Whether it is the development key (made here when missing). */
  dev: boolean;
  /** Whether the development key was made by this run. */
  created: boolean;
}

/**
 * The private key to sign with: `--ppk`, else KINTONE_PLUGIN_PPK, else the development key
 * (made now when missing: RSA 1024 bits in PKCS#1 PEM, as plugin-packer makes its own).
 */
export const chooseKey = (o: {
  root: string;
  ppk?: string;
  env?: NodeJS.ProcessEnv;
  devKey?: string;
}): KeyChoice => {
  const given = o.ppk ?? o.env?.KINTONE_PLUGIN_PPK;
  if (given !== undefined && given !== "") {
    const path = resolve(o.root, given);
    if (!existsSync(path)) {
      throw new CliError(`秘密鍵のファイルがありません: ${given}`);
    }
    return { path, dev: false, created: false };
  }
  const path = resolve(o.root, o.devKey ?? DEV_KEY);
  if (existsSync(path)) {
    return { path, dev: true, created: false };
  }
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, privateKey, { mode: 0o600 });
  return { path, dev: true, created: true };
};

/** kintone's plugin id of a packed file: from its PUBKEY, as plugin-packer derives it. */
export const pluginIdOfZip = (zip: Uint8Array): string => {
  let pubkey: Uint8Array | undefined;
  try {
    pubkey = unzipSync(zip, { filter: (f) => f.name === "PUBKEY" }).PUBKEY;
  } catch {
    pubkey = undefined;
  }
  if (!pubkey) {
    throw new CliError(
      "プラグインファイルが正しくありません（署名付きの zip ではありません）。npm run build:plugin で作り直してください。",
    );
  }
  return createHash("sha256")
    .update(pubkey)
    .digest("hex")
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (d) => String.fromCharCode(97 + parseInt(d, 16)));
};

/** Checks the manifest in dir with kintone's official validator, the files included. */
export const checkManifest = (dir: string, manifest: PluginManifest): void => {
  const result = validateManifest(manifest, {
    relativePath: () => true,
    fileExists: (f) => existsSync(join(dir, f)),
    maxFileSize: (max, f) => statSync(join(dir, f)).size <= max,
  });
  if (!result.valid) {
    const said = (result.errors ?? [])
      .map((e) => `${e.instancePath ?? ""} ${e.message ?? ""}`.trim())
      .join("、");
    throw new CliError(`manifest.json が正しくありません: ${said}`);
  }
};

export interface Packed {
  id: string;
  zip: string;
  bytes: number;
  key: KeyChoice;
}

/** Packs the laid-out plugin folder into zipPath, signed with the chosen key. */
export const packDir = async (o: {
  dir: string;
  zipPath: string;
  key: KeyChoice;
}): Promise<Packed> => {
  const manifest = JSON.parse(
    readFileSync(join(o.dir, "manifest.json"), "utf8"),
  ) as PluginManifest;
  checkManifest(o.dir, manifest);
  const { plugin, id } = await packPluginFromManifest(
    join(o.dir, "manifest.json"),
    readFileSync(o.key.path, "utf8"),
  ).catch((e: unknown) => {
    throw new CliError(
      `プラグインをパッケージできませんでした（秘密鍵 ${o.key.path}）: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  mkdirSync(dirname(o.zipPath), { recursive: true });
  writeFileSync(o.zipPath, plugin);
  return { id, zip: o.zipPath, bytes: plugin.length, key: o.key };
};

export interface BuildAndPackOptions {
  root?: string;
  outDir?: string;
  zipPath?: string;
  ppk?: string;
  env?: NodeJS.ProcessEnv;
}

/** Builds the plugin's files and packs them: `npm run build:plugin` without the report. */
export const buildAndPack = async (
  o: BuildAndPackOptions = {},
): Promise<{ built: BuiltPlugin; packed: Packed }> => {
  const root = resolve(o.root ?? process.cwd());
  const key = chooseKey({
    root,
    ...(o.ppk === undefined ? {} : { ppk: o.ppk }),
    env: o.env ?? process.env,
  });
  const built = await buildPluginFiles({
    root,
    outDir: o.outDir ?? DEFAULT_OUT_DIR,
  });
  const packed = await packDir({
    dir: built.dir,
    zipPath: resolve(root, o.zipPath ?? DEFAULT_ZIP),
    key,
  });
  return { built, packed };
};

/**
 * Whether the zip must be built again: missing, or older than any source file its last build
 * read (listed in build-info.json) or than the key it was signed with.
 */
export const isStale = (o: {
  root: string;
  outDir?: string;
  zipPath?: string;
  key?: string;
}): boolean => {
  const zip = resolve(o.root, o.zipPath ?? DEFAULT_ZIP);
  const info = resolve(o.root, o.outDir ?? DEFAULT_OUT_DIR, BUILD_INFO);
  if (!existsSync(zip) || !existsSync(info)) {
    return true;
  }
  let sources: string[];
  try {
    sources = (JSON.parse(readFileSync(info, "utf8")) as { sources: string[] })
      .sources;
  } catch {
    return true;
  }
  const built = statSync(zip).mtimeMs;
  const inputs = [
    ...sources.map((f) => join(o.root, f)),
    ...(o.key ? [resolve(o.root, o.key)] : []),
  ];
  return inputs.some((f) => !existsSync(f) || statSync(f).mtimeMs > built);
};
