import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOrCreateCookieKey } from "../cookieKey.ts";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cookie-key-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the cookie key", () => {
  it("is made once, readable by its owner only, and the same after a restart", () => {
    const file = join(dir, "cookie.key");
    const first = readOrCreateCookieKey(file);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readOrCreateCookieKey(file)).toBe(first);
  });

  it("replaces a file that holds no usable key", () => {
    const file = join(dir, "cookie.key");
    writeFileSync(file, "short\n");
    expect(readOrCreateCookieKey(file)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
