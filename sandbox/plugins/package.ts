/**
 * Reading an uploaded plugin file (docs/kintone-behaviour.md §14). kintone takes the
 * packed format of @kintone/plugin-packer / `cli-kintone plugin pack`: an outer zip holding
 * `contents.zip` (manifest.json and the files it names), `PUBKEY` (the RSA public key, SPKI DER)
 * and `SIGNATURE` (RSA PKCS#1 v1.5 over contents.zip; SHA-256 today, SHA-1 from older packers).
 * The plugin id is derived from the public key: the first 32 hex digits of its SHA-256, each
 * mapped 0–f → a–p.
 *
 * Sandbox convenience (not kintone): a plain zip with manifest.json at its root is accepted too;
 * its id is derived the same way from the SHA-256 of the manifest's English name, so re-packing
 * the same plugin keeps its id.
 *
 * Every problem is a 400 CB_VA01 keyed `fileKey`, one message per problem.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { unzipSync } from "fflate";
import { t, validation, type LocalizedText } from "../core/errors.ts";

export type Localized = Record<string, string>;

export interface PluginManifest {
  manifest_version: number;
  version: number | string;
  type: "APP";
  name: Localized;
  description?: Localized;
  icon: string;
  desktop?: { js?: string[]; css?: string[] };
  mobile?: { js?: string[]; css?: string[] };
  config?: { html?: string; js?: string[]; css?: string[] };
  [key: string]: unknown;
}

export interface PluginPackage {
  id: string;
  manifest: PluginManifest;
  /** Whether it came signed (contents.zip + PUBKEY + SIGNATURE) or as a plain zip. */
  signed: boolean;
}

const invalid = (...texts: LocalizedText[]) => validation({ fileKey: texts });

/** kintone's plugin id: SHA-256 of the bytes, first 32 hex digits mapped 0–f → a–p. */
export const pluginIdOf = (bytes: Uint8Array): string =>
  createHash("sha256")
    .update(bytes)
    .digest("hex")
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (d) => String.fromCharCode(97 + parseInt(d, 16)));

const unzip = (
  bytes: Uint8Array,
  what: LocalizedText,
): Map<string, Uint8Array> => {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw invalid(
      t(
        `${what.ja}がZIP形式ではないか、壊れています。`,
        `${what.en} is not a valid zip archive.`,
      ),
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith("/")) {
      files.set(normalizePath(name), data);
    }
  }
  return files;
};

const normalizePath = (p: string): string =>
  p.replace(/\\/g, "/").replace(/^(\.\/|\/)+/, "");

const checkSignature = (
  contents: Uint8Array,
  pubkey: Uint8Array,
  signature: Uint8Array,
): void => {
  let ok = false;
  try {
    const key = createPublicKey({
      key: Buffer.from(pubkey),
      format: "der",
      type: "spki",
    });
    ok = ["sha256", "sha1"].some((alg) =>
      verify(alg, contents, key, signature),
    );
  } catch {
    ok = false;
  }
  if (!ok) {
    throw invalid(
      t(
        "プラグインファイルの署名（SIGNATURE）が contents.zip と公開鍵（PUBKEY）に一致しません。",
        "The plug-in file's SIGNATURE does not match contents.zip and PUBKEY.",
      ),
    );
  }
};

const isLocalized = (v: unknown, required: boolean): v is Localized =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((s) => typeof s === "string") &&
  (!required || ((v as Localized).en ?? "") !== "");

const isStringList = (v: unknown): boolean =>
  v === undefined ||
  (Array.isArray(v) && v.every((s) => typeof s === "string" && s !== ""));

const isScreen = (v: unknown, html: boolean): boolean => {
  if (v === undefined) {
    return true;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return false;
  }
  const s = v as Record<string, unknown>;
  return (
    isStringList(s.js) &&
    isStringList(s.css) &&
    (!html || s.html === undefined || typeof s.html === "string")
  );
};

const VERSION = /^\d+(\.\d+){0,2}$/;

