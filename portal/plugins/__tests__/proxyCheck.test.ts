/**
 * In production with PORTAL_TRUST_PROXY unset, a request that came through a reverse proxy is
 * answered 503 and the log names PORTAL_TRUST_PROXY, at most once a minute; everything else
 * passes, and the demo is never checked.
 */
import fastify, { type FastifyInstance } from "fastify";
import type { PortalConfig } from "../../config.ts";
import { fakePortal } from "../../routes/__tests__/fakePortal.ts";
import proxyCheck, { proxyCheckEnabled } from "../proxyCheck.ts";

type Config = Pick<PortalConfig, "production" | "trustProxy">;

const started: FastifyInstance[] = [];

const portal = async (config: Config) => {
  const lines: Array<{ line: string; level: string | undefined }> = [];
  let now = 1_000_000;
  const app = fastify({ logger: false });
  started.push(app);
  await app.register(proxyCheck, {
    config,
    log: (line, level) => lines.push({ line, level }),
    now: () => now,
  });
  app.get("/", () => "トップページ");
  return {
    app,
    lines,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

afterEach(async () => {
  await Promise.all(started.splice(0).map((a) => a.close()));
});

const production: Config = { production: true, trustProxy: false };

it("answers a request through a proxy with 503 and a Japanese page", async () => {
  const { app, lines } = await portal(production);
  for (const headers of [
    { "x-forwarded-for": "203.0.113.7" },
    { forwarded: "for=203.0.113.7;proto=https" },
    { "x-real-ip": "203.0.113.7" },
  ]) {
    const res = await app.inject({ url: "/", headers });
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain("ただいま表示できません");
    expect(res.body).not.toContain("トップページ");
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]?.level).toBe("error");
  expect(lines[0]?.line).toContain("PORTAL_TRUST_PROXY");
  expect(lines[0]?.line).toContain("x-forwarded-for");
  // The client's address is not logged.
  expect(lines[0]?.line).not.toContain("203.0.113.7");
});

it("logs at most once a minute, counting the requests in between", async () => {
  const { app, lines, advance } = await portal(production);
  const proxied = () =>
    app.inject({ url: "/", headers: { "x-forwarded-for": "198.51.100.1" } });
  await proxied();
  advance(30_000);
  await proxied();
  await proxied();
  expect(lines).toHaveLength(1);
  advance(30_000);
  expect((await proxied()).statusCode).toBe(503);
  expect(lines).toHaveLength(2);
  expect(lines[1]?.line).toContain("前回の警告のあとに 2 件");
});

it("lets a request without a proxy's header through", async () => {
  const { app, lines } = await portal(production);
  const res = await app.inject({ url: "/" });
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe("トップページ");
  expect(lines).toEqual([]);
});

it("is off when the proxy is configured, and in the demo", async () => {
  const configs: Config[] = [
    { production: true, trustProxy: "10.0.0.5" },
    { trustProxy: false },
    { production: false, trustProxy: false },
  ];
  for (const config of configs) {
    expect(proxyCheckEnabled(config)).toBe(false);
    const { app, lines } = await portal(config);
    const res = await app.inject({
      url: "/",
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(res.statusCode).toBe(200);
    expect(lines).toEqual([]);
  }
  expect(proxyCheckEnabled(production)).toBe(true);
});

describe("in the portal as `npm run portal` builds it", () => {
  it("refuses a request through a proxy without PORTAL_TRUST_PROXY, and serves it once the proxy is trusted", async () => {
    const untrusted = await fakePortal({ production: true });
    const trusted = await fakePortal({
      production: true,
      env: { PORTAL_TRUST_PROXY: "127.0.0.1" },
    });
    try {
      const through = { "x-forwarded-for": "198.51.100.20" };
      const refused = await untrusted.app.inject({
        url: "/",
        headers: through,
      });
      expect(refused.statusCode).toBe(503);
      expect((await untrusted.app.inject({ url: "/" })).statusCode).toBe(200);
      const served = await trusted.app.inject({ url: "/", headers: through });
      expect(served.statusCode).toBe(200);
    } finally {
      await untrusted.close();
      await trusted.close();
    }
  });
});
