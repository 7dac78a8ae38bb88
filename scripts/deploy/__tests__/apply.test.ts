/**
 * The deploy wait's failure paths. The local kintone deploys synchronously (always SUCCESS), so
 * these run the real rest-api-client against a two-route stand-in answering FAIL or PROCESSING.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { CliError } from "../../lib/cli.ts";
import { deployApp } from "../apply.ts";

let server: Server;
let client: KintoneRestAPIClient;
let status = "PROCESSING";
let polls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    if (req.method === "GET") {
      polls += 1;
      res.end(JSON.stringify({ apps: [{ app: "1", status }] }));
    } else {
      req.resume();
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "localhost", resolve);
  });
  const { port } = server.address() as AddressInfo;
  client = new KintoneRestAPIClient({
    baseUrl: `http://localhost:${port}`,
    auth: { username: "admin", password: "admin" },
  });
});

afterAll(async () => {
  await new Promise((resolve) => {
    server.close(resolve);
  });
});

describe("deployApp", () => {
  it("fails with a Japanese message naming the app when kintone reports FAIL", async () => {
    status = "FAIL";
    const run = deployApp(client, "1", "認定進捗", "3", { pollMs: 5 });
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toThrow(
      "アプリ「認定進捗」の運用環境への反映に失敗しました（FAIL）",
    );
  });

  it("gives up after the timeout while kintone keeps PROCESSING, having polled meanwhile", async () => {
    status = "PROCESSING";
    polls = 0;
    // A clock that moves 25 ms each time it is read: the wait gives up on the clock, not on how
    // fast this machine answers, after the start and three polls (0, 25, 50, 75 > 60).
    let clock = 0;
    const now = (): number => {
      clock += 25;
      return clock;
    };
    await expect(
      deployApp(client, "1", "認定進捗", "3", {
        timeoutMs: 60,
        pollMs: 1,
        now,
      }),
    ).rejects.toThrow(/認定進捗.*秒以内に終わりませんでした/);
    expect(polls).toBe(3);
  });
});
