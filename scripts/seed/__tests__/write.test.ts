import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";
import { DEMO_EMAIL } from "../generate.ts";
import { seed, type SeedAppIds, type SeedResult } from "../write.ts";
import { deployForTest } from "./deployForTest.ts";

const TODAY = "2026-05-15";
const SEED = 1;

let t: TestSandbox;
let appIds: SeedAppIds;
let first: SeedResult;
let dir: string;

useTestSandbox({}, async (started) => {
  t = started;
  dir = mkdtempSync(join(tmpdir(), "seed-write-"));
  appIds = await deployForTest(t.client, t.sandbox.url, join(dir, "apps.json"));
  first = await seed({ client: t.client, appIds, today: TODAY, seed: SEED });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Rec = Record<string, { type: string; value: unknown }>;

const recordsOf = async (client: KintoneRestAPIClient, app: string) =>
  (await client.record.getAllRecords({ app })) as Rec[];

/** id → revision of every record in the four apps. */
const revisions = async (): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const [code, app] of Object.entries(appIds)) {
    for (const r of await recordsOf(t.client, app)) {
      out[`${code}:${String(r.$id?.value)}`] = String(r.$revision?.value);
    }
  }
  return out;
};

const statusOf = (r: Rec): unknown =>
  Object.values(r).find((f) => f.type === "STATUS")?.value;

const nothing = { added: 0, changed: 0 };

describe("seed against a local kintone", () => {
  it("adds 20 offices, 207 applications, 6 registrations and 5 consents on a first run", async () => {
    expect(first.offices).toEqual({ added: 20, changed: 0, unchanged: 0 });
    expect(first.progress).toEqual({ added: 207, changed: 0, unchanged: 0 });
    expect(first.registration).toMatchObject({ added: 6, stuck: 0 });
    expect(first.consent).toEqual({ added: 5, changed: 0, unchanged: 0 });
    expect(await recordsOf(t.client, appIds.progress)).toHaveLength(207);
  });

  it("brings each registration to its state through the process actions", async () => {
    const records = await recordsOf(t.client, appIds.registration);
    const states = Object.fromEntries(
      records.map((r) => [String(r.email?.value), statusOf(r)]),
    );
    expect(states).toEqual({
      "demo-applied@example.jp": "申請中",
      "demo-reviewing@example.jp": "審査中",
      [DEMO_EMAIL]: "利用中",
      "demo-returned@example.jp": "差戻し",
      "demo-rejected@example.jp": "却下",
      "demo-suspended@example.jp": "利用停止",
    });
    // 審査開始 ×5, 承認 ×2, 差戻し, 却下, 利用停止
    expect(first.registration.actions).toBe(10);
  });

  it("gives the registration in use the demo address, and its office name through the lookup", async () => {
    const records = await recordsOf(t.client, appIds.registration);
    const active = records.find((r) => statusOf(r) === "利用中");
    expect(active?.email?.value).toBe(DEMO_EMAIL);
    expect(active?.officeName?.value).toBe("デモ居宅介護支援事業所01");
  });

  it("changes nothing on a second run: zero adds and changes, every revision the same", async () => {
    const before = await revisions();
    const lines: string[] = [];
    const again = await seed({
      client: t.client,
      appIds,
      today: TODAY,
      seed: SEED,
      log: (line) => lines.push(line),
    });
    expect(again.offices).toMatchObject(nothing);
    expect(again.progress).toEqual({ added: 0, changed: 0, unchanged: 207 });
    expect(again.registration).toMatchObject({ ...nothing, actions: 0 });
    expect(again.consent).toMatchObject(nothing);
    expect(await revisions()).toEqual(before);
    expect(lines).toContain("認定進捗: 追加 0 件・変更 0 件・変更なし 207 件");
  });

  it("writes nothing with dryRun, while counting what another day would change (updates only)", async () => {
    const before = await revisions();
    const lines: string[] = [];
    const dry = await seed({
      client: t.client,
      appIds,
      today: "2026-05-20",
      seed: SEED,
      dryRun: true,
      log: (line) => lines.push(line),
    });
    expect(dry.progress.changed).toBeGreaterThan(0);
    // The same people and keys on another day: updates, never more records.
    for (const counts of Object.values(dry)) {
      expect(counts.added).toBe(0);
    }
    expect(await revisions()).toEqual(before);
    expect(lines.every((l) => l.startsWith("[ドライラン]"))).toBe(true);
  });

  it("repairs a record changed by hand, writing only that record", async () => {
    const [record] = await recordsOf(t.client, appIds.progress);
    const id = String(record?.$id?.value);
    await t.client.record.updateRecord({
      app: appIds.progress,
      id,
      record: { assignedOfficeNo: { value: "1479999999" } },
    });
    const before = await revisions();
    const again = await seed({
      client: t.client,
      appIds,
      today: TODAY,
      seed: SEED,
    });
    expect(again.progress).toEqual({ added: 0, changed: 1, unchanged: 206 });
    const after = await revisions();
    const moved = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(moved).toEqual([`progress:${id}`]);
    const { record: repaired } = await t.client.record.getRecord({
      app: appIds.progress,
      id,
    });
    expect(repaired.assignedOfficeNo?.value).toBe(
      record?.assignedOfficeNo?.value,
    );
  });

  it("moves a registration that went back to 申請中 on to its state again", async () => {
    const records = await recordsOf(t.client, appIds.registration);
    const returned = records.find((r) => statusOf(r) === "差戻し");
    const id = String(returned?.$id?.value);
    await t.client.record.updateRecordStatus({
      app: appIds.registration,
      id,
      action: "再申請",
    });
    const again = await seed({
      client: t.client,
      appIds,
      today: TODAY,
      seed: SEED,
    });
    expect(again.registration).toMatchObject({
      changed: 1,
      actions: 2,
      stuck: 0,
    });
    const { record } = await t.client.record.getRecord({
      app: appIds.registration,
      id,
    });
    expect(statusOf(record as Rec)).toBe("差戻し");
  });

  it("leaves a registration it cannot bring back to its state, and says so", async () => {
    const records = await recordsOf(t.client, appIds.registration);
    const applied = records.find((r) => statusOf(r) === "申請中");
    await t.client.record.updateRecordStatus({
      app: appIds.registration,
      id: String(applied?.$id?.value),
      action: "審査開始",
    });
    const lines: string[] = [];
    const again = await seed({
      client: t.client,
      appIds,
      today: TODAY,
      seed: SEED,
      log: (line) => lines.push(line),
    });
    expect(again.registration).toMatchObject({ actions: 0, stuck: 1 });
    expect(lines.some((l) => l.includes("demo-applied@example.jp"))).toBe(true);
  });
});
