/**
 * The review panel under jsdom with a fake kintone.api: the context read from kintone (the
 * office by the lookup's app, the address's other registrations), the checks shown, and a
 * decision run as one bulk request — refused without a reason for 差戻し and 却下.
 */
import {
  canDecide,
  decide,
  DEFAULT_REVIEW_SETTINGS,
  renderPanel,
  reviewRecord,
  type ApiRecord,
  type KintoneApi,
} from "./review.ts";
import { waitFor } from "../../../test/support/waitFor.ts";

const record = (o: Record<string, unknown> = {}): ApiRecord =>
  Object.fromEntries(
    Object.entries({
      $id: "12",
      ステータス: "審査中",
      registrationRequestType: "新規",
      officeNo: "1470000009",
      officeName: "デモ居宅介護支援事業所",
      officePhone: "046-200-0000",
      email: "care@example.jp",
      staffNameKana: "カイゴタロウ",
      pledge: ["以上の【誓約・同意事項】に誓約・同意の上、申請します。"],
      ...o,
    }).map(([k, value]) => [k, { value }]),
  );

const fakeApi = (o: { offices?: ApiRecord[]; same?: ApiRecord[] } = {}) => {
  const calls: Array<{
    path: string;
    method: string;
    params: Record<string, unknown>;
  }> = [];
  const api: KintoneApi = async (path, method, params) => {
    calls.push({ path, method, params });
    if (path === "/k/v1/app/form/fields.json") {
      return {
        properties: { officeNo: { lookup: { relatedApp: { app: "3" } } } },
      };
    }
    if (path === "/k/v1/records.json") {
      return {
        records: params.app === "3" ? (o.offices ?? []) : (o.same ?? []),
      };
    }
    return {};
  };
  return { api, calls };
};

const office = record({
  officeName: "デモ居宅介護支援事業所",
  registrable: "対象",
});

it("reads the office through the lookup's app and the address's registrations, and shows every check", async () => {
  const { api, calls } = fakeApi({ offices: [office], same: [record()] });
  const review = await reviewRecord(api, "5", record());
  expect(calls.map((c) => [c.params.app, c.params.query])).toEqual([
    ["5", undefined],
    ["3", 'officeNo = "1470000009" limit 1'],
    ["5", 'email = "care@example.jp" order by $id desc limit 100'],
  ]);
  const panel = renderPanel({
    review,
    canDecide: true,
    settings: DEFAULT_REVIEW_SETTINGS,
    onDecide: async () => undefined,
  });
  expect(panel.querySelector("h2")?.textContent).toBe(
    "審査のチェック：問題なし",
  );
  expect(panel.querySelectorAll("li.ok")).toHaveLength(5);
  expect(
    [...panel.querySelectorAll("button")].map((b) => b.textContent),
  ).toEqual(["承認", "差戻し", "却下"]);
});

it("shows each problem, and no buttons outside 審査中", async () => {
  const { api } = fakeApi({
    same: [record({ $id: "4", ステータス: "利用中" })],
  });
  const r = record({ ステータス: "申請中", staffNameKana: "かいご" });
  const panel = renderPanel({
    review: await reviewRecord(api, "5", r),
    canDecide: canDecide(r, DEFAULT_REVIEW_SETTINGS),
    settings: DEFAULT_REVIEW_SETTINGS,
    onDecide: async () => undefined,
  });
  expect(
    [...panel.querySelectorAll("li.ng")].map((li) =>
      li.getAttribute("data-check"),
    ),
  ).toEqual(["office", "duplicate", "kana"]);
  expect(panel.querySelector("li.ng")?.textContent).toContain(
    "指定事業所情報が検索できません",
  );
  expect(panel.querySelectorAll("button")).toHaveLength(0);
});

it("runs a decision as one bulk request: reviewer, time and reason, then the action", async () => {
  const { api, calls } = fakeApi();
  const now = new Date("2026-11-29T01:02:03.456Z");
  await decide(api, {
    appId: "5",
    recordId: "12",
    decision: "return",
    reason: " 電話番号をお確かめください ",
    reviewer: "認定係",
    now,
    settings: DEFAULT_REVIEW_SETTINGS,
  });
  expect(calls).toEqual([
    {
      path: "/k/v1/bulkRequest.json",
      method: "POST",
      params: {
        requests: [
          {
            method: "PUT",
            api: "/k/v1/record.json",
            payload: {
              app: "5",
              id: "12",
              record: {
                reviewer: { value: "認定係" },
                reviewedAt: { value: "2026-11-29T01:02:03Z" },
                returnReason: { value: "電話番号をお確かめください" },
              },
            },
          },
          {
            method: "PUT",
            api: "/k/v1/record/status.json",
            payload: { app: "5", id: "12", action: "差戻し" },
          },
        ],
      },
    },
  ]);
});

it("refuses 差戻し and 却下 without a reason before any request, and shows the message in the panel", async () => {
  const { api, calls } = fakeApi();
  for (const decision of ["return", "reject"] as const) {
    await expect(
      decide(api, {
        appId: "5",
        recordId: "12",
        decision,
        reason: "  ",
        reviewer: "認定係",
        now: new Date(),
        settings: DEFAULT_REVIEW_SETTINGS,
      }),
    ).rejects.toThrow("理由を入力してください");
  }
  expect(calls).toEqual([]);
  const panel = renderPanel({
    review: { checks: [], ok: true, changes: [] },
    canDecide: true,
    settings: DEFAULT_REVIEW_SETTINGS,
    onDecide: (d, reason) =>
      decide(api, {
        appId: "5",
        recordId: "12",
        decision: d,
        reason,
        reviewer: "認定係",
        now: new Date(),
        settings: DEFAULT_REVIEW_SETTINGS,
      }),
  });
  document.body.append(panel);
  panel.querySelector<HTMLButtonElement>('[data-decision="reject"]')?.click();
  await waitFor(
    () => Boolean(panel.querySelector('[role="alert"]')?.textContent),
    10_000,
    "the panel's message",
  );
  expect(panel.querySelector('[role="alert"]')?.textContent).toContain(
    "却下の理由を入力してください",
  );
});

it("writes the reviewer, time and reason to the fields the settings name", async () => {
  const { api, calls } = fakeApi();
  const settings = {
    ...DEFAULT_REVIEW_SETTINGS,
    fields: {
      ...DEFAULT_REVIEW_SETTINGS.fields,
      reviewer: "審査者",
      reviewedAt: "審査日時",
      returnReason: "理由",
    },
  };
  await decide(api, {
    appId: "5",
    recordId: "12",
    decision: "reject",
    reason: "対象外の事業所です",
    reviewer: "認定係",
    now: new Date("2026-11-29T01:02:03Z"),
    settings,
  });
  const requests = calls[0]?.params.requests as Array<{
    payload: { record?: Record<string, unknown> };
  }>;
  expect(Object.keys(requests[0]?.payload.record ?? {})).toEqual([
    "審査者",
    "審査日時",
    "理由",
  ]);
});
