/**
 * The rate limits wired into the running portal (demo in-process, small limits): the polite 429
 * page with Retry-After for searches, the login-mail limit per address that shows the usual
 * "sent" page and sends nothing, the limit per IP, and a login answer that takes the same time
 * whether the address is registered or not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo, type Demo } from "../scripts/demo.ts";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { rowsIn } from "./support/demo.ts";
import { PortalClient } from "./support/portalClient.ts";
import { waitFor } from "./support/waitFor.ts";

let demo: Demo;
let dir: string;
let offsetMs = 0;
/** The portal's login decisions, logged before each answer. */
const decisions: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaigo-limits-"));
  demo = await startDemo({
    dataDir: dir,
    memory: true,
    kintonePort: 0,
    portalPort: 0,
    env: {
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_10MIN: "3",
      PORTAL_LIMIT_SEARCHES_PER_ACCOUNT_DAY: "100",
      PORTAL_LIMIT_SEARCHES_PER_IP_10MIN: "100",
      PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "2",
      PORTAL_LIMIT_LOGIN_MAILS_PER_IP_HOUR: "8",
      PORTAL_LIMIT_LOGIN_LINKS_PER_IP_10MIN: "3",
    },
    now: () => new Date(Date.now() + offsetMs),
    portal: {
      syncIntervalSeconds: 3600,
      reconcileIntervalSeconds: 3600,
      // The clock moves by hours to leave the limits' windows, not to stand for an outage.
      staleMinutes: 1440,
    },
    log: (line) => {
      if (line.startsWith("login:")) {
        decisions.push(line);
      }
    },
  });
}, 180_000);

afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const loggedIn = async (): Promise<PortalClient> => {
  const b = new PortalClient(demo.portal.url);
  await b.logIn(DEMO_EMAIL, demo.catcher);
  return b;
};

describe("search limits", () => {
  it("answer 429 with Retry-After and say in Japanese when to continue", async () => {
    const b = await loggedIn();
    const search = () =>
      b.go("/search", `csrf=${b.csrf}&method=insuredNo&insuredNoLast6=000000`);
    for (let i = 0; i < 3; i++) {
      expect((await search()).status).toBe(200);
    }
    const refused = await search();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(500);
    const page = await refused.text();
    expect(page).toMatch(
      // After midnight in Japan the time carries the day: 明日（11月22日）0:05.
      /検索の回数が上限に達しました。<time datetime="[^"]+">(?:明日（\d{1,2}月\d{1,2}日）)?\d{1,2}:\d{2}<\/time> 以降にもう一度お試しください。/,
    );
    offsetMs = 10 * 60_000;
    try {
      expect((await search()).status).toBe(200);
    } finally {
      offsetMs = 0;
    }
  });
});

describe("login-mail limits", () => {
  it("show the usual page beyond the limit per address, and send nothing", async () => {
    offsetMs = 2 * 3_600_000; // the earlier tests' mails have left the window
    try {
      const owner = await loggedIn(); // the first mail of the hour
      // Another browser (one that logged in before would have a count of its own).
      const b = new PortalClient(demo.portal.url);
      await b.start();
      const before = demo.catcher.messages().length;
      const second = await b.askMail(DEMO_EMAIL); // sent: the limit is 2
      const third = await b.askMail(DEMO_EMAIL); // over the limit: not sent
      const unknown = await b.askMail("nobody@example.jp");
      expect([second.status, third.status, unknown.status]).toEqual([
        200, 200, 200,
      ]);
      const main = async (r: Response) =>
        /<main[\s\S]*<\/main>/.exec(await r.text())?.[0];
      expect(await main(third)).toBe(await main(unknown));
      // The portal decides before it answers: link sent, then withheld by the limit, then no
      // registration. The one mail it sent must arrive, and no other.
      expect(decisions.slice(-3)).toEqual([
        "login: link sent",
        "login: mail not sent (limit per address)",
        "login: refused (no usable registration)",
      ]);
      await waitFor(
        () => demo.catcher.messages().length >= before + 1,
        60_000,
        "the second login mail",
      );
      expect(demo.catcher.messages().length).toBe(before + 1);
      // The browser that logged in still gets its mail: nobody else can spend its count.
      expect((await owner.askMail(DEMO_EMAIL)).status).toBe(200);
      expect(decisions.at(-1)).toBe("login: link sent");
      await waitFor(
        () => demo.catcher.messages().length >= before + 2,
        60_000,
        "the owner's login mail",
      );
    } finally {
      offsetMs = 0;
    }
  });

  it("refuse an IP beyond its limit with a polite 429 page", async () => {
    const b = new PortalClient(demo.portal.url);
    await b.start();
    let last: Response | undefined;
    for (let i = 0; i < 10 && last?.status !== 429; i++) {
      last = await b.askMail(`someone${i}@example.jp`);
    }
    expect(last?.status).toBe(429);
    expect(await last?.text()).toContain(
      "ログイン用メールの送信回数が上限に達しました",
    );
  });

  it("answer as fast for a registered address as for an unknown one", async () => {
    offsetMs = 4 * 3_600_000;
    try {
      const b = new PortalClient(demo.portal.url);
      await b.start();
      const timed = async (email: string): Promise<number> => {
        const t = performance.now();
        await (await b.askMail(email)).text();
        return performance.now() - t;
      };
      const registered = [await timed(DEMO_EMAIL), await timed(DEMO_EMAIL)];
      const unknown = [
        await timed("nobody1@example.jp"),
        await timed("nobody2@example.jp"),
      ];
      expect(Math.min(...registered)).toBeLessThan(Math.max(...unknown) + 40);
    } finally {
      offsetMs = 0;
    }
  });
});

describe("login-link limits", () => {
  it("refuse guessing links beyond the limit per address with 429, and record the refusals once", async () => {
    offsetMs = 6 * 3_600_000; // a window of its own
    const refusalsRecorded = (): number =>
      rowsIn(
        join(dir, "portal", "audit.sqlite"),
        "audit_events",
        "record_json LIKE '%回数制限%'",
      );
    try {
      const b = new PortalClient(demo.portal.url);
      await b.start();
      const guess = (n: number) =>
        b.go(
          "/login/verify",
          `csrf=${b.csrf}&token=guess-${n}-${"x".repeat(40)}`,
        );
      for (let i = 0; i < 3; i++) {
        expect((await guess(i)).status).toBe(400);
      }
      const before = refusalsRecorded();
      const statuses: number[] = [];
      for (let i = 3; i < 13; i++) {
        const res = await guess(i);
        statuses.push(res.status);
        if (i === 3) {
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
          expect(await res.text()).toContain(
            "ログイン用URLの確認の回数が上限に達しました",
          );
        }
      }
      expect(statuses).toEqual(Array(10).fill(429));
      expect(refusalsRecorded() - before).toBe(1);
    } finally {
      offsetMs = 0;
    }
  });
});
