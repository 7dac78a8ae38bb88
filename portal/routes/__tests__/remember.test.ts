/**
 * 「この端末を記憶する」 through app.inject (fakePortal.ts), with the auth store's clock moved by
 * the test: a remembered session outlives the normal idle limit and ends at its own, or at the
 * absolute limit; an unremembered one ends at the normal idle limit; the settings can turn the
 * choice off; suspension, a changed address and logout still end a remembered session at once.
 */
import { registrationStatuses } from "../../../domain/codes.ts";
import { fakePortal, InjectBrowser, type FakePortal } from "./fakePortal.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LABEL =
  "この端末を記憶する（個人用の端末でのみ。共用のパソコンではチェックしないでください）";

let clock = 0;
let portal: FakePortal;

/** A portal with the given settings; idle 30 min, remembered idle 4 h, absolute 10 h by default. */
const start = async (env: Record<string, string> = {}): Promise<void> => {
  portal = await fakePortal({
    env: {
      PORTAL_SESSION_IDLE_MINUTES: "30",
      PORTAL_SESSION_REMEMBER_IDLE_HOURS: "4",
      PORTAL_SESSION_ABSOLUTE_HOURS: "10",
      ...env,
    },
    now: () => new Date(clock),
  });
};

beforeEach(() => {
  clock = Date.parse("2026-04-01T08:30:00+09:00");
});
afterEach(async () => {
  await portal.close();
});

const wait = (ms: number): void => {
  clock += ms;
};

/** Opens a fresh login link's page; returns its HTML. */
const openLink = async (b: InjectBrowser): Promise<string> => {
  await b.get("/");
  const token = portal.auth.createLoginLink(
    {
      registrationId: portal.registration.id,
      emailKey: portal.registration.emailKey,
    },
    15,
  );
  return (await b.get(`/login/verify?token=${token}`)).body;
};

/** Logs in with the page's button, the box checked or not; returns the session cookie's header. */
const logIn = async (b: InjectBrowser, remember: boolean): Promise<string> => {
  const page = await openLink(b);
  const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const res = await b.post("/login/verify", {
    token,
    ...(remember ? { remember: "1" } : {}),
  });
  expect(res.statusCode).toBe(303);
  // The session's own CSRF token, for its forms (logout).
  await b.get("/search");
  const cookies = [res.headers["set-cookie"] ?? []].flat();
  return cookies.find((c) => c.startsWith("kaigo_sid=")) ?? "";
};

/** Whether the search page opens as to a logged-in provider (not the login-again page). */
const loggedIn = async (b: InjectBrowser): Promise<boolean> => {
  const res = await b.get("/search");
  if (res.statusCode === 401) {
    expect(res.body).toContain("ログインしてください");
    return false;
  }
  expect(res.statusCode).toBe(200);
  return true;
};

describe("the login page the mailed link opens", () => {
  it("offers 「この端末を記憶する」 unchecked, saying how long each choice lasts", async () => {
    await start();
    const page = await openLink(new InjectBrowser(portal.app));
    expect(page).toContain(LABEL);
    const box = /<input\s[^>]*name="remember"[^>]*>/.exec(page)?.[0] ?? "";
    expect(box).toContain('type="checkbox"');
    expect(box).not.toContain("checked");
    const hint = /id="remember-hint">([^<]*)</.exec(page)?.[1] ?? "";
    expect(hint).toContain("操作がなくても4時間はログインしたまま");
    expect(hint).toContain("ログインから10時間まで");
    expect(hint).toContain("30分操作がないとログアウト");
  });

  it("never promises more than the absolute limit", async () => {
    await start({ PORTAL_SESSION_REMEMBER_IDLE_HOURS: "24" });
    const page = await openLink(new InjectBrowser(portal.app));
    const hint = /id="remember-hint">([^<]*)</.exec(page)?.[1] ?? "";
    expect(hint).toContain(
      "この端末ではログインから10時間、操作がなくてもログインしたまま",
    );
    expect(hint).not.toContain("24時間");
  });

  it("has no such box when the setting is 0, and a posted choice then changes nothing", async () => {
    await start({ PORTAL_SESSION_REMEMBER_IDLE_HOURS: "0" });
    const b = new InjectBrowser(portal.app);
    const page = await openLink(b);
    expect(page).not.toContain("この端末を記憶する");
    expect(page).not.toContain('name="remember"');
    expect(page).toContain("ログインする");
    // A hand-made post with the field gets an ordinary session all the same.
    const cookie = await logIn(b, true);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
    wait(30 * MINUTE);
    expect(await loggedIn(b)).toBe(false);
  });
});

