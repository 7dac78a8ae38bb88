/**
 * The tenant's default language (kintone's locale setting for the whole tenant): messages in it
 * for a request whose user has no language of their own and that states no preference between
 * Japanese and English — e.g. an API token with no Accept-Language. The sandbox's default is
 * Japanese; `language: "en"` (`--language en`) stands for an English tenant.
 */
import { languageOf } from "../core/http.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../test/support/sandbox.ts";

let t: TestSandbox;
useTestSandbox({ language: "en" }, (started) => {
  t = started;
});

const messageOf = async (headers: Record<string, string>) => {
  const res = await fetch(`${t.sandbox.url}/k/v1/app.json?id=9999`, {
    headers: {
      "X-Cybozu-Authorization": Buffer.from("admin:admin").toString("base64"),
      ...headers,
    },
  });
  return ((await res.json()) as { message?: string }).message;
};

it("answers in the tenant's language when the request prefers neither", async () => {
  expect(await messageOf({})).toMatch(/^The app \(ID: 9999\) not found/);
  expect(await messageOf({ "Accept-Language": "fr" })).toMatch(/^The app/);
  expect(await messageOf({ "Accept-Language": "ja" })).toMatch(
    /^指定したアプリ（id: 9999）が見つかりません/,
  );
});

it("takes a stated preference over the tenant's default", () => {
  expect(languageOf(undefined)).toBe("ja");
  expect(languageOf(undefined, "en")).toBe("en");
  expect(languageOf("*", "en")).toBe("en");
  expect(languageOf("ja,en;q=0.5", "en")).toBe("ja");
  expect(languageOf("de, en;q=0.3", "ja")).toBe("en");
});
