import { wantsHelp } from "../cli.ts";

test("every command shows its help for --help and for -h", () => {
  expect(wantsHelp(["--help"])).toBe(true);
  expect(wantsHelp(["x.csv", "-h"])).toBe(true);
  expect(wantsHelp(["--h"])).toBe(false);
  expect(wantsHelp(["--dry-run", "x.csv"])).toBe(false);
});