describe("a session not remembered", () => {
  it("has a browser-session cookie and ends after 30 minutes without a request", async () => {
    await start();
    const b = new InjectBrowser(portal.app);
    const cookie = await logIn(b, false);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
    wait(30 * MINUTE - 1);
    expect(await loggedIn(b)).toBe(true);
    wait(30 * MINUTE - 1);
    expect(await loggedIn(b)).toBe(true);
    wait(30 * MINUTE);
    expect(await loggedIn(b)).toBe(false);
  });
});

describe("a remembered session", () => {
  it("has a cookie kept until the absolute limit, and outlives the normal idle limit", async () => {
    await start();
    const b = new InjectBrowser(portal.app);
    const cookie = await logIn(b, true);
    expect(cookie).toMatch(/Max-Age=36000(;|$)/);
    expect(cookie).toMatch(/HttpOnly/i);
    // A phone used now and then through the morning: gaps far over 30 minutes.
    wait(2 * HOUR);
    expect(await loggedIn(b)).toBe(true);
    wait(4 * HOUR - 1);
    expect(await loggedIn(b)).toBe(true);
  });

  it("ends after its own idle limit without a request", async () => {
    await start();
    const b = new InjectBrowser(portal.app);
    await logIn(b, true);
    wait(4 * HOUR);
    expect(await loggedIn(b)).toBe(false);
  });

  it("ends at the absolute limit however often it is used", async () => {
    await start();
    const b = new InjectBrowser(portal.app);
    await logIn(b, true);
    for (let i = 0; i < 3; i++) {
      wait(3 * HOUR);
      expect(await loggedIn(b)).toBe(true);
    }
    wait(HOUR - 1);
    expect(await loggedIn(b)).toBe(true);
    wait(1);
    expect(await loggedIn(b)).toBe(false);
  });

  it("is not deleted by the purge of idle sessions, which deletes the unremembered one", async () => {
    await start();
    const phone = new InjectBrowser(portal.app);
    const pc = new InjectBrowser(portal.app);
    await logIn(phone, true);
    await logIn(pc, false);
    wait(HOUR);
    expect(portal.auth.purgeExpired().sessions).toBe(1);
    expect(await loggedIn(phone)).toBe(true);
    expect(await loggedIn(pc)).toBe(false);
  });

  it("ends at once on logout", async () => {
    await start();
    const b = new InjectBrowser(portal.app);
    await logIn(b, true);
    const sid = b.jar.get("kaigo_sid") ?? "";
    const res = await b.post("/logout", {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("ログアウト");
    // Even a copy of the cookie kept from before does not work.
    b.jar.set("kaigo_sid", sid);
    expect(await loggedIn(b)).toBe(false);
  });

  it("ends at once when the registration is suspended, or its address changed", async () => {
    await start();
    const { registration } = portal;
    const suspended = new InjectBrowser(portal.app);
    await logIn(suspended, true);
    const suspend = (status: string): void => {
      registration.status = status;
    };
    suspend(registrationStatuses.suspended.label);
    expect(await loggedIn(suspended)).toBe(false);
    suspend(registrationStatuses.active.label);
    // Deleted, not only refused: the registration usable again does not bring it back.
    expect(await loggedIn(suspended)).toBe(false);

    const moved = new InjectBrowser(portal.app);
    await logIn(moved, true);
    const changeAddress = (key: string): void => {
      registration.emailKey = key;
    };
    changeAddress("other@example.jp");
    expect(await loggedIn(moved)).toBe(false);
  });
});
