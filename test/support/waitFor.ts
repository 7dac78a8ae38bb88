/**
 * Waits for a condition instead of sleeping: polls `condition` every `intervalMs` until it
 * holds, and fails only after a bound generous enough for a machine whose cores are busy with
 * other work.
 */
export const waitFor = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  what = "condition",
  intervalMs = 20,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
};
