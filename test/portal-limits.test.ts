/**
 * The rate limits wired into the running portal (demo in-process, small limits): the polite 429
 * page with Retry-After for searches, the login-mail limit per address that shows the usual
 * "sent" page and sends nothing (listed in the dev mailbox only), the limit per IP, and a login
 * answer that takes the same time whether the address is registered or not. Then the default
 * limits against one office behind one address (five care managers at month-end), the daily
 * bound of one account, and the demo's next start freeing everyone.
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
/** Every line the portal logged. */
const logged: string[] = [];

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
      logged.push(line);
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
    const search = () => b.searchInsuredNo("000000");
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

  it("list a mail withheld by the limit per address in the dev mailbox only, never on the page or in the log", async () => {
    offsetMs = 8 * 3_600_000; // a window of its own
    try {
      const b = new PortalClient(demo.portal.url);
      await b.start();
      const noted = demo.catcher.withheld().length;
      await b.askMail(DEMO_EMAIL);
      const sent = await b.askMail(DEMO_EMAIL);
      const withheld = await b.askMail(DEMO_EMAIL); // over the limit of 2: not sent
      const main = async (r: Response) =>
        /<main[\s\S]*<\/main>/.exec(await r.text())?.[0];
      const page = await main(withheld);
      expect(page).toBe(await main(sent));
      expect(page).not.toMatch(/回数制限|上限/);
      expect(demo.catcher.withheld().slice(noted)).toEqual([
        {
          to: DEMO_EMAIL,
          what: "ログイン用メール",
          limit:
            "このメールアドレスあての1時間のログイン用メールの送信（2回まで）",
          at: expect.any(Date),
        },
      ]);
      const mailbox = await (await b.go("/dev/mailbox")).text();
      const entry = /<article class="withheld">[\s\S]*?<\/article>/.exec(
        mailbox,
      )?.[0];
      expect(entry).toContain("<h2>回数制限のため送信しませんでした</h2>");
      expect(entry).toContain(`<dt>宛先</dt><dd>${DEMO_EMAIL}</dd>`);
      expect(entry).toContain(
        "<dt>制限</dt><dd>このメールアドレスあての1時間のログイン用メールの送信（2回まで）</dd>",
      );
      expect(logged.filter((line) => line.includes("@"))).toEqual([]);
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

describe("the default limits: one office behind one address at month-end", () => {
  // Its own demo with the limits as shipped (no PORTAL_LIMIT_* set) and kintone on disk, so that
  // the demo can be started again over the same data, as `npm start` is.
  let office: Demo | undefined;
  let officeDir = "";
  let officeOffsetMs = 0;
  const CARE_MANAGERS = 5;
  /** A 45-person caseload, one number in five mistyped and searched again. */
  const ROUND = 45 + 9;
  const startOffice = (): Promise<Demo> =>
    startDemo({
      dataDir: officeDir,
      kintonePort: 0,
      portalPort: 0,
      env: {},
      now: () => new Date(Date.now() + officeOffsetMs),
      portal: {
        syncIntervalSeconds: 3600,
        reconcileIntervalSeconds: 3600,
        // The clock moves by minutes to leave the limits' windows, not to stand for an outage.
        staleMinutes: 1440,
      },
    });
  const running = (): Demo => {
    if (!office) {
      throw new Error("the office's demo has not started");
    }
    return office;
  };
  const emails = [
    DEMO_EMAIL,
    ...Array.from(
      { length: CARE_MANAGERS - 1 },
      (_, i) => `cm${i + 2}@example.jp`,
    ),
  ];
  let managers: PortalClient[] = [];

  /** Care managers of the demo's office, approved in kintone as the staff would. */
  const approveColleagues = async (d: Demo): Promise<void> => {
    const app = d.ids.registration as string;
    const [own] = (
      await d.client.record.getRecords({
        app,
        query: `email = "${DEMO_EMAIL}"`,
      })
    ).records;
    for (const email of emails.slice(1)) {
      const { id } = await d.client.record.addRecord({
        app,
        record: {
          registrationRequestType: { value: "新規" },
          officeNo: { value: String(own?.officeNo?.value) },
          officePhone: { value: String(own?.officePhone?.value) },
          email: { value: email },
          staffNameKana: { value: "ケアマネジャー" },
          pledge: { value: own?.pledge?.value },
        },
      });
      for (const action of ["審査開始", "承認"]) {
        await d.client.record.updateRecordStatus({ app, id, action });
      }
    }
    await d.portal.replica.syncOnce();
  };

  /** Searches with this care manager until one is refused; the searches answered, the refusal. */
  const searchUntilRefused = async (
    cm: PortalClient,
    most: number,
  ): Promise<{ answered: number; refusal: Response | undefined }> => {
    for (let i = 0; i < most; i++) {
      const res = await cm.searchInsuredNo(String(100_000 + i));
      if (res.status !== 200) {
        return { answered: i, refusal: res };
      }
    }
    return { answered: most, refusal: undefined };
  };

  /** The limit page's text: tags dropped, whitespace collapsed. */
  const textOf = async (res: Response | undefined): Promise<string> =>
    (await res?.text())?.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ") ?? "";

  beforeAll(async () => {
    officeDir = mkdtempSync(join(tmpdir(), "kaigo-limits-office-"));
    office = await startOffice();
    await approveColleagues(office);
    managers = [];
    for (const email of emails) {
      const cm = new PortalClient(office.portal.url);
      await cm.logIn(email, office.catcher);
      managers.push(cm);
    }
  }, 180_000);

  afterAll(async () => {
    await office?.close();
    rmSync(officeDir, { recursive: true, force: true });
  });

  it("let five care managers behind one address each search a 45-person caseload with retries, all at once", async () => {
    const statuses = await Promise.all(
      managers.map(async (cm, n) => {
        const seen: number[] = [];
        for (let i = 0; i < ROUND; i++) {
          seen.push(
            (await cm.searchInsuredNo(String(200_000 + n * 1000 + i))).status,
          );
        }
        return seen;
      }),
    );
    expect(statuses.flat()).toEqual(Array(CARE_MANAGERS * ROUND).fill(200));
  });

  it("refuse one account at its 24-hour bound with a page naming that limit, and only that account", async () => {
    const [cm, colleague] = managers as [PortalClient, PortalClient];
    // Ten minutes later (the round has left every 10-minute window): this account's 10 minutes.
    officeOffsetMs += 10 * 60_000 + 1000;
    const tenMinutes = await searchUntilRefused(cm, 200);
    expect(tenMinutes.answered).toBe(60);
    expect(tenMinutes.refusal?.status).toBe(429);
    expect(await textOf(tenMinutes.refusal)).toContain(
      "上限に達したのは、このアカウントの10分間の検索（60回まで）です。",
    );
    // Ten minutes more: the rest of the day's 150.
    officeOffsetMs += 10 * 60_000 + 1000;
    const day = await searchUntilRefused(cm, 200);
    expect(day.answered).toBe(150 - ROUND - 60);
    expect(day.refusal?.status).toBe(429);
    expect(Number(day.refusal?.headers.get("retry-after"))).toBeGreaterThan(
      23 * 3600,
    );
    const page = await textOf(day.refusal);
    expect(page).toContain(
      "上限に達したのは、このアカウントの24時間の検索（150回まで）です。",
    );
    expect(page).toMatch(
      /(?:明日（\d{1,2}月\d{1,2}日）)?\d{1,2}:\d{2} 以降にもう一度お試しください。/,
    );
    expect(page).toContain(
      "個人情報を守るための安全対策として、どなたにも同じ上限を設けています。",
    );
    // The colleagues behind the same address go on.
    expect((await colleague.searchInsuredNo("300000")).status).toBe(200);
  });

  it("free everyone at the demo's next start: its limits are cleared", async () => {
    const limitsFile = join(officeDir, "portal", "limits.sqlite");
    await waitFor(
      () => rowsIn(limitsFile, "hits") > 0,
      60_000,
      "the counts written to the limits file",
    );
    await running().close();
    office = undefined;
    officeOffsetMs = 0;
    office = await startOffice();
    expect(rowsIn(limitsFile, "hits")).toBe(0);
    const cm = new PortalClient(office.portal.url);
    await cm.logIn(DEMO_EMAIL, office.catcher);
    expect((await cm.searchInsuredNo("000000")).status).toBe(200);
  }, 180_000);
});
