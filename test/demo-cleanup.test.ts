/**
 * A demo that fails half-way (here: the portal cannot listen) closes the local kintone, the mail
 * catcher and what the portal had started (replica and audit timers), so a failing test file
 * leaves nothing open and jest exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo } from "../scripts/demo.ts";
import { waitFor } from "./support/waitFor.ts";

const servers = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

it("closes what it started when the portal cannot start", async () => {
  // The portal gets as far as it can: kintone, replica, audit, limits, mailer; then listen fails.
  const dir = mkdtempSync(join(tmpdir(), "kaigo-demo-fail-"));
  const before = servers();
  try {
    await expect(
      startDemo({
        dataDir: dir,
        memory: true,
        kintonePort: 0,
        portal: { port: -1 },
      }),
    ).rejects.toThrow(/port/);
    // Handles leave the list once their close has completed.
    await waitFor(
      () => servers() === before,
      30_000,
      "the servers and timers to close",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
