/**
 * `npm run check:standalone` (part of `npm run lint`, so of `npm test`): fails when a file git
 * tracks refers to a path outside the repository. The rules are in scripts/lib/standalone.ts.
 */
import { execFileSync } from "node:child_process";
import { findOutsideReferences } from "./lib/standalone.ts";
import { CliError, runCli, wantsHelp } from "./lib/cli.ts";

const HELP = `使い方: npm run check:standalone [-- --root フォルダ]

  git が管理するすべてのファイルを調べ、リポジトリの外のパス（リポジトリの隣の shared フォルダー、
  リポジトリより上へ上る相対パス、開発機の /work/…）を参照していれば、その箇所を示して
  終了コード 1 で終わります。
  --root  調べる git リポジトリ（既定: 現在のフォルダ）

Fails when a tracked file reads, imports or points to a path outside the repository.`;

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const i = args.indexOf("--root");
  const start = i >= 0 ? args[i + 1] : process.cwd();
  if (start === undefined) {
    throw new CliError("--root に値を指定してください。");
  }
  let root: string;
  let files: string[];
  try {
    root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: start,
      encoding: "utf8",
    }).trim();
    files = execFileSync("git", ["ls-files", "-z"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    })
      .split("\0")
      .filter(Boolean);
  } catch {
    throw new CliError(`git リポジトリではありません: ${start}`);
  }
  const found = findOutsideReferences(root, files);
  for (const f of found) {
    process.stderr.write(`${f.file}:${f.line}: ${f.why}: ${f.text}\n`);
  }
  if (found.length > 0) {
    throw new CliError(
      `リポジトリの外を参照している箇所が ${found.length} か所あります（上の一覧）。リポジトリの中の文書やファイルを参照するよう直してください。`,
    );
  }
  process.stdout.write(
    `リポジトリの外を参照するファイルはありません（${files.length} ファイル）。\n`,
  );
  await Promise.resolve();
};

runCli(main);
