/**
 * The stand-alone check: which references it finds, that `npm run check:standalone` fails on a
 * repository with one (and names the place), and that this repository has none.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { nodeBin } from "../../../test/support/sandboxProcess.ts";
import { outsideReferencesIn } from "../standalone.ts";

const run = promisify(execFile);
const root = "/repo";
// Written in pieces so that this file itself refers to nothing outside the repository.
const up = "..";
const beside = `${up}/shared`;
const sharedDocs = ["shared", "docs"].join("/");
const workplace = ["", "work", "shared"].join("/");

const whys = (file: string, text: string): string[] =>
  outsideReferencesIn(root, file, text).map((r) => `${r.line} ${r.why}`);

describe("outsideReferencesIn", () => {
  it("finds the folder beside the repository, however it is written", () => {
    expect(
      whys(
        "test/a.ts",
        `const p = "${beside}/kintone-rest-spec/openapi.yaml";`,
      ),
    ).toEqual(["1 a folder beside the repository"]);
    expect(whys("README.md", `see ${sharedDocs}/notes.md §3`)).toEqual([
      "1 a folder beside the repository",
    ]);
    expect(
      whys("a.ts", `x\njoin(process.cwd(), "${up}", "shared", "x.yaml")`),
    ).toEqual(["2 path segments that climb above the repository"]);
    expect(whys("a.md", `${workplace}/SPEC.md`)).toEqual([
      "1 a folder beside the repository",
      "1 an absolute path on a development machine",
    ]);
  });

  it("finds relative paths that climb above the repository, from the file's folder", () => {
    expect(
      whys("portal/x.ts", `import a from "${up}/${up}/other/a.ts";`),
    ).toEqual(["1 a relative path above the repository"]);
    expect(
      whys("a/b/x.ts", `join(__dirname, "${up}", "${up}", "${up}", "x")`),
    ).toEqual(["1 path segments that climb above the repository"]);
  });

  it("accepts paths that stay inside, and globs", () => {
    expect(whys("docs/a.md", `[readme](${up}/README.md)`)).toEqual([]);
    expect(
      whys(
        "portal/replica/__tests__/f.ts",
        `import "${up}/${up}/${up}/scripts/x.ts";`,
      ),
    ).toEqual([]);
    expect(whys("a/b/x.ts", `join(__dirname, "${up}", "${up}", "x")`)).toEqual(
      [],
    );
    expect(
      whys("eslint.config.js", `group: ["${up}/*", "!${up}/domain/*"]`),
    ).toEqual([]);
    expect(
      whys("x.md", "a shared/folder of one's own; https://example.jp/a/../b"),
    ).toEqual([]);
  });
});

describe("npm run check:standalone", () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "standalone-"));
    await run("git", ["init", "-q", dir]);
    mkdirSync(join(dir, "test"));
    writeFileSync(join(dir, "README.md"), "# a project\n");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (repo: string) =>
    run(nodeBin, ["scripts/standalone.ts", "--root", repo], {
      cwd: process.cwd(),
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it("fails on a tracked file that reads a path beside the repository, naming the place", async () => {
    writeFileSync(
      join(dir, "test", "spec.ts"),
      `import { readFileSync } from "node:fs";\nreadFileSync("${beside}/x.yaml");\n`,
    );
    await run("git", ["add", "."], { cwd: dir });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "test/spec.ts:2: a folder beside the repository",
    );
    expect(r.stderr).toContain(
      "リポジトリの外を参照している箇所が 1 か所あります",
    );
  });

  it("passes on a repository that refers only to itself; untracked files are not its business", async () => {
    writeFileSync(join(dir, "test", "ok.ts"), `import "./README.md";\n`);
    await run("git", ["add", "."], { cwd: dir });
    writeFileSync(join(dir, "scratch.md"), `${beside}/x\n`);
    const r = await check(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "リポジトリの外を参照するファイルはありません（2 ファイル）",
    );
  });

  it("passes on this repository", async () => {
    const r = await check(process.cwd());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("answers --help without checking", async () => {
    const r = await run(nodeBin, [
      "scripts/standalone.ts",
      "--help",
      "--root",
      "/nonexistent",
    ]);
    expect(r.stdout).toContain("使い方: npm run check:standalone");
  });
});
