/**
 * When the tests' own instrumentation fails — the OpenAPI contract cannot be read, an observer
 * of responses throws — the test says so in its own words, and the local kintone still gives
 * the answer it would have given (never a 500 CB_IL01 that looks like a kintone fault).
 */
import { join } from "node:path";
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import {
  expectConformingResponses,
  startTestSandbox,
  type TestSandbox,
} from "./support/sandbox.ts";

const started: TestSandbox[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.close()));
});

const start = async (
  options: Parameters<typeof startTestSandbox>[0],
): Promise<TestSandbox> => {
  const t = await startTestSandbox(options);
  started.push(t);
  return t;
};

describe("instrumentation failures", () => {
  it("a missing contract fails the check with its own message; kintone answers normally", async () => {
    const missing = join(process.cwd(), "no-such-folder", "openapi.yaml");
    const t = await start({ contract: missing });
    const { apps } = await t.client.app.getApps({});
    expect(apps).toEqual([]);
    let failure: unknown;
    try {
      expectConformingResponses(t);
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(
      "the OpenAPI check could not run on GET /k/v1/apps.json",
    );
    expect(message).toContain("no-such-folder");
    expect(message).not.toContain("CB_IL01");
  });

  it("an observer that throws is logged into the test's failure, and errors stay kintone's own", async () => {
    const logged: string[] = [];
    const t = await start({
      log: (line) => logged.push(line),
      onResponse: () => {
        throw new Error("observer broke");
      },
    });
    await expect(t.client.app.getApps({})).resolves.toEqual({ apps: [] });
    // A kintone error (app not found) keeps its code, not CB_IL01.
    const error = await t.client.app
      .getApp({ id: 999 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KintoneRestAPIError);
    expect((error as KintoneRestAPIError).code).toBe("GAIA_AP01");
    expect(logged.join("\n")).toContain(
      "the response observer failed on GET /k/v1/apps.json: Error: observer broke",
    );
    expect(() => expectConformingResponses(t)).toThrow(/observer broke/);
    // Reported once: the next check starts clean.
    expect(() => expectConformingResponses(t)).not.toThrow();
  });
});
