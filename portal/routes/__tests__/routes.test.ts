/**
 * The portal's routes through app.inject, with fake dependencies (fakePortal.ts): what a
 * provider's browser, and an attacker's, get back.
 */
import { LOGIN_ANSWER_MS } from "../login.ts";
import {
  fakePortal,
  InjectBrowser,
  USER,
  WEBHOOK_SECRET,
  type FakePortal,
} from "./fakePortal.ts";

let portal: FakePortal;
/** Portals a test made with other settings, closed after it. */
const others: FakePortal[] = [];
const portalWith = async (
  o: Parameters<typeof fakePortal>[0],
): Promise<FakePortal> => {
  const p = await fakePortal(o);
  others.push(p);
  return p;
};
beforeEach(async () => {
  portal = await fakePortal();
});
afterEach(async () => {
  await portal.close();
  await Promise.all(others.splice(0).map((p) => p.close()));
});

describe("CSRF", () => {
  it("refuses the login form without this browser's token, in Japanese, recording nothing", async () => {
    const b = new InjectBrowser(portal.app);
    await b.get("/");
    const res = await b.post("/login", { email: USER, csrf: "x".repeat(32) });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("画面の有効期限が切れました");
    expect(portal.audit).toEqual([]);
    expect(portal.mails).toEqual([]);
  });

  it("binds a logged-in form to the session: a token from a planted cookie does not search", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const sessionToken = b.csrf;
    // Someone who can set cookies for the host plants a pre-login token they know.
    const planted = "p".repeat(32);
    b.jar.set("kaigo_csrf", planted);
    const forged = await b.post("/search", {
      csrf: planted,
      insuredNoLast6: "123456",
    });
    expect(forged.statusCode).toBe(403);
    expect(portal.audit.filter((e) => e.eventType === "search")).toEqual([]);
    const mine = await b.post("/search", {
      csrf: sessionToken,
      insuredNoLast6: "123456",
    });
    expect(mine.statusCode).toBe(303);
    expect(portal.audit.filter((e) => e.eventType === "search")).toHaveLength(
      1,
    );
  });

  it("rotates the token at login: the token of the session before does not work after", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const first = b.csrf;
    await b.logIn(portal);
    expect(b.csrf).not.toBe(first);
    const stale = await b.post("/search", {
      csrf: first,
      insuredNoLast6: "123456",
    });
    expect(stale.statusCode).toBe(403);
  });

  it("lets no cross-site post log anyone out", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const res = await b.post("/logout", {}, { "sec-fetch-site": "cross-site" });
    expect(res.statusCode).toBe(403);
    expect(res.headers["set-cookie"] ?? "").not.toMatch(/kaigo_sid=;/);
    expect((await b.get("/search")).statusCode).toBe(200);
  });
});

