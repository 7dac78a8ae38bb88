/**
 * Fail closed: when the portal has not heard from kintone for PORTAL_STALE_MINUTES, it cannot
 * know whether a registration was suspended meanwhile, so it stops searches (503, in Japanese)
 * and logins; once a sync succeeds again, both work. The portal's clock is moved by the test.
 */
import { DEMO_EMAIL } from "../scripts/seed/generate.ts";
import { useDemo } from "./support/demo.ts";
import { PortalClient } from "./support/portalClient.ts";

let offsetMs = 0;
const decisions: string[] = [];

const { demo } = useDemo({
  env: { PORTAL_LIMIT_LOGIN_MAILS_PER_ADDRESS_HOUR: "100" },
  now: () => new Date(Date.now() + offsetMs),
  log: (line) => {
    if (line.startsWith("login:") || line.startsWith("search:")) {
      decisions.push(line);
    }
  },
  portal: {
    staleMinutes: 10,
    sessionIdleMinutes: 60,
    syncIntervalSeconds: 3600,
    reconcileIntervalSeconds: 3600,
  },
});

const search = (user: PortalClient) => user.searchInsuredNo("123456");

it("stops searches and logins when the registrations are older than the bound, and resumes after a sync", async () => {
  const user = new PortalClient(demo().portal.url);
  await user.logIn(DEMO_EMAIL, demo().catcher);
  expect((await search(user)).status).toBe(200);

  offsetMs = 11 * 60_000; // no sync for 11 minutes
  const refused = await search(user);
  expect(refused.status).toBe(503);
  const page = await refused.text();
  expect(page).toContain("ただいま検索できません");
  expect(page).not.toContain("ログインしてください");

  const other = new PortalClient(demo().portal.url);
  await other.start();
  const mails = demo().catcher.messages().length;
  expect((await other.askMail(DEMO_EMAIL)).status).toBe(200);
  expect(decisions.at(-1)).toBe("login: refused (no usable registration)");
  expect(demo().catcher.messages().length).toBe(mails);

  expect((await demo().portal.replica.syncOnce()).ok).toBe(true);
  expect((await search(user)).status).toBe(200);
});
