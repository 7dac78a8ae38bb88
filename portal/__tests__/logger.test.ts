/**
 * The portal's log as an operator reads it: JSON lines, a line per request with its route and
 * status, the alarms at their level — and nothing personal. A provider logs in with their
 * address, opens the mailed link (its token in the query), searches a 被保険者番号 and opens the
 * answer; kintone calls the webhook with its secret; someone probes with a query string. None of
 * those values may appear in any line.
 */
import { Writable } from "node:stream";
import { createPortalLogger, type PortalLogger } from "../logger.ts";
import {
  fakePortal,
  InjectBrowser,
  USER,
  WEBHOOK_SECRET,
} from "../routes/__tests__/fakePortal.ts";
import type { KintoneRecord } from "../replica/types.ts";

const SEARCHED = "246801";
const ADDRESS = "203.0.113.77";

const field = (value: string) => ({ type: "SINGLE_LINE_TEXT", value });

/** A synthetic application (not a real person). */
const record: KintoneRecord = {
  applicationNo: field("A-0001"),
  insuredNo: field(`0000${SEARCHED}`),
  insuredNoLast6: field(SEARCHED),
  applicationDateMMDD: field("1102"),
  applicationType: field("新規"),
  stage: field("認定調査"),
  applicationDate: { type: "DATE", value: "2026-11-02" },
  updatedAt: { type: "DATETIME", value: "2026-11-20T01:00:00Z" },
};

const capture = (
  level: Parameters<typeof createPortalLogger>[0],
): { logger: PortalLogger; lines: string[] } => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createPortalLogger(level, sink), lines };
};

/** One provider's visit and one webhook call; returns the secrets the visit carried. */
const visit = async (
  portal: Awaited<ReturnType<typeof fakePortal>>,
): Promise<string[]> => {
  const b = new InjectBrowser(portal.app, ADDRESS);
  await b.get("/");
  await b.post("/login", { email: USER });
  const link = portal.mails.at(-1)?.link ?? "";
  const token = new URL(link).searchParams.get("token") ?? "";
  await b.get(`/login/verify?token=${encodeURIComponent(token)}`);
  await b.post("/login/verify", { token });
  // The search page carries the new session's CSRF token.
  await b.get("/search");
  const posted = await b.post("/search", { insuredNoLast6: SEARCHED });
  const results = String(posted.headers.location);
  const page = await b.get(results);
  expect(page.body).toContain(SEARCHED);
  await b.get("/search?insuredNoLast6=135792");
  await portal.app.inject({
    method: "POST",
    url: `/hooks/kintone/${WEBHOOK_SECRET}`,
    payload: { app: { id: portal.config.kintone.apps.progress } },
  });
  return [token, results.split("/").at(-1) ?? "", "135792"];
};

describe("the portal's log", () => {
  it("writes JSON lines per request with the route and status, and no address, searched value, token, secret or query", async () => {
    const { logger, lines } = capture("info");
    const portal = await fakePortal({ logger, records: [record] });
    try {
      const secrets = await visit(portal);
      expect(secrets.every((s) => s.length > 5)).toBe(true);
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const completed = parsed.filter((l) => l.msg === "request completed");
      expect(completed.map((l) => (l.req as { route?: string }).route)).toEqual(
        expect.arrayContaining([
          "/login",
          "/login/verify",
          "/search",
          "/search/results/:id",
          "/hooks/kintone/:secret",
        ]),
      );
      expect(completed.every((l) => typeof l.responseTime === "number")).toBe(
        true,
      );
      const all = lines.join("\n");
      for (const value of [
        USER,
        ADDRESS,
        SEARCHED,
        WEBHOOK_SECRET,
        ...secrets,
        "?",
      ]) {
        expect(all).not.toContain(value);
      }
    } finally {
      await portal.close();
    }
  });

  it("writes only what its level lets through", async () => {
    const { logger, lines } = capture("warn");
    const portal = await fakePortal({ logger, records: [record] });
    try {
      await visit(portal);
      expect(lines).toEqual([]);
      logger.warn("replica: sync failed");
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
        level: 40,
        msg: "replica: sync failed",
      });
    } finally {
      await portal.close();
    }
  });

  it("drops personal keys from any object a line carries, and an error's message", () => {
    const { logger, lines } = capture("info");
    logger.info(
      { email: USER, mail: { to: USER, token: "t0ken-value" }, ip: ADDRESS },
      "an event",
    );
    const err = new Error(`no registration for ${USER}`);
    logger.error({ err }, "request failed");
    const all = lines.join("\n");
    expect(all).not.toContain(USER);
    expect(all).not.toContain("t0ken-value");
    expect(all).not.toContain(ADDRESS);
    expect(JSON.parse(lines[1] ?? "{}")).toMatchObject({
      err: { type: "Error", stack: expect.stringContaining("at ") },
    });
  });
});
