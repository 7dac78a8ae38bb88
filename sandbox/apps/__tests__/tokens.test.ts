/**
 * API tokens look like kintone's (made in its app settings screen: 40 letters and digits),
 * whether minted in-process or through the sandbox-only token API; a command-line tool such as
 * cli-kintone takes a token that begins with "-" for an option.
 */
import {
  useTestSandbox,
  type TestSandbox,
} from "../../../test/support/sandbox.ts";

let t: TestSandbox;
useTestSandbox({}, (started) => {
  t = started;
});

const TOKEN = /^[A-Za-z0-9]{40}$/;

it("mints tokens of 40 letters and digits", async () => {
  const { app } = await t.client.app.addApp({ name: "tokens" });
  const minted = Array.from({ length: 300 }, () =>
    t.sandbox.mintToken(Number(app), { view: true }, true),
  );
  expect(minted.filter((token) => !TOKEN.test(token))).toEqual([]);
  expect(new Set(minted).size).toBe(minted.length);
  const res = await fetch(`${t.sandbox.url}/k/v1/sandbox/token.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
    },
    body: JSON.stringify({ app, rights: { view: true } }),
  });
  const body = (await res.json()) as { token: string };
  expect(body.token).toMatch(TOKEN);
});
