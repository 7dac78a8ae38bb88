/**
 * Files (docs/kintone-behaviour.md §8): upload gives a temporary upload key; saving it in a
 * record, a customization or a plugin install turns it into a stored key, the only kind that
 * download serves. Upload keys not used within 3 days are dropped.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { RequestContext, Route } from "../core/context.ts";
import { errors, messages, validation } from "../core/errors.ts";
import { requiredString } from "../core/params.ts";
import type { StoredFile } from "../core/store.ts";
import { kintoneTime } from "../core/clock.ts";
import { appsHoldingFile } from "../spaces/files.ts";

const UPLOAD_LIFETIME_MS = 3 * 24 * 3600 * 1000;

const storedKey = (now: Date): string =>
  now.toISOString().replace(/\D/g, "").slice(0, 14) +
  randomBytes(18).toString("hex").toUpperCase();

const upload = (ctx: RequestContext): unknown => {
  const file = ctx.files.find((f) => f.field === "file") ?? ctx.files[0];
  if (!file) {
    throw validation({ file: [messages.requiredParam] });
  }
  const key = randomUUID();
  ctx.store.putFile(
    {
      key,
      name: file.filename,
      contentType: file.contentType,
      size: file.data.length,
      stored: false,
      createdAt: ctx.now.toISOString(),
    },
    file.data,
  );
  return { fileKey: key };
};

const download = (ctx: RequestContext): unknown => {
  const key = requiredString(ctx.params, "fileKey");
  const file = ctx.store.getFile(key);
  const data = file?.stored ? ctx.store.fileData(key) : undefined;
  if (!file || !data) {
    throw errors.fileNotFound(key);
  }
  return { raw: data, contentType: file.contentType, filename: file.name };
};

/**
 * Turns a file key given in a save (an upload key, or a stored key already handed out) into a
 * new stored copy, and returns its metadata as records and settings show it.
 * An unknown or expired key is a GAIA_BL01.
 */
export const storeFile = (
  ctx: RequestContext,
  key: string,
): { fileKey: string; name: string; contentType: string; size: string } => {
  const file = ctx.store.getFile(key);
  const expired =
    file !== undefined &&
    !file.stored &&
    ctx.now.getTime() - Date.parse(file.createdAt) > UPLOAD_LIFETIME_MS;
  if (!file || expired) {
    throw errors.fileNotFound(key);
  }
  const stored: StoredFile = {
    key: storedKey(ctx.now),
    name: file.name,
    contentType: file.contentType,
    size: file.size,
    stored: true,
    createdAt: kintoneTime(ctx.now),
  };
  ctx.store.copyFile(key, stored);
  return {
    fileKey: stored.key,
    name: stored.name,
    contentType: stored.contentType,
    size: String(stored.size),
  };
};

/** The bytes of a stored file (for the plugin installer). */
export const fileBytes = (ctx: RequestContext, key: string): Uint8Array => {
  const data = ctx.store.fileData(key);
  if (!data || !ctx.store.getFile(key)) {
    throw errors.fileNotFound(key);
  }
  return data;
};

export const fileRoutes: Route[] = [
  {
    method: "POST",
    api: "file.json",
    token: "any",
    appOf: () => undefined,
    handler: upload,
  },
  {
    method: "GET",
    api: "file.json",
    token: "any",
    appOf: () => undefined,
    appsOf: (p, store) => appsHoldingFile(store, p.fileKey),
    handler: download,
  },
];
