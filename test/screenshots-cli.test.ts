/** `npm run screenshots -- --help` prints its usage in Japanese and English and writes nothing. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { nodeBin } from "./support/sandboxProcess.ts";

const run = promisify(execFile);

it("prints its usage with --help and takes no screenshots", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaigo-screenshots-help-"));
  const out = join(dir, "out");
  try {
    const { stdout } = await run(
      nodeBin,
      [join("scripts", "screenshots.ts"), "--help", "--out", out],
      { timeout: 60_000 },
    );
    expect(stdout).toContain("使い方: npm run screenshots");
    expect(stdout).toContain("Writes PNG screenshots");
    expect(existsSync(out)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
