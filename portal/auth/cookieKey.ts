/**
 * The key that signs the portal's remembered-browser cookie (plugins/session.ts): made at the
 * first start, kept in the data folder (readable by the portal's user only), so that a restart
 * does not forget the browsers that logged in. Deleting the file forgets them all.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const KEY = /^[A-Za-z0-9_-]{43,}$/;

export const readOrCreateCookieKey = (file: string): string => {
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (KEY.test(existing)) {
      return existing;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw e;
    }
  }
  const key = randomBytes(32).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
};
