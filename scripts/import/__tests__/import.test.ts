/**
 * The import end to end, in-process: generated CP932 exports imported into the local kintone with
 * the apps deployed by the deploy tool.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { importProgress, type ImportOptions } from "../importProgress.ts";
import {
  csvText,
  encodeCsv,
  exportBytes,
  generateExport,
  type ExportTable,
} from "../sampleExport.ts";
import { deployProgress, readBack } from "./deployed.ts";
import { HEADER, row } from "./rows.ts";

const TODAY = "2026-11-21";

let t: TestSandbox;
let dir: string;
let app: string;
/** Every request the sandbox answered: "METHOD path". */
const requests: string[] = [];

useTestSandbox(
  {
    onResponse: (method, path) => {
      requests.push(`${method} ${path}`);
    },
  },
  async (started) => {
    t = started;
    dir = mkdtempSync(join(tmpdir(), "import-"));
    app = await deployProgress(t.client, t.sandbox.url, join(dir, "apps.json"));
  },
);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (bytes: Uint8Array, extra: Partial<ImportOptions> = {}) =>
  importProgress({ client: t.client, app, bytes, ...extra });

/** The requests made while `f` ran. */
const during = async <T>(f: () => Promise<T>) => {
  const before = requests.length;
  const result = await f();
  return { result, made: requests.slice(before) };
};

const expectStored = async (table: ExportTable, prefix: string) => {
  const stored = await readBack(t.client, app, prefix);
  expect(stored.size).toBe(table.rows.length);
  for (const r of table.rows) {
    expect(stored.get(r.expected.applicationNo ?? "")?.values).toEqual(
      r.expected,
    );
  }
  return stored;
};

describe("import of a valid CP932 export", () => {
  const table = generateExport({ rows: 300, today: TODAY, prefix: "V-" });

  it("adds every row, with 進捗 and the search keys, in one bulk request", async () => {
    const { result, made } = await during(() => run(exportBytes(table)));
    expect(result.prepared.encoding).toBe("cp932");
    expect(result.plan).toMatchObject({ added: 300, changed: 0, unchanged: 0 });
    expect(made.filter((m) => m.endsWith("/bulkRequest.json"))).toHaveLength(1);
    await expectStored(table, "V-");
  });

  it("changes nothing when the same file is imported again: no writes, revisions and 更新日時 stay", async () => {
    const before = await readBack(t.client, app, "V-");
    const { result, made } = await during(() => run(exportBytes(table)));
    expect(result.plan).toMatchObject({ added: 0, changed: 0, unchanged: 300 });
    expect(made.every((m) => m.startsWith("GET "))).toBe(true);
    expect(await readBack(t.client, app, "V-")).toEqual(before);
  });

  it("rewrites only the rows that changed, with only what changed", async () => {
    const before = await readBack(t.client, app, "V-");
    const received = table.rows.find((r) => r.expected.stage === "申請受付");
    const no = received?.expected.applicationNo ?? "";
    const cells = [...(received?.cells ?? [])];
    cells[HEADER.indexOf("取下げ日")] = "令和8年11月20日";
    const changed = table.rows.map((r) => (r === received ? cells : r.cells));
    const { result } = await during(() =>
      run(encodeCsv(csvText(table.header, changed), "cp932")),
    );
    expect(result.plan).toMatchObject({ added: 0, changed: 1, unchanged: 299 });
    expect(result.plan?.upserts[0]?.record).toEqual({
      withdrawalDate: "2026-11-20",
      stage: "取下げ",
    });
    const after = await readBack(t.client, app, "V-");
    for (const [key, stored] of after) {
      expect(stored.revision).toBe(
        key === no
          ? String(Number(before.get(key)?.revision) + 1)
          : before.get(key)?.revision,
      );
    }
  });
});

describe("--dry-run", () => {
  it("counts what would be added, changed and left, and writes nothing", async () => {
    const table = generateExport({ rows: 40, today: TODAY, prefix: "D-" });
    await run(exportBytes({ ...table, rows: table.rows.slice(0, 10) }));
    const lines: string[] = [];
    const { result, made } = await during(() =>
      run(exportBytes(table), { dryRun: true, log: (l) => lines.push(l) }),
    );
    expect(result.status).toBe("dryRun");
    expect(result.plan).toMatchObject({ added: 30, changed: 0, unchanged: 10 });
    expect(made.every((m) => m.startsWith("GET "))).toBe(true);
    expect(lines).toContain(
      "[ドライラン] 追加 30 件・変更 0 件・変更なし 10 件（何も書き込んでいません）",
    );
    expect((await readBack(t.client, app, "D-")).size).toBe(10);
  });
});

describe("a file with invalid rows", () => {
  const rows = [
    row({ applicationNo: "E-1" }),
    row({ applicationNo: "E-2", insuredNo: "99999123" }),
    row({ applicationNo: "E-3", birthDate: "昭和64年1月8日" }),
  ];

  it("is refused whole by default: kintone is not even read", async () => {
    const { result, made } = await during(() =>
      run(encodeCsv(csvText(HEADER, rows), "cp932")),
    );
    expect(result.status).toBe("refused");
    expect(made).toEqual([]);
    expect((await readBack(t.client, app, "E-")).size).toBe(0);
  });

  it("has its valid rows imported with skipInvalid", async () => {
    const { result } = await during(() =>
      run(encodeCsv(csvText(HEADER, rows), "cp932"), { skipInvalid: true }),
    );
    expect(result.status).toBe("imported");
    expect([...(await readBack(t.client, app, "E-")).keys()]).toEqual(["E-1"]);
  });
});

describe("bulk requests", () => {
  it("writes 2,000 records per request, additions and changes together", async () => {
    const table = generateExport({ rows: 2600, today: TODAY, prefix: "B-" });
    await run(exportBytes({ ...table, rows: table.rows.slice(0, 600) }));
    // Change some of the first 600: 進捗 moves on when a 取下げ日 appears.
    const withdrawn = table.rows.map((r, i) => {
      const cells = [...r.cells];
      if (i < 300 && r.expected.certificationDate === "") {
        cells[HEADER.indexOf("取下げ日")] = "2026/11/21";
      }
      return cells;
    });
    const bars: number[] = [];
    const { result, made } = await during(() =>
      run(encodeCsv(csvText(HEADER, withdrawn), "utf8bom"), {
        progress: () => (done) => bars.push(done),
      }),
    );
    const writes = (result.plan?.added ?? 0) + (result.plan?.changed ?? 0);
    expect(result.plan?.added).toBe(2000);
    expect(result.plan?.changed).toBeGreaterThan(0);
    expect(result.bulkRequests).toBe(2);
    expect(made.filter((m) => m.endsWith("/bulkRequest.json"))).toHaveLength(
      result.bulkRequests,
    );
    expect(bars).toEqual([
      0,
      ...Array.from({ length: result.bulkRequests }, (_, i) =>
        Math.min(writes, (i + 1) * 2000),
      ),
    ]);
    expect((await readBack(t.client, app, "B-")).size).toBe(2600);
  });
});
