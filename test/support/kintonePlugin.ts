/**
 * Test plugins for browser tests: packs a folder of plugin files (manifest.json and the files
 * it names, an icon added if missing) into the zip the sandbox installs, and uploads files
 * through the REST client.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";

/** A tiny PNG header: the sandbox checks that the manifest's icon exists, not its pixels. */
const ICON = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

export const packPluginDir = (dir: string): Uint8Array => {
  const files: Record<string, Uint8Array> = { "icon.png": ICON };
  for (const name of readdirSync(dir)) {
    files[name] = new Uint8Array(readFileSync(join(dir, name)));
  }
  return zipSync(files);
};

export const uploadFile = async (
  client: KintoneRestAPIClient,
  name: string,
  data: Uint8Array | string,
): Promise<string> =>
  (
    await client.file.uploadFile({
      file: {
        name,
        data: typeof data === "string" ? data : Buffer.from(data),
      },
    })
  ).fileKey;
