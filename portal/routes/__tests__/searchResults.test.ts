/**
 * The answer to a search as a GET page (Post/Redirect/Get), and what the page shows of each
 * application, through app.inject with fake dependencies (fakePortal.ts).
 */
import type { KintoneRecord } from "../../replica/types.ts";
import { fakePortal, InjectBrowser, type FakePortal } from "./fakePortal.ts";

const field = (value: string) => ({ type: "SINGLE_LINE_TEXT", value });

/** A synthetic application of 被保険者番号 0000246801 (not a real person). */
const application = (dates: Record<string, string>): KintoneRecord =>
  Object.freeze({
    applicationNo: field(`A-${dates.applicationDate ?? ""}`),
    insuredNo: field("0000246801"),
    insuredNoLast6: field("246801"),
    applicationDateMMDD: field(
      (dates.applicationDate ?? "").slice(5).replace("-", ""),
    ),
    applicationType: field("新規"),
    stage: field("主治医意見書"),
    updatedAt: { type: "DATETIME", value: "2026-11-20T01:00:00Z" },
    careLevel: field("要介護2"),
    ...Object.fromEntries(
      Object.entries(dates).map(([k, v]) => [k, { type: "DATE", value: v }]),
    ),
  });

const waitingForOpinion = application({
  applicationDate: "2026-11-02",
  surveyScheduledDate: "2026-11-10",
  surveyDate: "2026-11-10",
  surveyReceivedDate: "2026-11-12",
  doctorOpinionRequestDate: "2026-11-04",
});

let portal: FakePortal;
const open: FakePortal[] = [];
const portalWith = async (
  o: Parameters<typeof fakePortal>[0],
): Promise<FakePortal> => {
  const p = await fakePortal(o);
  open.push(p);
  return p;
};
beforeEach(async () => {
  portal = await portalWith({ records: [waitingForOpinion] });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

const search = (b: InjectBrowser, last6 = "246801") =>
  b.post("/search", { insuredNoLast6: last6 });

describe("Post/Redirect/Get", () => {
  it("answers a search with 303 to a GET page whose URL holds no searched value, and records it once", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const posted = await search(b);
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    expect(location).toMatch(/^\/search\/results\/[A-Za-z0-9_-]{22}$/);
    expect(location).not.toContain("246801");
    const page = await b.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("検索結果");
    expect(page.body).toContain("246801");
    // Reload (or back) shows the same answer without searching again.
    const again = await b.get(location);
    expect(again.body).toBe(page.body);
    expect(portal.audit.filter((e) => e.eventType === "search")).toHaveLength(
      1,
    );
  });

  it("does not show one browser's answer to another logged-in browser", async () => {
    const mine = new InjectBrowser(portal.app);
    await mine.logIn(portal);
    const location = String((await search(mine)).headers.location);
    const other = new InjectBrowser(portal.app);
    await other.logIn(portal);
    const page = await other.get(location);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("検索結果の表示期限が切れました");
    expect(page.body).not.toContain("246801");
  });

  it("asks to search again for an unknown or malformed answer id, without a 5xx", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const unknown = await b.get(`/search/results/${"x".repeat(22)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("もう一度検索してください");
    for (const id of ["short", "%E3%81%82".repeat(8), "a".repeat(23)]) {
      const page = await b.get(`/search/results/${id}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain("最初からもう一度操作してください");
    }
  });

  it("sends a visitor without a login to log in", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const location = String((await search(b)).headers.location);
    const stranger = new InjectBrowser(portal.app);
    const page = await stranger.get(location);
    expect(page.body).not.toContain("246801");
    expect(page.body).toContain("ログイン");
  });

  it("answers a mistyped number on the same page with 400 and the error by its field", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const res = await search(b, "12345x");
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true"');
  });
});

describe("the results page", () => {
  const resultsPage = async (p: FakePortal): Promise<string> => {
    const b = new InjectBrowser(p.app);
    await b.logIn(p);
    const location = String((await search(b)).headers.location);
    return (await b.get(location)).body;
  };

  it("shows the results before the search forms, with a link down to them", async () => {
    const body = await resultsPage(portal);
    expect(body.indexOf('id="results"')).toBeGreaterThan(-1);
    expect(body.indexOf('id="results"')).toBeLessThan(
      body.indexOf('id="search-forms"'),
    );
    expect(body).toContain('href="#search-forms"');
  });

  it("shows each step with its status and dates, the current one marked, and the legend", async () => {
    const body = (await resultsPage(portal)).replace(/\s+/g, " ");
    const order = ["申請受付", "認定調査", "主治医意見書", "審査会", "認定"];
    const cells = [...body.matchAll(/<td class="step [^"]*">.*?<\/td>/g)].map(
      (m) => m[0],
    );
    const cell = (label: string): string => cells[order.indexOf(label)] ?? "";
    expect(cell("申請受付")).toContain("申請日 11/02");
    expect(cell("申請受付")).toContain("新規");
    expect(cells).toHaveLength(5);
    expect(cell("認定調査")).toContain("<b>済</b>");
    expect(cell("認定調査")).toContain("調査票受理日 2026-11-12");
    expect(cell("主治医意見書")).toContain("依頼中");
    expect(cell("主治医意見書")).toContain("現在の段階");
    expect(cell("主治医意見書")).toContain("依頼日 2026-11-04");
    expect(cell("審査会")).toContain("<b>未</b>");
    expect(body).toContain("市が主治医意見書の到着を待っている段階");
  });

  it("leaves out results (要介護状態区分) the view definition does not publish", async () => {
    const consent = await portalWith({
      records: [waitingForOpinion],
      env: { PORTAL_CONSENT_MODE: "true" },
    });
    expect(await resultsPage(portal)).not.toContain("要介護2");
    expect(await resultsPage(consent)).not.toContain("要介護2");
  });

  it("names the logged-in office in the header and links back to 検索 on every page", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    for (const path of ["/search", "/accessibility"]) {
      const body = (await b.get(path)).body;
      expect(body.replace(/\s+/g, " ")).toContain(
        `ログイン中：</span>事業所番号 ${portal.registration.officeNo}`,
      );
      expect(body).toContain('href="/search"');
    }
  });

  it("offers the phone's number pad for every number field", async () => {
    const b = new InjectBrowser(portal.app);
    await b.logIn(portal);
    const body = (await b.get("/search")).body.replace(/\s+/g, " ");
    for (const id of ["insuredNoLast6", "applicationDate", "birthDate"]) {
      expect(body).toMatch(new RegExp(`id="${id}"[^>]*inputmode="numeric"`));
    }
  });
});

describe("consent mode", () => {
  it("says the same neutral words whether nobody matched or the person has no 同意 for this office", async () => {
    const withPerson = await portalWith({
      records: [waitingForOpinion],
      env: { PORTAL_CONSENT_MODE: "true" },
    });
    const nobody = await portalWith({
      records: [],
      env: { PORTAL_CONSENT_MODE: "true" },
    });
    const answer = async (p: FakePortal): Promise<string> => {
      const b = new InjectBrowser(p.app);
      await b.logIn(p);
      const location = String((await search(b)).headers.location);
      const body = (await b.get(location)).body;
      return /<section[^>]*id="results"[^]*?<\/section>/.exec(body)?.[0] ?? "";
    };
    const a = await answer(withPerson);
    expect(a).toContain("同意書");
    expect(a).toContain("居宅サービス計画作成依頼届出書");
    expect(a).toBe(await answer(nobody));
  });
});
