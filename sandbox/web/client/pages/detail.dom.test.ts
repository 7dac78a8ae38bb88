/** The detail and list pages: their events and what they let handlers cancel. */
import { install } from "../index.ts";
import { fakeApi, testPage, waitFor } from "../testing/fakeApi.ts";
import type { FakeApi } from "../testing/fakeApi.ts";
import type { KEvent } from "../types.ts";

const RECORD = {
  $id: { type: "__ID__", value: "7" },
  name: { type: "SINGLE_LINE_TEXT", value: "山田 太郎" },
  ステータス: { type: "STATUS", value: "受付" },
  作業者: { type: "STATUS_ASSIGNEE", value: [] },
};

const FIELDS = {
  name: { type: "SINGLE_LINE_TEXT", code: "name", label: "氏名" },
  ステータス: { type: "STATUS", code: "ステータス", label: "ステータス" },
};

const STATUS = {
  enable: true,
  states: {
    受付: { name: "受付", index: "0", assignee: { type: "ONE", entities: [] } },
    審査: {
      name: "審査",
      index: "1",
      assignee: {
        type: "ONE",
        entities: [
          { entity: { type: "USER", code: "sato" } },
          { entity: { type: "USER", code: "suzuki" } },
        ],
      },
    },
  },
  actions: [{ name: "審査へ", from: "受付", to: "審査" }],
};

let api: FakeApi;
let navigate: jest.Mock;

const routeApp = (): void => {
  api.route("GET /k/v1/app.json", { name: "認定申請" });
  api.route("GET /k/v1/app/form/fields.json", { properties: FIELDS });
  api.route("GET /k/v1/app/form/layout.json", {
    layout: [
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "name" },
          { type: "SPACER", elementId: "sp" },
        ],
      },
    ],
  });
  api.route("GET /k/v1/record.json", { record: RECORD });
  api.route("GET /k/v1/app/status.json", STATUS);
  api.route("GET /k/v1/record/comments.json", {
    comments: [],
    older: false,
    newer: false,
  });
};

const button = (text: string): HTMLElement => {
  const found = [...document.querySelectorAll<HTMLElement>("button, a")].find(
    (b) => b.textContent === text,
  );
  if (found === undefined) {
    throw new Error(`no button ${text}`);
  }
  return found;
};

const showPage = (mobile = false) => {
  const { kintone } = install(
    testPage({ page: "show", appId: "4", recordId: "7", mobile }),
    {
      navigate,
      confirm: () => true,
    },
  );
  return kintone;
};

beforeEach(() => {
  api = fakeApi();
  globalThis.fetch = api.fetch;
  document.body.innerHTML = "";
  navigate = jest.fn();
  routeApp();
});

