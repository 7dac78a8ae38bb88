/** kintone.api, kintone.api.url and the plugin settings API against a faked REST API. */
import { install } from "./index.ts";
import { fakeApi, testPage } from "./testing/fakeApi.ts";
import type { FakeApi } from "./testing/fakeApi.ts";

let api: FakeApi;

beforeEach(() => {
  api = fakeApi();
  globalThis.fetch = api.fetch;
  document.body.innerHTML = "";
});

describe("kintone.api", () => {
  test("a GET sends its parameters in the URL, with X-Requested-With and no token", async () => {
    const { kintone } = install(testPage({ appId: "3", page: "index" }));
    api.route("GET /k/v1/records.json", { records: [] });
    await expect(
      kintone.api("/k/v1/records", "GET", { app: 3, fields: ["a", "b"] }),
    ).resolves.toEqual({ records: [] });
    const call = api.calls[0];
    expect(call?.url).toBe(
      "/k/v1/records.json?app=3&fields%5B0%5D=a&fields%5B1%5D=b",
    );
    expect(call?.headers["X-Requested-With"]).toBe("XMLHttpRequest");
    expect(call?.body).toBeNull();
  });

  test("a non-GET sends JSON with __REQUEST_TOKEN__", async () => {
    const { kintone } = install(testPage());
    api.route("POST /k/v1/record.json", { id: "9", revision: "1" });
    await kintone.api("/k/v1/record.json", "POST", { app: 3, record: {} });
    expect(api.calls[0]?.body).toEqual({
      app: 3,
      record: {},
      __REQUEST_TOKEN__: "token-123",
    });
    expect(api.calls[0]?.headers["Content-Type"]).toBe("application/json");
  });

  test("a failure rejects with the error's JSON, or calls the failure callback with it", async () => {
    const { kintone } = install(testPage());
    const error = {
      code: "GAIA_AP01",
      message: "指定したアプリが見つかりません。",
    };
    api.route("GET /k/v1/app.json", { status: 404, body: error });
    await expect(
      kintone.api("/k/v1/app.json", "GET", { id: 99 }),
    ).rejects.toEqual(error);
    const failure = await new Promise((resolve) => {
      const returned = kintone.api(
        "/k/v1/app.json",
        "GET",
        { id: 99 },
        () => resolve("success"),
        resolve,
      );
      expect(returned).toBeUndefined();
    });
    expect(failure).toEqual(error);
  });

  test("the success callback gets the answer", async () => {
    const { kintone } = install(testPage());
    api.route("GET /k/v1/app.json", { name: "申請" });
    const answer = await new Promise((resolve, reject) => {
      kintone.api("/k/v1/app.json", "GET", { id: 1 }, resolve, reject);
    });
    expect(answer).toEqual({ name: "申請" });
  });

  test("api.url adds .json and the origin; the guest space path only when asked and in a guest space", () => {
    const { kintone } = install(testPage());
    expect(kintone.api.url("/k/v1/records")).toBe(
      `${window.location.origin}/k/v1/records.json`,
    );
    expect(kintone.api.url("/k/v1/records.json", true)).toBe(
      `${window.location.origin}/k/v1/records.json`,
    );
    expect(
      kintone.api.urlForGet("/k/v1/records", { app: 4, fields: ["x"] }),
    ).toBe(`${window.location.origin}/k/v1/records.json?app=4&fields%5B0%5D=x`);
  });

  test("the login user, the request token and the UI version come from the page", () => {
    const { kintone } = install(testPage());
    expect(kintone.getLoginUser().code).toBe("admin");
    expect(kintone.getRequestToken()).toBe("token-123");
    expect(kintone.getUiVersion()).toBe(2);
  });
});

describe("kintone.plugin.app", () => {
  test("getConfig reads the settings the shell embedded, as plugin files load (before the page is drawn), and answers null on the portal", async () => {
    expect(
      install(
        testPage({ pluginConfigs: { p1: {} } }),
      ).kintone.plugin.app.getConfig("p1"),
    ).toBeNull();
    const page = testPage({
      page: "index",
      appId: "2",
      pluginConfigs: { p1: { color: "red" } },
    });
    const { kintone } = install(page);
    expect(kintone.plugin.app.getConfig("p1")).toEqual({ color: "red" });
    expect(kintone.app.getId()).toBe(2);
    api.route("GET /k/v1/app.json", { name: "申請" });
    api.route("GET /k/v1/app/form/fields.json", { properties: {} });
    api.route("GET /k/v1/app/form/layout.json", { layout: [] });
    api.route("GET /k/v1/app/views.json", { views: {} });
    api.route("GET /k/v1/records.json", { records: [], totalCount: "0" });
    await kintone.__sandboxStart?.();
    expect(kintone.plugin.app.getConfig("p1")).toEqual({ color: "red" });
  });

  test("setConfig takes string values only, saves to the preview settings and calls back", async () => {
    const page = testPage({
      page: "pluginConfig",
      appId: "2",
      pluginId: "p1",
      pluginConfigs: { p1: {} },
    });
    const { kintone } = install(page);
    await kintone.__sandboxStart?.();
    expect(() => kintone.plugin.app.setConfig({ count: 3 })).toThrow("文字列");
    api.route("PUT /k/v1/preview/app/plugin/config.json", { revision: "3" });
    await new Promise<void>((resolve) => {
      kintone.plugin.app.setConfig({ color: "blue" }, resolve);
    });
    expect(api.calls.at(-1)?.body).toEqual({
      app: 2,
      id: "p1",
      config: { color: "blue" },
      __REQUEST_TOKEN__: "token-123",
    });
    expect(kintone.plugin.app.getConfig("p1")).toEqual({ color: "blue" });
  });
});
