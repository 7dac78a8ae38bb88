/**
 * 休眠アカウント under jsdom with a fake kintone.api: the accounts the domain rule selects, the
 * suspension as one bulk request per 100 (status action at the revision read, then the values),
 * a comment each, and the list's confirmation and summary.
 */
import { waitFor } from "../../../test/support/waitFor.ts";
import type { ApiRecord, KintoneApi } from "../review/review.ts";
import { defaultSettings } from "../../config/settings.ts";
import { findIdle, renderIdleList, suspendAccounts } from "./idle.ts";

const NOW = new Date("2026-11-29T03:00:00Z");
const rec = (
  id: string,
  lastLoginAt: string,
  createdAt = "2026-01-05T00:00:00Z",
): ApiRecord =>
  Object.fromEntries(
    Object.entries({
      $id: id,
      $revision: "3",
      lastLoginAt,
      reviewedAt: "",
      approvalNotifiedAt: "",
      createdAt,
      officeName: `事業所${id}`,
    }).map(([k, value]) => [k, { value }]),
  );

const fake = (records: ApiRecord[], failBulk = false) => {
  const calls: Array<{ path: string; params: Record<string, unknown> }> = [];
  const api: KintoneApi = async (path, _method, params) => {
    calls.push({ path, params });
    if (path === "/k/v1/records.json") {
      return { records };
    }
    if (path === "/k/v1/bulkRequest.json" && failBulk) {
      throw new Error("GAIA_CO02");
    }
    return {};
  };
  return { api, calls };
};

it("lists the accounts idle for the set days, the oldest first, and not the recent ones", async () => {
  const { api, calls } = fake([
    rec("1", "2026-09-01T00:00:00Z"),
    rec("2", "2026-11-20T00:00:00Z"),
    rec("3", "", "2026-08-01T00:00:00Z"),
  ]);
  const idle = await findIdle(api, "5", 60, NOW);
  expect(idle.map((a) => a.registration.id)).toEqual(["3", "1"]);
  expect(String(calls[0]?.params.query)).toContain('ステータス in ("利用中")');
});

it("suspends in one bulk request — the action at the revision read, then the address deleted — and comments each", async () => {
  const { api, calls } = fake([rec("1", "2026-08-01T00:00:00Z")]);
  const accounts = await findIdle(api, "5", 60, NOW);
  const result = await suspendAccounts(api, {
    appId: "5",
    accounts,
    days: 60,
    reason: "長期間未使用",
    action: "利用停止",
    now: NOW,
  });
  expect(result).toEqual({ suspended: ["1"], failed: [], uncommented: [] });
  const bulk = calls.find((c) => c.path === "/k/v1/bulkRequest.json");
  expect(bulk?.params.requests).toEqual([
    {
      method: "PUT",
      api: "/k/v1/records/status.json",
      payload: {
        app: "5",
        records: [{ id: "1", action: "利用停止", revision: "3" }],
      },
    },
    {
      method: "PUT",
      api: "/k/v1/records.json",
      payload: {
        app: "5",
        records: [
          {
            id: "1",
            record: {
              email: { value: "" },
              suspendedAt: { value: "2026-11-29T03:00:00Z" },
              suspensionReason: { value: "長期間未使用" },
            },
          },
        ],
      },
    },
  ]);
  expect(
    calls.filter((c) => c.path === "/k/v1/record/comment.json"),
  ).toHaveLength(1);
});

it("asks before suspending, and reports a refused batch without commenting it", async () => {
  const { api, calls } = fake([rec("1", "2026-08-01T00:00:00Z")], true);
  const accounts = await findIdle(api, "5", 60, NOW);
  const asked: string[] = [];
  let answer = false;
  const list = renderIdleList({
    accounts,
    days: 60,
    confirm: (m) => {
      asked.push(m);
      return answer;
    },
    onSuspend: () =>
      suspendAccounts(api, {
        appId: "5",
        accounts,
        days: 60,
        reason: "長期間未使用",
        action: "利用停止",
        now: NOW,
      }),
  });
  document.body.append(list);
  expect(list.querySelector("h2")?.textContent).toContain("1件");
  list.querySelector("button")?.click();
  expect(asked).toHaveLength(1);
  expect(calls.some((c) => c.path === "/k/v1/bulkRequest.json")).toBe(false);
  answer = true;
  list.querySelector("button")?.click();
  await waitFor(
    () =>
      list.querySelector('[role="status"]')?.textContent?.includes("失敗") ??
      false,
    10_000,
    "the summary",
  );
  expect(list.querySelector('[role="status"]')?.textContent).toContain(
    "利用停止 0 件、失敗 1 件",
  );
  expect(calls.some((c) => c.path === "/k/v1/record/comment.json")).toBe(false);
});

it("says so when no account is idle", () => {
  const list = renderIdleList({
    accounts: [],
    days: 60,
    confirm: () => true,
    onSuspend: async () => ({ suspended: [], failed: [], uncommented: [] }),
  });
  expect(list.textContent).toBe(
    "60日以上利用のない利用中のアカウントはありません。",
  );
});

it("reads the last login from, and writes the suspension to, the fields the settings name", async () => {
  const r = rec("1", "");
  r.最終ログイン = { value: "2026-08-01T00:00:00Z" };
  const { api, calls } = fake([r]);
  const fields = {
    ...defaultSettings().fields,
    lastLoginAt: "最終ログイン",
    email: "アドレス",
  };
  const accounts = await findIdle(api, "5", 60, NOW, fields);
  expect(accounts[0]?.lastActivity).toBe("login");
  await suspendAccounts(api, {
    appId: "5",
    accounts,
    days: 60,
    reason: "長期間未使用",
    action: "利用停止",
    now: NOW,
    fields,
  });
  const bulk = calls.find((c) => c.path === "/k/v1/bulkRequest.json");
  const update = (
    bulk?.params.requests as Array<{
      payload: { records: Array<{ record?: Record<string, unknown> }> };
    }>
  )[1];
  expect(Object.keys(update?.payload.records[0]?.record ?? {})).toEqual([
    "アドレス",
    "suspendedAt",
    "suspensionReason",
  ]);
});
