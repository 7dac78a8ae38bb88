/**
 * The portal over plain HTTP: health and readiness, the webhook's secret URL, CSRF refusal,
 * security headers on every answer, Japanese error pages without internals (also when the audit
 * log cannot be written: then no result is shown), and configuration
 * errors that name what is missing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ConfigError, configFromEnv } from "../portal/env.ts";
import { LOGIN_ANSWER_MS } from "../portal/routes/login.ts";
import { startDemo, type Demo } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { rowsIn } from "./support/demo.ts";
import { PortalClient } from "./support/portalClient.ts";
import { waitFor } from "./support/waitFor.ts";

let demo: Demo;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-http-"));
  demo = await startDemo({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    portalPort: 0,
    env: { PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "100" },
    portal: { syncIntervalSeconds: 3600, reconcileIntervalSeconds: 3600 },
  });
}, 180_000);

afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the portal over HTTP", () => {
  it("answers health and readiness once the replica is loaded", async () => {
    expect((await fetch(`${demo.portal.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${demo.portal.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready");
  });

  it("accepts the kintone webhook only at its secret URL", async () => {
    const wrong = await fetch(`${demo.portal.url}/hooks/kintone/guess`, {
      method: "POST",
    });
    expect(wrong.status).toBe(404);
    const right = await fetch(
      `${demo.portal.url}/hooks/kintone/${demo.config.webhookSecret}`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "UPDATE_RECORD" }),
      },
    );
    expect(right.status).toBe(200);
  });

  it("syncs only the app a webhook names, and nothing for an app it does not keep", async () => {
    const hook = (appId: string) =>
      fetch(`${demo.portal.url}/hooks/kintone/${demo.config.webhookSecret}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "UPDATE_RECORD", app: { id: appId } }),
      });
    const before = demo.portal.replica.status().requests;
    expect((await hook("99999")).status).toBe(200);
    expect((await hook(demo.ids.registration as string)).status).toBe(200);
    await waitFor(
      () =>
        (demo.portal.replica.status().requests.registration ?? 0) >
        (before.registration ?? 0),
      60_000,
      "the registration app's sync",
    );
    const after = demo.portal.replica.status().requests;
    expect({ ...after, registration: 0 }).toEqual({
      ...before,
      registration: 0,
    });
  });

  it("answers the login form after the same work, and not sooner, registered address or not", async () => {
    const auditRows = (): number =>
      rowsIn(join(dir, "portal", "audit.sqlite"), "audit_events");
    for (const email of [DEMO_EMAIL, "nobody@example.jp"]) {
      const user = new PortalClient(demo.portal.url);
      await user.start();
      const before = auditRows();
      const started = performance.now();
      const res = await user.askMail(email);
      const took = performance.now() - started;
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("ログイン用メールを送信しました");
      expect(took).toBeGreaterThanOrEqual(LOGIN_ANSWER_MS - 1);
      expect(auditRows() - before).toBe(1);
    }
  });

  it("refuses form posts another site makes, and never lets one end a session", async () => {
    const user = new PortalClient(demo.portal.url);
    await user.logIn(DEMO_EMAIL, demo.catcher);
    const cookies = [...user.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const post = (
      path: string,
      body: string,
      headers: Record<string, string>,
    ) =>
      fetch(`${demo.portal.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...headers,
        },
        body,
      });
    const search = `csrf=${user.csrf}&method=insuredNo&insuredNoLast6=123456`;
    const fromElsewhere = await post("/search", search, {
      Cookie: cookies,
      Origin: "https://attacker.example.jp",
    });
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.text()).toContain("もう一度お試しください");
    const sibling = await post("/logout", `csrf=${user.csrf}`, {
      Cookie: cookies,
      "Sec-Fetch-Site": "same-site",
    });
    expect(sibling.status).toBe(403);
    // A cross-site post carries no session cookie (SameSite): refused, and nothing cleared.
    const withoutSession = await post("/search", search, {
      "Sec-Fetch-Site": "cross-site",
    });
    expect(withoutSession.status).toBe(401);
    expect(withoutSession.headers.getSetCookie().join("\n")).not.toMatch(
      /kaigo_sid=;/,
    );
    // Still logged in.
    const mine = await user.searchInsuredNo("123456");
    expect(mine.status).toBe(200);
    expect(await mine.text()).not.toContain("ログインしてください");
  });

  it("refuses a form posted without its CSRF token, politely and in Japanese", async () => {
    const res = await fetch(`${demo.portal.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=demo%40example.jp",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("もう一度お試しください");
  });

  it("sends no-referrer, no-store, a strict CSP and nosniff on every page", async () => {
    for (const path of ["/", "/search", "/nope", "/accessibility"]) {
      const res = await fetch(`${demo.portal.url}${path}`);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("content-security-policy")).toContain(
        "frame-ancestors 'none'",
      );
      expect(res.headers.get("content-security-policy")).toContain(
        "script-src 'none'",
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("answers an unknown page with a Japanese 404 and nothing internal", async () => {
    const res = await fetch(`${demo.portal.url}/k/v1/records.json`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain("ページが見つかりません");
    expect(body).not.toMatch(/Error|at \w+ \(|node_modules/);
  });

  it("shows no result when the search cannot be written to the audit log", async () => {
    const records = await demo.client.record.getAllRecords({
      app: demo.ids.progress as string,
      fields: ["insuredNo", "applicationDate"],
    });
    const monthAgo = new Date(Date.now() - 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const shown = records.find(
      (r) => String(r.applicationDate?.value) >= monthAgo,
    );
    const last6 = String(shown?.insuredNo?.value).slice(-6);
    const user = new PortalClient(demo.portal.url);
    await user.logIn(DEMO_EMAIL, demo.catcher);
    const ok = await user.searchInsuredNo(last6);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<table class="applications">/);

    // The disk refuses the audit log's writes (a trigger stands in for a full disk).
    const disk = new DatabaseSync(join(dir, "portal", "audit.sqlite"));
    disk.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    try {
      const refused = await user.searchInsuredNo(last6);
      expect(refused.status).toBe(500);
      const body = await refused.text();
      expect(body).toContain("ただいま表示できません");
      expect(body).not.toMatch(/検索結果|<table/);
      expect(body).not.toMatch(/disk full|SQLITE|at \w+ \(/);
    } finally {
      disk.exec("DROP TRIGGER refuse");
      disk.close();
    }
    expect((await user.searchInsuredNo(last6)).status).toBe(200);
  });

  it("keeps a malformed form from becoming a 5xx", async () => {
    const res = await fetch(`${demo.portal.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "%E0%A4%A=&&&csrf",
    });
    expect(res.status).toBeLessThan(500);
  });
});

describe("the portal's configuration", () => {
  it("names every missing setting", () => {
    expect(() => configFromEnv({})).toThrow(ConfigError);
    expect(() => configFromEnv({})).toThrow(
      /KINTONE_BASE_URL.*PORTAL_SMTP_URL.*KINTONE_TOKEN_PROGRESS_PORTAL/,
    );
  });

  it("refuses a number out of range with the variable's name", () => {
    expect(() => configFromEnv({ PORTAL_WINDOW_MONTHS: "0" })).toThrow(
      "PORTAL_WINDOW_MONTHS には 1〜24 の整数を指定してください（指定値: 0）。",
    );
  });

  it("refuses the dev mailbox on an https portal", () => {
    const env = {
      KINTONE_BASE_URL: "https://city.cybozu.com",
      PORTAL_SMTP_URL: "smtp://mail.example.jp",
      PORTAL_PUBLIC_URL: "https://portal.example.jp",
      PORTAL_DEV_MAILBOX: "1",
      ...Object.fromEntries(
        [
          "PROGRESS",
          "REGISTRATION",
          "OFFICES",
          "CONSENT",
          "ACCESS_LOG",
        ].flatMap((a) => [
          [`KINTONE_APP_${a}`, "1"],
          [`KINTONE_TOKEN_${a}_PORTAL`, "t"],
        ]),
      ),
    };
    expect(() => configFromEnv(env)).toThrow(/開発用/);
  });
});