/** The manifest keys that are missing or malformed. */
const manifestProblems = (m: Record<string, unknown>): string[] => {
  const checks: Array<[string, boolean]> = [
    [
      "manifest_version",
      Number.isInteger(m.manifest_version) &&
        (m.manifest_version as number) >= 1,
    ],
    [
      "version",
      (Number.isInteger(m.version) && (m.version as number) >= 1) ||
        (typeof m.version === "string" && VERSION.test(m.version)),
    ],
    ["type", m.type === "APP"],
    ["name", isLocalized(m.name, true)],
    [
      "description",
      m.description === undefined || isLocalized(m.description, true),
    ],
    ["icon", typeof m.icon === "string" && m.icon !== ""],
    ["desktop", isScreen(m.desktop, false)],
    ["mobile", isScreen(m.mobile, false)],
    ["config", isScreen(m.config, true)],
  ];
  return checks.filter(([, ok]) => !ok).map(([key]) => key);
};

const readManifest = (files: Map<string, Uint8Array>): PluginManifest => {
  const raw = files.get("manifest.json");
  if (!raw) {
    throw invalid(
      t(
        "プラグインファイルに manifest.json がありません。",
        "manifest.json is not found in the plug-in file.",
      ),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw).replace(/^\uFEFF/, ""));
  } catch {
    json = undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw invalid(
      t(
        "manifest.json が正しいJSONではありません。",
        "manifest.json is not a valid JSON object.",
      ),
    );
  }
  const problems = manifestProblems(json as Record<string, unknown>);
  if (problems.length > 0) {
    throw invalid(
      ...problems.map((key) =>
        t(
          `manifest.json の「${key}」がないか、正しくありません。`,
          `manifest.json: "${key}" is missing or invalid.`,
        ),
      ),
    );
  }
  return json as PluginManifest;
};

/** Every local file the manifest names (https URLs excepted), as plugin-packer packs them. */
export const manifestFiles = (m: PluginManifest): string[] => {
  const screens = [m.desktop, m.mobile, m.config];
  const listed = [
    m.icon,
    ...screens.flatMap((s) => [...(s?.js ?? []), ...(s?.css ?? [])]),
    ...(m.config?.html ? [m.config.html] : []),
  ];
  return [
    ...new Set(
      listed.filter((f) => !/^https?:\/\//i.test(f)).map(normalizePath),
    ),
  ];
};

const checkFiles = (
  manifest: PluginManifest,
  files: Map<string, Uint8Array>,
): void => {
  const missing = manifestFiles(manifest).filter((f) => !files.has(f));
  if (missing.length > 0) {
    throw invalid(
      ...missing.map((f) =>
        t(
          `manifest.json に書かれたファイル「${f}」がプラグインファイルにありません。`,
          `The file "${f}" named in manifest.json is not in the plug-in file.`,
        ),
      ),
    );
  }
};

const missingKeyFile = (name: string) =>
  invalid(
    t(
      `プラグインファイルに ${name} がありません（contents.zip, PUBKEY, SIGNATURE の3つが必要です）。`,
      `${name} is not found in the plug-in file (it needs contents.zip, PUBKEY and SIGNATURE).`,
    ),
  );

/** Opens and checks an uploaded plugin file; throws CB_VA01 (key `fileKey`) on any problem. */
export const readPluginPackage = (bytes: Uint8Array): PluginPackage => {
  const outer = unzip(bytes, t("プラグインファイル", "The plug-in file"));
  const contents = outer.get("contents.zip");
  if (contents === undefined) {
    const manifest = readManifest(outer);
    checkFiles(manifest, outer);
    return {
      id: pluginIdOf(new TextEncoder().encode(manifest.name.en)),
      manifest,
      signed: false,
    };
  }
  const pubkey = outer.get("PUBKEY");
  const signature = outer.get("SIGNATURE");
  if (!pubkey) {
    throw missingKeyFile("PUBKEY");
  }
  if (!signature) {
    throw missingKeyFile("SIGNATURE");
  }
  checkSignature(contents, pubkey, signature);
  const files = unzip(contents, t("contents.zip", "contents.zip"));
  const manifest = readManifest(files);
  checkFiles(manifest, files);
  return { id: pluginIdOf(pubkey), manifest, signed: true };
};