describe("cookies on https", () => {
  it("names the cookies __Host- and marks them Secure, with HSTS", async () => {
    const secure = await portalWith({
      env: { PORTAL_PUBLIC_URL: "https://portal.example.jp" },
    });
    const b = new InjectBrowser(secure.app);
    const first = await b.get("/");
    expect(first.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(String(first.headers["set-cookie"])).toMatch(
      /^__Host-kaigo_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    await b.logIn(secure);
    expect([...b.jar.keys()].sort()).toEqual([
      "__Host-kaigo_csrf",
      "__Host-kaigo_known",
      "__Host-kaigo_sid",
    ]);
  });
});

describe("the login form", () => {
  it("answers a registered and an unknown address with the same page, no sooner than the bound", async () => {
    const b = new InjectBrowser(portal.app);
    await b.get("/");
    const pages: string[] = [];
    for (const email of [USER, "nobody@example.jp"]) {
      const started = performance.now();
      const res = await b.post("/login", { email });
      expect(performance.now() - started).toBeGreaterThanOrEqual(
        LOGIN_ANSWER_MS - 1,
      );
      expect(res.statusCode).toBe(200);
      pages.push(res.body);
    }
    expect(pages[1]).toBe(pages[0]);
    expect(pages[0]).toContain("送信しました");
    // One audit event each; a mail only to the registered address.
    expect(portal.audit.map((e) => e.eventType)).toEqual([
      "loginRequested",
      "loginRefused",
    ]);
    expect(portal.mails.map((m) => m.to)).toEqual([USER]);
  });

  it("shows the address's problem next to the field when it is not an address", async () => {
    const b = new InjectBrowser(portal.app);
    await b.get("/");
    const res = await b.post("/login", { email: "no-at-sign" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="no-at-sign"');
    expect(portal.audit).toEqual([]);
  });
});

describe("rate limits", () => {
  it("answers a search over the limit with 429, Retry-After and the page saying when to continue", async () => {
    const limited = await portalWith({
      limits: [
        { kind: "search", scope: "account", limit: 1, windowSeconds: 600 },
      ],
    });
    const b = new InjectBrowser(limited.app);
    await b.logIn(limited);
    expect(
      (await b.post("/search", { insuredNoLast6: "123456" })).statusCode,
    ).toBe(303);
    const over = await b.post("/search", { insuredNoLast6: "123457" });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(over.headers["retry-after"])).toBeLessThanOrEqual(600);
    expect(over.body).toContain("検索");
    expect(limited.audit.at(-1)?.eventType).toBe("rateLimited");
  });
});

describe("the audit trail", () => {
  it("shows nothing when a search cannot be recorded", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    portal.failAudit(true);
    const res = await b.post("/search", { insuredNoLast6: "123456" });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain("ただいま表示できません");
    expect(res.body).not.toContain("123456");
  });
});

describe("route schemas", () => {
  it.each([
    ["an unknown search method", { method: "sql", insuredNoLast6: "123456" }],
    ["a page that is not a number", { page: "abc", insuredNoLast6: "123456" }],
    ["a field far too long", { insuredNoLast6: "1".repeat(5_000) }],
  ])(
    "answers %s with the Japanese 400 page and records nothing",
    async (_what, form) => {
      const b = new InjectBrowser(portal.app);
      await b.logIn(portal);
      const before = portal.audit.length;
      const res = await b.post("/search", form);
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain("もう一度お試しください");
      expect(portal.audit.length).toBe(before);
    },
  );

  it("answers a repeated field (an array) on the login form with the 400 page", async () => {
    const b = new InjectBrowser(portal.app);
    await b.get("/");
    const twice = await portal.app.inject({
      method: "POST",
      url: "/login",
      headers: {
        cookie: b.cookieHeader(),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `csrf=${b.csrf}&email=a%40example.jp&email=b%40example.jp`,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("もう一度お試しください");
    expect(portal.mails).toEqual([]);
  });
});

describe("login required", () => {
  it("sends a browser without a session to the login-again page", async () => {
    const res = await portal.app.inject({ method: "GET", url: "/search" });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain("ログインしてください");
    expect(res.headers["set-cookie"] ?? "").not.toMatch(/kaigo_sid=;/);
  });
});

describe("the webhook", () => {
  const hook = (secret: string, appId: string) =>
    portal.app.inject({
      method: "POST",
      url: `/hooks/kintone/${secret}`,
      payload: { app: { id: appId } },
    });

  it("syncs the app the notification names, if replicated, and nothing for a wrong secret", async () => {
    const progress = portal.config.kintone.apps.progress;
    const accessLog = portal.config.kintone.apps.accessLog;
    expect((await hook(WEBHOOK_SECRET, progress)).statusCode).toBe(200);
    expect((await hook(`${WEBHOOK_SECRET}x`, progress)).statusCode).toBe(404);
    // Not replicated: the 閲覧ログ app, and an app of someone else.
    expect((await hook(WEBHOOK_SECRET, accessLog)).statusCode).toBe(200);
    expect((await hook(WEBHOOK_SECRET, "999")).statusCode).toBe(200);
    expect(portal.syncs).toEqual([progress]);
  });
});

describe("answers made before routing", () => {
  it("answers a malformed URL with the Japanese page and the portal's headers", async () => {
    const res = await portal.app.inject({ method: "GET", url: "/%E0%A4%A" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("URLが正しくありません");
    expect(res.headers["content-security-policy"]).toContain(
      "script-src 'none'",
    );
    expect(res.headers["cache-control"]).toBe("no-store");
  });
});

describe("the login-mail limit per address", () => {
  it("cannot be used by others to lock out a browser that logged in with the address before", async () => {
    const limited = await portalWith({
      limits: [
        { kind: "loginMail", scope: "address", limit: 2, windowSeconds: 3600 },
      ],
    });
    const mine = new InjectBrowser(limited.app);
    await mine.logIn(limited);
    await mine.post("/logout", {});
    // Strangers ask for this address's mails until its limit is spent.
    for (let i = 0; i < 3; i++) {
      const stranger = new InjectBrowser(limited.app);
      await stranger.get("/");
      await stranger.post("/login", { email: USER });
    }
    expect(limited.mails).toHaveLength(2);
    // A browser that never logged in is refused (silently: the same page)…
    const other = new InjectBrowser(limited.app);
    await other.get("/");
    expect((await other.post("/login", { email: USER })).statusCode).toBe(200);
    expect(limited.mails).toHaveLength(2);
    // …the owner's own browser still gets its mail.
    await mine.get("/");
    expect((await mine.post("/login", { email: USER })).statusCode).toBe(200);
    expect(limited.mails).toHaveLength(3);
  });

  it("does not take a remembered-browser cookie that was altered", async () => {
    const limited = await portalWith({
      limits: [
        { kind: "loginMail", scope: "address", limit: 1, windowSeconds: 3600 },
      ],
    });
    const mine = new InjectBrowser(limited.app);
    await mine.logIn(limited);
    const known = mine.jar.get("kaigo_known") ?? "";
    expect(known).not.toBe("");
    const stranger = new InjectBrowser(limited.app);
    await stranger.get("/");
    await stranger.post("/login", { email: USER });
    expect(limited.mails).toHaveLength(1);
    // The cookie's id changed (its signature no longer fits): counted with everyone else.
    const forger = new InjectBrowser(limited.app);
    await forger.get("/");
    // One character of the signature changed (to another one, whatever it was).
    const altered = known.replace(
      /\.(.)/,
      (_m, c: string) => `.${c === "x" ? "y" : "x"}`,
    );
    expect(altered).not.toBe(known);
    forger.jar.set("kaigo_known", altered);
    await forger.post("/login", { email: USER });
    expect(limited.mails).toHaveLength(1);
    // Unchanged, it is the owner's and gets the mail.
    forger.jar.set("kaigo_known", known);
    await forger.post("/login", { email: USER });
    expect(limited.mails).toHaveLength(2);
  });
});

describe("forms posted without a login", () => {
  it("are limited per IP whatever the route, recorded once per window, and never the webhook", async () => {
    const limited = await portalWith({
      limits: [
        {
          kind: "anonymousPost",
          scope: "ip",
          limit: 3,
          windowSeconds: 600,
        },
      ],
    });
    const b = new InjectBrowser(limited.app);
    await b.get("/");
    const statuses: number[] = [];
    for (const path of [
      "/logout",
      "/search",
      "/nowhere",
      "/logout",
      "/search",
    ]) {
      statuses.push((await b.post(path, {})).statusCode);
    }
    expect(statuses).toEqual([200, 401, 404, 429, 429]);
    const over = await b.post("/login", { email: USER });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(over.body).toContain("送信の回数が上限に達しました");
    expect(limited.mails).toEqual([]);
    // Three refusals, one record.
    expect(limited.audit.map((e) => e.eventType)).toEqual(["rateLimited"]);
    const hook = await limited.app.inject({
      method: "POST",
      url: `/hooks/kintone/${WEBHOOK_SECRET}`,
      payload: { app: { id: limited.config.kintone.apps.progress } },
    });
    expect(hook.statusCode).toBe(200);
    // Another address is not held back, and a logged-in browser is not counted.
    const mine = new InjectBrowser(limited.app, "192.0.2.7");
    await mine.logIn(limited);
    await mine.post("/search", { insuredNoLast6: "123456" });
    await mine.post("/search", { insuredNoLast6: "123456" });
    expect(
      (await mine.post("/search", { insuredNoLast6: "123456" })).statusCode,
    ).toBe(303);
  });
});
