/**
 * The committed record types (schemas/types/*.d.ts) are what @kintone/dts-gen generates from the
 * schemas deployed to a fresh local kintone; when they disagree, the failure says how to fix it.
 */
import { staleTypes, TYPES_DIR } from "../scripts/types.ts";

describe("generated record types", () => {
  it("agree with schemas/ (regenerate with: npm run types)", async () => {
    const stale = await staleTypes(TYPES_DIR);
    if (stale.length > 0) {
      throw new Error(
        `schemas/types is out of date for ${stale.join(", ")}: run \`npm run types\` and commit the result.`,
      );
    }
    expect(stale).toEqual([]);
  });
});