describe("detail page", () => {
  test("detail.show gets the record; field and space elements are there; setFieldShown hides a field", async () => {
    const kintone = showPage();
    expect(kintone.app.record.getId()).toBe(7); // as files load, before the page is drawn
    const shown: KEvent[] = [];
    kintone.events.on("app.record.detail.show", (event) => {
      shown.push(event);
      kintone.app.record.setFieldShown("name", false);
    });
    await kintone.__sandboxStart?.();
    expect(shown[0]?.recordId).toBe(7);
    expect(shown[0]?.record?.name?.value).toBe("山田 太郎");
    expect(kintone.app.record.getFieldElement("name")?.textContent).toBe(
      "山田 太郎",
    );
    expect(kintone.app.record.getSpaceElement("sp")).not.toBeNull();
    expect(
      (document.querySelector('[data-code="name"]') as HTMLElement).hidden,
    ).toBe(true);
    expect(kintone.app.record.getId()).toBe(7);
  });

  test("mobile pages fire the mobile. event types", async () => {
    const kintone = showPage(true);
    const pc = jest.fn();
    const mobile = jest.fn();
    kintone.events.on("app.record.detail.show", pc);
    kintone.events.on("mobile.app.record.detail.show", mobile);
    await kintone.__sandboxStart?.();
    expect(pc).not.toHaveBeenCalled();
    expect(mobile).toHaveBeenCalledTimes(1);
    expect(kintone.mobile.app.record.getId()).toBe(7);
    expect(kintone.app.record.getId()).toBeNull();
  });

  test("delete.submit returning false cancels the delete; otherwise the record is deleted", async () => {
    const kintone = showPage();
    let cancel = true;
    kintone.events.on("app.record.detail.delete.submit", () =>
      cancel ? false : undefined,
    );
    api.route("DELETE /k/v1/records.json", {});
    await kintone.__sandboxStart?.();
    button("削除する").click();
    await new Promise((resolve) => {
      setTimeout(resolve, 30);
    });
    expect(api.calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
    cancel = false;
    const deleted = jest.fn();
    kintone.events.on("app.record.detail.delete.submit.success", deleted);
    button("削除する").click();
    await waitFor(() => navigate.mock.calls.length === 1);
    expect(api.calls.find((c) => c.method === "DELETE")?.body).toMatchObject({
      app: 4,
      ids: [7],
    });
    expect(navigate).toHaveBeenCalledWith("/k/4/");
    expect(deleted).toHaveBeenCalledWith(
      expect.objectContaining({ recordId: "7" }),
    );
  });

  test("process.proceed with event.error cancels the action and shows the message", async () => {
    const kintone = showPage();
    kintone.events.on("app.record.detail.process.proceed", (event) => {
      event.error = "審査の前に氏名を確認してください。";
      return event;
    });
    await kintone.__sandboxStart?.();
    button("審査へ").click();
    await waitFor(
      () =>
        (document.querySelector(".sb-alert") as HTMLElement).hidden === false,
    );
    expect(document.querySelector(".sb-alert")?.textContent).toBe(
      "審査の前に氏名を確認してください。",
    );
    expect(
      api.calls.filter((c) => c.path === "/k/v1/record/status.json"),
    ).toHaveLength(0);
  });

  test("an action runs with the chosen assignee after process.proceed", async () => {
    const kintone = showPage();
    const seen: unknown[] = [];
    kintone.events.on("app.record.detail.process.proceed", (event) => {
      seen.push([event.action, event.status, event.nextStatus]);
    });
    api.route("PUT /k/v1/record/status.json", { revision: "3" });
    await kintone.__sandboxStart?.();
    const select = document.querySelector(
      ".sb-process select",
    ) as HTMLSelectElement;
    select.value = "suzuki";
    button("審査へ").click();
    await waitFor(() => navigate.mock.calls.length === 1);
    expect(seen).toEqual([
      [{ value: "審査へ" }, { value: "受付" }, { value: "審査" }],
    ]);
    expect(
      api.calls.find((c) => c.path === "/k/v1/record/status.json")?.body,
    ).toMatchObject({
      app: 4,
      id: 7,
      action: "審査へ",
      assignee: "suzuki",
    });
  });
});

describe("record list", () => {
  test("index.show gets the records; the query and condition join the view's filter and the query box", async () => {
    api.route("GET /k/v1/app/views.json", {
      views: {
        受付中: {
          type: "LIST",
          name: "受付中",
          id: "11",
          index: "0",
          filterCond: 'ステータス in ("受付")',
          sort: "$id asc",
          fields: ["name"],
        },
      },
    });
    api.route("GET /k/v1/records.json", { records: [RECORD], totalCount: "1" });
    const { kintone } = install(
      testPage({ page: "index", appId: "4", query: 'name like "山田"' }),
      { navigate },
    );
    const shown: KEvent[] = [];
    kintone.events.on("app.record.index.show", (event) => {
      shown.push(event);
    });
    await kintone.__sandboxStart?.();
    expect(shown[0]).toMatchObject({
      viewId: 11,
      viewName: "受付中",
      viewType: "list",
      offset: 0,
      size: 1,
    });
    const condition = '(ステータス in ("受付")) and (name like "山田")';
    expect(kintone.app.getQueryCondition()).toBe(condition);
    expect(kintone.app.getQuery()).toBe(
      `${condition} order by $id asc limit 20 offset 0`,
    );
    expect(
      kintone.app.getFieldElements("name")?.map((el) => el.textContent),
    ).toEqual(["山田 太郎"]);
    expect(document.querySelector(".sb-count")?.textContent).toBe(
      "1〜1 件 / 全 1 件",
    );
    expect(
      document.querySelector('a[href="/k/4/show#record=7"]'),
    ).not.toBeNull();
    const sortLink = document.querySelector<HTMLAnchorElement>("th a.sb-sort");
    expect(sortLink?.getAttribute("href")).toBe(
      `/k/4/?view=11&query=${encodeURIComponent('name like "山田"').replace(/%20/gu, "+")}&sort=name+asc`,
    );
  });

  test("a column header's sort (?sort=) orders the records and the query", async () => {
    window.history.pushState({}, "", "/k/4/?sort=name%20desc");
    api.route("GET /k/v1/app/views.json", { views: {} });
    api.route("GET /k/v1/records.json", { records: [RECORD], totalCount: "1" });
    const { kintone } = install(testPage({ page: "index", appId: "4" }), {
      navigate,
    });
    await kintone.__sandboxStart?.();
    window.history.pushState({}, "", "/");
    expect(kintone.app.getQuery()).toBe("order by name desc limit 20 offset 0");
    expect(
      document.querySelector("th[aria-sort]")?.getAttribute("aria-sort"),
    ).toBe("descending");
  });
});

describe("edit page", () => {
  test("a save sends the revision the page was drawn from; a conflict is shown at the top", async () => {
    api.route("GET /k/v1/record.json", {
      record: { ...RECORD, $revision: { type: "__REVISION__", value: "3" } },
    });
    api.route("PUT /k/v1/record.json", {
      status: 409,
      body: {
        code: "GAIA_CO02",
        message: "ほかのユーザーがレコードを更新しました。",
      },
    });
    const { kintone } = install(
      testPage({ page: "edit", appId: "4", recordId: "7", mobile: true }),
      {
        navigate,
      },
    );
    const shown = jest.fn();
    kintone.events.on("mobile.app.record.edit.show", shown);
    await kintone.__sandboxStart?.();
    expect(shown).toHaveBeenCalledWith(
      expect.objectContaining({ recordId: 7 }),
    );
    button("保存").click();
    await waitFor(
      () =>
        (document.querySelector(".sb-alert") as HTMLElement).hidden === false,
    );
    const put = api.calls.find(
      (c) => c.method === "PUT" && c.path === "/k/v1/record.json",
    );
    expect(put?.body).toMatchObject({
      app: 4,
      id: 7,
      revision: "3",
      record: { name: { value: "山田 太郎" } },
    });
    expect(document.querySelector(".sb-alert")?.textContent).toContain(
      "ほかのユーザーがレコードを更新しました。",
    );
    expect(navigate).not.toHaveBeenCalled();
  });
});
