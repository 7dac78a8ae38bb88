/**
 * The demo's local kintone for staff: the 認定係 clerk `npm start` prints logs into the pages
 * and, through the REST API as the pages call it, may read and write applications but only read
 * the access log, and may not change app settings.
 */
import { DEMO_CLERK } from "../scripts/demo.ts";
import { useDemoKintone } from "./support/demo.ts";

const kintone = useDemoKintone();

describe("the demo's clerk", () => {
  it("logs into the staff pages and has a 認定係 clerk's rights", async () => {
    const base = kintone().sandbox.url;
    const login = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({
        username: DEMO_CLERK.login,
        password: DEMO_CLERK.password,
      }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/k/#/portal");
    const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    const progress = kintone().ids.progress as string;
    const page = await fetch(`${base}/k/${progress}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const { requestToken, user } = JSON.parse(
      /window\.__SANDBOX_PAGE__ = (.*);<\/script>/.exec(html)?.[1] ?? "{}",
    ) as { requestToken: string; user: { code: string } };
    expect(user.code).toBe("clerk");
    const headers = {
      cookie,
      "X-Requested-With": "XMLHttpRequest",
      "Content-Type": "application/json",
    };
    const call = (method: string, api: string, body?: object) =>
      fetch(`${base}/k/v1/${api}`, {
        method,
        headers,
        ...(body
          ? {
              body: JSON.stringify({
                ...body,
                __REQUEST_TOKEN__: requestToken,
              }),
            }
          : {}),
      });
    const list = await call(
      "GET",
      `records.json?app=${progress}&query=limit%201`,
    );
    expect(list.status).toBe(200);
    const { records } = (await list.json()) as {
      records: Array<{ $id: { value: string }; $revision: { value: string } }>;
    };
    const first = records[0];
    expect(first).toBeDefined();
    const edited = await call("PUT", "record.json", {
      app: progress,
      id: first?.$id.value,
      record: {},
    });
    expect(edited.status).toBe(200);
    const removed = await call("DELETE", "records.json", {
      app: progress,
      ids: [first?.$id.value],
    });
    expect(removed.status).toBe(403);
    const accessLog = kintone().ids.accessLog as string;
    expect((await call("GET", `records.json?app=${accessLog}`)).status).toBe(
      200,
    );
    expect(
      (await call("POST", "record.json", { app: accessLog, record: {} }))
        .status,
    ).toBe(403);
    const settings = await call("PUT", "preview/app/settings.json", {
      app: progress,
      name: "変更",
    });
    expect(settings.status).toBe(403);
  });
});
