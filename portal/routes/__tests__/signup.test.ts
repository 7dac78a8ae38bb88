/**
 * The registration form's routes (routes/signup.ts) through app.inject with fake dependencies:
 * the non-revealing mail step and its limits, the link bound to its purpose and used up by the
 * submission only, the checks run again at submission, refusals audited, kintone failures that
 * lose nothing, 廃止 ending access, and every field fuzzed (never a 500, never a stack trace).
 */
import fc from "fast-check";
import { emailKey } from "../../../domain/email.ts";
import {
  fakePortal,
  InjectBrowser,
  OFFICE,
  OFFICE_NOT_ALLOWED,
  USER,
  type FakePortal,
} from "./fakePortal.ts";

let portal: FakePortal;

beforeEach(async () => {
  portal = await fakePortal({
    limits: [
      { kind: "signupMail", scope: "address", limit: 2, windowSeconds: 3600 },
      { kind: "signupMail", scope: "ip", limit: 5, windowSeconds: 3600 },
    ],
  });
});

afterEach(async () => {
  await portal.close();
});

const VALID = {
  requestType: "new",
  officeNo: "１４７００００００９",
  officePhone: "0462000000",
  staffNameKana: "かいご たろう",
  pledge: "yes",
};

/** A browser holding a form link for `email` (made in the store, as the mail would carry it). */
const withLink = async (
  email = "new.person@example.jp",
): Promise<{ browser: InjectBrowser; token: string }> => {
  const browser = new InjectBrowser(portal.app);
  const token = portal.signup.store.createLink(email, 60);
  const res = await browser.get(`/register/form?token=${token}`);
  expect(res.statusCode).toBe(200);
  return { browser, token };
};

