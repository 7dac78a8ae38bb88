/**
 * The repository stands alone: no tracked file reads, imports or points a reader to a path
 * outside it. Found here:
 * - a relative path that climbs above the repository (two levels up from a file one folder
 *   deep), written as text (imports, links, comments) or as the path segments given to
 *   join/resolve after the working folder or the file's own folder;
 * - the folder named "shared" that developers keep next to the repository and a published
 *   clone does not have (its docs, seeds and spec), however it is reached;
 * - absolute paths into the development machine's work folder (`/work/…`).
 *
 * Hand-written because the rule is the project's own; no linter knows where the repository ends.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface OutsideReference {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** `../` one or more times, then a name: a relative path, resolved from the file's folder. */
const CLIMB = /(?<![\w.~/-])((?:\.\.\/)+)([\w.-]*)/g;
/** Path segments: `"..", "name"` (join/resolve arguments), after a cwd or a dirname. */
const SEGMENTS =
  /(?:cwd\(\)|__dirname|dirname\([^)]*\)|import\.meta\.dirname)\s*,\s*((?:["']\.\.["']\s*,\s*)+)/g;
const SIBLING =
  /(?<![\w-])shared\/(?:docs|seeds|SPEC\.md|STYLE\.md|kintone-rest-spec|hooks)\b|\.\.\/shared\b/g;
const WORKPLACE = /(?<![\w.-])\/work\/(?:shared|main|\.library|\.mirror)\b/g;

const lineOf = (text: string, index: number): number =>
  text.slice(0, index).split("\n").length;

const lineText = (text: string, line: number): string =>
  (text.split("\n")[line - 1] ?? "").trim().slice(0, 160);

/** Whether `target`, resolved from `fromDir`, lies outside `root`. */
const escapes = (root: string, fromDir: string, target: string): boolean => {
  const rel = relative(root, resolve(fromDir, target));
  return rel === ".." || rel.startsWith(`..${sep}`);
};

/** The outside references in one file's text; `file` is relative to `root`. */
export const outsideReferencesIn = (
  root: string,
  file: string,
  text: string,
): OutsideReference[] => {
  const found: OutsideReference[] = [];
  const add = (index: number, why: string): void => {
    const line = lineOf(text, index);
    found.push({ file, line, text: lineText(text, line), why });
  };
  const dir = dirname(join(root, file));
  for (const m of text.matchAll(SIBLING)) {
    add(m.index, "a folder beside the repository");
  }
  for (const m of text.matchAll(WORKPLACE)) {
    add(m.index, "an absolute path on a development machine");
  }
  for (const m of text.matchAll(CLIMB)) {
    const target = `${m[1] ?? ""}${m[2] ?? ""}`;
    // A glob (`"../*"` in a lint rule's import patterns) names no file.
    const glob = /^[^\s"'`)]*\*/.test(text.slice(m.index));
    if (!glob && escapes(root, dir, target)) {
      add(m.index, "a relative path above the repository");
    }
  }
  for (const m of text.matchAll(SEGMENTS)) {
    // Counted from the repository root (cwd) or the file's folder, whichever is deeper.
    const ups = ((m[1] ?? "").match(/\.\./g) ?? []).length;
    const depth = relative(root, dir).split(sep).filter(Boolean).length;
    if (m[0].startsWith("cwd") ? ups > 0 : ups > depth) {
      add(m.index, "path segments that climb above the repository");
    }
  }
  return found.sort((a, b) => a.line - b.line);
};

/** Reads each file (relative to `root`) and lists its outside references; binary files skipped. */
export const findOutsideReferences = (
  root: string,
  files: readonly string[],
): OutsideReference[] =>
  files.flatMap((file) => {
    let buffer: Buffer;
    try {
      buffer = readFileSync(join(root, file));
    } catch {
      return []; // deleted in the work tree but still tracked
    }
    if (buffer.includes(0)) {
      return [];
    }
    return outsideReferencesIn(root, file, buffer.toString("utf8"));
  });
