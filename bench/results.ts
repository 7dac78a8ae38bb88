/** Records a benchmark's figures in bench/results/<name>.json, printing them unless told not to. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const recordResult = (
  name: string,
  result: unknown,
  { print = true } = {},
): void => {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (print) {
    console.log(text.trimEnd());
  }
  const dir = join(process.cwd(), "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), text);
};