describe("the mail step", () => {
  it("answers the same page whatever the address, mails a form link, and audits the request", async () => {
    const browser = new InjectBrowser(portal.app);
    await browser.get("/register");
    const pages = [];
    for (const email of [USER, "someone.new@example.jp"]) {
      const res = await browser.post("/register", { email });
      expect(res.statusCode).toBe(200);
      pages.push(res.body.replace(/name="csrf" value="[^"]+"/, ""));
    }
    expect(pages[0]).toBe(pages[1]);
    expect(portal.signup.links.map((l) => l.to)).toEqual([
      USER,
      "someone.new@example.jp",
    ]);
    expect(portal.signup.links[0]?.link).toMatch(
      /^http:\/\/localhost:8080\/register\/form\?token=[\w-]{43}$/,
    );
    expect(portal.audit.map((e) => e.eventType)).toEqual([
      "signupRequested",
      "signupRequested",
    ]);
  });

  it("stops mailing one address past its limit without saying so, and refuses an IP past its own with 429", async () => {
    const browser = new InjectBrowser(portal.app);
    await browser.get("/register");
    for (let i = 0; i < 3; i++) {
      const res = await browser.post("/register", { email: USER });
      expect(res.statusCode).toBe(200);
    }
    expect(portal.signup.links).toHaveLength(2);
    // The refused third counted for the address only: three more reach the IP's five.
    for (let i = 0; i < 3; i++) {
      await browser.post("/register", { email: `other${i}@example.jp` });
    }
    const refused = await browser.post("/register", {
      email: "one.more@example.jp",
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect(refused.body).toContain("利用登録の申請用メールの送信回数");
  });

  it("shows a typing mistake next to the field, and refuses a form without its token", async () => {
    const browser = new InjectBrowser(portal.app);
    await browser.get("/register");
    const typo = await browser.post("/register", { email: "care@@example" });
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('id="email-error"');
    const forged = await browser.request("POST", "/register", {
      email: USER,
    });
    expect(forged.statusCode).toBe(403);
    expect(portal.signup.links).toHaveLength(0);
  });
});

describe("the form", () => {
  it("goes form → confirmation → receipt, adds the normalized application once, and uses the link up", async () => {
    const { browser, token } = await withLink();
    const confirm = await browser.post("/register/form", { token, ...VALID });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(OFFICE.officeName);
    expect(confirm.body).toContain("カイゴタロウ");
    expect(portal.signup.added).toHaveLength(0);

    const done = await browser.post("/register/submit", { token, ...VALID });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("受付番号：<strong>101</strong>");
    expect(portal.signup.added).toEqual([
      expect.objectContaining({
        requestType: "new",
        officeNo: OFFICE.officeNo,
        officePhone: "0462000000",
        staffNameKana: "カイゴタロウ",
        email: "new.person@example.jp",
      }),
    ]);
    expect(portal.signup.receipts).toEqual([
      { to: "new.person@example.jp", receiptNo: "101" },
    ]);
    expect(portal.audit.map((e) => e.eventType)).toEqual(["signupSubmitted"]);

    const again = await browser.post("/register/submit", { token, ...VALID });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("このURLは使えません");
    expect(portal.signup.added).toHaveLength(1);
    // Applied for, not yet in the replica: a second 新規 is refused.
    const next = await withLink();
    const second = await next.browser.post("/register/form", {
      token: next.token,
      ...VALID,
    });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain("審査中です");
  });

  it("runs every check again at submission: the confirmation's hidden fields are not trusted", async () => {
    const { browser, token } = await withLink();
    const res = await browser.post("/register/submit", {
      token,
      ...VALID,
      pledge: "",
      staffNameKana: "Taro",
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="pledge-error"');
    expect(res.body).toContain('id="staffNameKana-error"');
    expect(portal.signup.added).toHaveLength(0);
  });

  it("refuses an office not in the master, or not allowed, in the guide's words, and audits it", async () => {
    const { browser, token } = await withLink();
    for (const officeNo of ["1470000025", OFFICE_NOT_ALLOWED]) {
      const res = await browser.post("/register/form", {
        token,
        ...VALID,
        officeNo,
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("指定事業所情報が検索できません");
    }
    expect(portal.audit.map((e) => e.eventType)).toEqual([
      "signupRefused",
      "signupRefused",
    ]);
  });

  it("refuses a 新規 for an address in use, and takes its 廃止: access ends at once", async () => {
    const { browser, token } = await withLink(USER);
    const dup = await browser.post("/register/form", { token, ...VALID });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain("すでに利用登録されています");

    const user = new InjectBrowser(portal.app);
    await user.logIn(portal);
    expect((await user.get("/search")).statusCode).toBe(200);

    const cancel = { ...VALID, requestType: "cancel" };
    expect(
      (await browser.post("/register/submit", { token, ...cancel })).statusCode,
    ).toBe(200);
    expect(portal.signup.cancelled).toEqual([portal.registration.id]);
    expect((await user.get("/search")).statusCode).toBe(401);
  });

  it("loses nothing when kintone cannot take the application: 503, and the same link works again", async () => {
    const { browser, token } = await withLink();
    portal.signup.failAdd(true);
    const failed = await browser.post("/register/submit", { token, ...VALID });
    expect(failed.statusCode).toBe(503);
    portal.signup.failAdd(false);
    const retried = await browser.post("/register/submit", {
      token,
      ...VALID,
    });
    expect(retried.statusCode).toBe(200);
    expect(portal.signup.added).toHaveLength(1);
  });

  it("does not open the form with a login link, an unknown or an over-long token", async () => {
    const browser = new InjectBrowser(portal.app);
    const loginToken = portal.auth.createLoginLink(
      { registrationId: "7", emailKey: emailKey(USER) },
      30,
    );
    for (const token of [loginToken, "nope"]) {
      const res = await browser.get(`/register/form?token=${token}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("このURLは使えません");
    }
    const long = await browser.get(`/register/form?token=${"x".repeat(300)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).not.toContain('name="officeNo"');
  });

  it("answers any typed value with the form or the confirmation, never an error page (fuzzed)", async () => {
    const { browser, token } = await withLink();
    const anyText = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom(
        "1470000009",
        "１４７００００００９",
        "=cmd|' /C calc'!A0",
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          requestType: fc.oneof(
            fc.constantFrom("new", "change", "cancel"),
            fc.string({ maxLength: 10 }),
          ),
          officeNo: anyText,
          officePhone: anyText,
          staffNameKana: anyText,
          pledge: fc.constantFrom("yes", "", "no"),
        }),
        async (form) => {
          const res = await browser.post("/register/form", { token, ...form });
          expect([200, 400]).toContain(res.statusCode);
          expect(res.headers["content-type"]).toContain("text/html");
          expect(res.body).not.toMatch(/at \w+ \(|Error:/);
        },
      ),
      { numRuns: 150 },
    );
    expect(portal.signup.added).toHaveLength(0);
  });
});

it("says the form is closed when the portal has no signup token", async () => {
  const closed = await fakePortal({ withoutSignup: true });
  try {
    const res = await new InjectBrowser(closed.app).get("/register");
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("受け付けていません");
  } finally {
    await closed.close();
  }
});
