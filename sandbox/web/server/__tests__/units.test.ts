import { localTarget, pageOf } from "../pageUrls.ts";
import { cookieValue, createSessions, SESSION_COOKIE } from "../sessions.ts";
import { scriptJson } from "../html.ts";

const at = (path: string) => pageOf(new URL(path, "http://localhost"));

describe("page URLs", () => {
  it("names kintone's desktop and mobile pages", () => {
    expect(at("/k/")).toMatchObject({ page: "portal", mobile: false });
    expect(at("/k/m/")).toMatchObject({ page: "portal", mobile: true });
    expect(at("/k/12/?view=5&query=a")).toMatchObject({
      page: "index",
      appId: 12,
      viewId: "5",
      query: "a",
    });
    expect(at("/k/12")).toMatchObject({ page: "index", appId: 12 });
    expect(at("/k/12/show")).toMatchObject({ page: "show", recordId: null });
    expect(at("/k/12/edit")).toMatchObject({ page: "edit", recordId: null });
    expect(at("/k/m/12/show?record=3")).toMatchObject({
      page: "show",
      mobile: true,
      recordId: "3",
    });
    expect(at("/k/m/12/edit")).toMatchObject({ page: "edit", recordId: null });
    expect(
      at(`/k/admin/app/12/plugin/config?pluginId=${"b".repeat(32)}`),
    ).toMatchObject({
      page: "pluginConfig",
      appId: 12,
      pluginId: "b".repeat(32),
    });
    for (const none of ["/k/x/", "/k/12/print", "/k/m/12/list", "/other"]) {
      expect(at(none)).toBeUndefined();
    }
  });

  it("follows only redirects to a path of this server", () => {
    expect(localTarget("/k/1/show#record=2")).toBe("/k/1/show#record=2");
    for (const bad of [
      "//evil.example/",
      "/\\evil.example",
      "https://evil.example",
      "k/1/",
      "/k/\n1",
      "",
      null,
      undefined,
    ]) {
      expect(localTarget(bad)).toBeNull();
    }
  });
});

describe("sessions", () => {
  it("finds a session by its cookie among others and keeps it alive while used", () => {
    let now = 0;
    const sessions = createSessions(() => now);
    const user = { login: "clerk", password: "x", name: "職員" };
    const s = sessions.create(user);
    const headers = { cookie: `a=1; ${SESSION_COOKIE}=${s.id}; b=2` };
    expect(sessions.fromHeaders(headers)?.user).toBe(user);
    now += 23 * 3600 * 1000;
    expect(sessions.fromHeaders(headers)).toBe(s);
    now += 23 * 3600 * 1000;
    expect(sessions.fromHeaders(headers)).toBe(s);
    now += 24 * 3600 * 1000 + 1;
    expect(sessions.fromHeaders(headers)).toBeUndefined();
    const t = sessions.create(user);
    expect(t.requestToken).not.toBe(s.requestToken);
    sessions.end(t.id);
    expect(
      sessions.fromHeaders({ cookie: `${SESSION_COOKIE}=${t.id}` }),
    ).toBeUndefined();
    expect(cookieValue(undefined, SESSION_COOKIE)).toBeUndefined();
  });
});

describe("the page JSON in an inline script", () => {
  it("cannot end the script", () => {
    expect(scriptJson({ q: "</script><!--" })).toBe(
      '{"q":"\\u003c/script>\\u003c!--"}',
    );
  });
});
