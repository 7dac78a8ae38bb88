/**
 * Sessions over HTTP against the demo, with the portal's clock moved by the test: the idle limit
 * is exact even at one minute, expired sessions are deleted on the portal's own timer, and a
 * registration whose address is changed in kintone loses its sessions and its unused links.
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
