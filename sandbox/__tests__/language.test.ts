/**
 * The language of kintone's messages: the user's own language setting, or — when it is "as the
 * web browser says", the default — the request's Accept-Language (the same rule kintone
 * documents for `lang=user`, e.g.
 * https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/get-record-permissions/).
 */
import {
  ADMIN_USER,
  useTestSandbox,
  type TestSandbox,
} from "../../test/support/sandbox.ts";

let t: TestSandbox;

useTestSandbox(
  {
    users: [
      ADMIN_USER,
      { login: "tanaka", password: "tanaka", name: "Tanaka", language: "en" },
    ],
  },
  (started) => {
    t = started;
  },
);

/**
 * The message of GAIA_AP01 (an app that does not exist) for a user and a header, by fetch: the
 * official client sends no Accept-Language of its own choosing.
 */
const messageFor = async (
  user: { username: string; password: string },
  acceptLanguage?: string,
): Promise<unknown> => {
  const res = await fetch(`${t.sandbox.url}/k/v1/app.json?id=9999`, {
    headers: {
      "X-Cybozu-Authorization": Buffer.from(
        `${user.username}:${user.password}`,
      ).toString("base64"),
      ...(acceptLanguage ? { "Accept-Language": acceptLanguage } : {}),
    },
  });
  const body = (await res.json()) as { code?: string; message?: string };
  expect(body.code).toBe("GAIA_AP01");
  return body.message;
};

describe("the language of messages", () => {
  const admin = { username: "admin", password: "admin" };
  const tanaka = { username: "tanaka", password: "tanaka" };

  it("follows Accept-Language for a user without a language setting", async () => {
    const ja = await messageFor(admin);
    const en = await messageFor(admin, "en-US,en;q=0.9");
    expect(ja).toMatch(/[ぁ-んァ-ン一-龠]/);
    expect(en).toMatch(/^[\x20-\x7e]+$/);
  });

  it("follows the user's own setting whatever the header", async () => {
    const plain = await messageFor(tanaka);
    const askedJa = await messageFor(tanaka, "ja");
    expect(plain).toMatch(/^[\x20-\x7e]+$/);
    expect(askedJa).toBe(plain);
  });
});
