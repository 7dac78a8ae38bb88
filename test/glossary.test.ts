import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fieldLabels } from "../domain/fields.ts";

/** The rows of the "Fields" table in GLOSSARY.md as [Japanese, code name]. */
const glossaryFields = (): Array<[string, string]> => {
  const text = readFileSync(
    join(process.cwd(), "domain", "GLOSSARY.md"),
    "utf8",
  );
  const section = text.split("## Fields")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .map((line) => /^\|\s*(\S[^|]*?)\s*\|\s*`([A-Za-z0-9]+)`\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] as string, m[2] as string]);
};

describe("GLOSSARY.md", () => {
  it("lists every field label domain/ uses, with the same Japanese", () => {
    expect(
      Object.fromEntries(glossaryFields().map(([ja, code]) => [code, ja])),
    ).toEqual(fieldLabels);
  });
  it("gives each code name one Japanese term and each term one code name", () => {
    const rows = glossaryFields();
    expect(new Set(rows.map(([, code]) => code)).size).toBe(rows.length);
    expect(new Set(rows.map(([ja]) => ja)).size).toBe(rows.length);
  });
});
