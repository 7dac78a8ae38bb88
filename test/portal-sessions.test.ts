/**
 * Sessions over HTTP against the demo, with the portal's clock moved by the test: the idle limit
 * is exact even at one minute, expired sessions are deleted on the portal's own timer (a
 * remembered one — 「この端末を記憶する」 — at its own, longer limit), and a registration whose
 * address is changed in kintone loses its sessions and its unused links.
 */
import { join } from "node:path";
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { rowsIn, useDemo } from "./support/demo.ts";
import { PortalClient } from "./support/portalClient.ts";
import { waitFor } from "./support/waitFor.ts";
import { mailAfter } from "./support/mail.ts";

let offsetMs = 0;

const { demo, dir } = useDemo({
  env: { PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "100" },
  now: () => new Date(Date.now() + offsetMs),
  purgeIntervalMs: 50,
  portal: {
    sessionIdleMinutes: 1,
    syncIntervalSeconds: 3600,
    reconcileIntervalSeconds: 3600,
  },
});

const SECOND = 1000;

/** Whether a search is answered as to a logged-in provider (not the login page). */
const loggedIn = async (user: PortalClient): Promise<boolean> => {
  const res = await user.searchInsuredNo("123456");
  const page = await res.text();
  return res.status === 200 && !page.includes("ログインしてください");
};

const sessionsInFile = (): number =>
  rowsIn(join(dir(), "portal", "auth.sqlite"), "sessions");

it("keeps a one-minute session alive while used every 20 seconds, and ends it after a silent minute", async () => {
  offsetMs = 0;
  const user = new PortalClient(demo().portal.url);
  await user.logIn(DEMO_EMAIL, demo().catcher);
  for (let i = 0; i < 6; i++) {
    offsetMs += 20 * SECOND;
    expect(await loggedIn(user)).toBe(true);
  }
  offsetMs += 61 * SECOND;
  expect(await loggedIn(user)).toBe(false);
});

it("deletes expired sessions on its own timer, without their owner coming back", async () => {
  offsetMs = 0;
  const user = new PortalClient(demo().portal.url);
  await user.logIn(DEMO_EMAIL, demo().catcher);
  expect(sessionsInFile()).toBeGreaterThan(0);
  offsetMs += 2 * 60 * SECOND;
  await waitFor(
    () => sessionsInFile() === 0,
    60_000,
    "the purge of expired sessions",
  );
});

it("keeps a remembered session past the idle minute the timer ends the others at, and ends it on the timer 10 hours later", async () => {
  offsetMs = 0;
  const pc = new PortalClient(demo().portal.url);
  await pc.logIn(DEMO_EMAIL, demo().catcher);
  // The phone checks 「この端末を記憶する」 on the page the mailed link opens.
  const phone = new PortalClient(demo().portal.url);
  await phone.start();
  const before = demo().catcher.messages().length;
  await phone.askMail(DEMO_EMAIL);
  const mail = await mailAfter(demo().catcher, before, DEMO_EMAIL);
  const link =
    /\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0] ?? "";
  const verify = await (await phone.go(link)).text();
  expect(verify).toContain("この端末を記憶する");
  const token = /name="token" value="([^"]+)"/.exec(verify)?.[1] ?? "";
  const done = await phone.go(
    "/login/verify",
    `csrf=${phone.csrf}&token=${token}&remember=1`,
  );
  expect(done.status).toBe(303);
  await phone.readToken("/search");
  const file = join(dir(), "portal", "auth.sqlite");
  expect(rowsIn(file, "sessions", "remembered = 1")).toBe(1);

  offsetMs += 2 * 60 * SECOND;
  await waitFor(
    () => rowsIn(file, "sessions", "remembered = 0") === 0,
    60_000,
    "the purge of the sessions not remembered",
  );
  expect(await loggedIn(pc)).toBe(false);
  expect(await loggedIn(phone)).toBe(true);

  // 10 hours later: past the default remembered idle limit and the absolute one.
  offsetMs += 10 * 60 * 60 * SECOND;
  await waitFor(
    () => rowsIn(file, "sessions", "remembered = 1") === 0,
    60_000,
    "the purge of the remembered session",
  );
});

it("ends the sessions and unused links of a registration whose address is changed in kintone", async () => {
  offsetMs = 0;
  const user = new PortalClient(demo().portal.url);
  await user.logIn(DEMO_EMAIL, demo().catcher);
  expect(await loggedIn(user)).toBe(true);
  // A second link, mailed but not used yet.
  const other = new PortalClient(demo().portal.url);
  await other.start();
  const before = demo().catcher.messages().length;
  await other.askMail(DEMO_EMAIL);
  const mail = await mailAfter(demo().catcher, before, DEMO_EMAIL);
  const link =
    /\/login\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0] ?? "";

  const app = demo().ids.registration as string;
  const [registration] = (
    await demo().client.record.getRecords({
      app,
      query: `email = "${DEMO_EMAIL}"`,
    })
  ).records;
  const id = String(registration?.$id?.value);
  await demo().client.record.updateRecord({
    app,
    id,
    record: { email: { value: "changed@example.jp" } },
  });
  try {
    await demo().portal.replica.syncOnce();
    expect(await loggedIn(user)).toBe(false);
    const verify = await (await other.go(link)).text();
    const token = /name="token" value="([^"]+)"/.exec(verify)?.[1] ?? "";
    const done = await other.go(
      "/login/verify",
      `csrf=${other.csrf}&token=${token}`,
    );
    expect(done.status).toBe(400);
    expect(await done.text()).toContain("このURLではログインできません");
  } finally {
    await demo().client.record.updateRecord({
      app,
      id,
      record: { email: { value: DEMO_EMAIL } },
    });
    await demo().portal.replica.syncOnce();
  }
});
