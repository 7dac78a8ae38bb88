/**
 * Reading failures of real calls to the local kintone: a refusal, a write stopped part-way, and
 * no answer at all; and the one-line descriptions logs use, which carry no value.
 */
import { createServer } from "node:net";
import { makeApp, number } from "../../sandbox/records/__tests__/fixtures.ts";
import {
  useTestSandbox,
  type TestSandbox,
} from "../../test/support/sandbox.ts";
import {
  classifyKintoneError,
  createKintoneClient,
  describeKintoneError,
  kintoneErrorCode,
} from "../client.ts";

let t: TestSandbox;
useTestSandbox({}, (started) => {
  t = started;
});

const failureOf = async (call: () => Promise<unknown>): Promise<unknown> =>
  call().then(
    () => {
      throw new Error("the call succeeded");
    },
    (e: unknown) => e,
  );

/** A port nothing listens on: taken from the system, then closed again. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, "localhost", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => {
    server.close(resolve);
  });
  return port;
};

describe("classifyKintoneError", () => {
  it("reads kintone's refusal: code, status, no value", async () => {
    const client = createKintoneClient(t.sandbox.url, {
      username: "admin",
      password: "admin",
    });
    const e = await failureOf(() => client.app.getApp({ id: 999_999 }));
    expect(classifyKintoneError(e)).toMatchObject({
      kind: "refused",
      code: "GAIA_AP01",
      status: 404,
    });
    expect(describeKintoneError(e)).toBe("kintone answered 404 GAIA_AP01");
    expect(kintoneErrorCode(e)).toBe("GAIA_AP01");
  });

  it("reads a multi-request write stopped part-way, with the failing record and kintone's cause", async () => {
    const app = await makeApp(t, { fields: { n: number() } });
    const records = Array.from({ length: 2500 }, (_, i) => ({
      n: { value: i === 2100 ? "not a number" : String(i) },
    }));
    const e = await failureOf(() =>
      t.client.record.addAllRecords({ app, records }),
    );
    const f = classifyKintoneError(e);
    expect(f).toMatchObject({
      kind: "partial",
      processed: 2000,
      total: 2500,
      errorIndex: 2100,
      cause: { kind: "refused", code: "CB_VA01", status: 400 },
    });
    expect(describeKintoneError(e)).toBe(
      "kintone answered 400 CB_VA01 after 2000 of 2500 records",
    );
    expect(describeKintoneError(e)).not.toContain("not a number");
  });

  it("reads no answer as unreachable, by the system's error code", async () => {
    const client = createKintoneClient(
      `http://localhost:${await closedPort()}`,
      {
        apiToken: "token",
      },
    );
    const e = await failureOf(() => client.app.getApp({ id: 1 }));
    expect(classifyKintoneError(e)).toEqual({
      kind: "unreachable",
      code: "ECONNREFUSED",
    });
    expect(describeKintoneError(e)).toBe("kintone unreachable (ECONNREFUSED)");
  });

  it("reads anything else by its name only", () => {
    expect(classifyKintoneError(new TypeError("x"))).toEqual({
      kind: "other",
      name: "TypeError",
    });
    expect(describeKintoneError("a string")).toBe("unknown");
    expect(describeKintoneError({ code: "demo@example.jp" })).toBe("unknown");
  });
});
