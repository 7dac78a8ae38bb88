/**
 * A sandbox for a test file: in memory, on a free port, with an admin client, and every JSON
 * response checked against kintone's OpenAPI description. Call `expectConformingResponses()`
 * in afterAll (or at the end of a test) to fail on any response that did not conform.
 *
 * The check is test instrumentation: when it cannot run (the contract file unreadable, a bug in
 * the checker), the test fails with that reason, and the answer kintone gave is unchanged. What
 * the local kintone logs (unexpected errors) is printed to the test's output as it happens and
 * fails the check too.
 */
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from "../../sandbox/index.ts";
import { checkResponse, type ResponseProblem } from "./openapi.ts";

export interface TestSandbox {
  sandbox: Sandbox;
  client: KintoneRestAPIClient;
  /** Client for another identity (API token, other user). */
  clientWith: (
    auth: NonNullable<
      ConstructorParameters<typeof KintoneRestAPIClient>[0]
    >["auth"],
  ) => KintoneRestAPIClient;
  /** Responses that broke the description so far. */
  problems: ResponseProblem[];
  /** Paths answered that the description does not describe (sandbox-only APIs). */
  undescribed: Set<string>;
  /** Failures of the check itself, and what the local kintone logged; both fail the check. */
  incidents: string[];
  close: () => Promise<void>;
}

export interface TestSandboxOptions extends SandboxOptions {
  /** The OpenAPI contract to check against (tests of the check itself); the committed one. */
  contract?: string;
}

/** The administrator most test sandboxes start with (the client's default credentials). */
export const ADMIN_USER = {
  login: "admin",
  password: "admin",
  name: "Administrator",
  admin: true,
} as const;

export const startTestSandbox = async (
  options: TestSandboxOptions = {},
): Promise<TestSandbox> => {
  const { contract, ...sandboxOptions } = options;
  const problems: ResponseProblem[] = [];
  const undescribed = new Set<string>();
  const incidents: string[] = [];
  const sandbox = await startSandbox({
    port: 0,
    dataDir: null,
    ...sandboxOptions,
    log: (line) => {
      options.log?.(line);
      incidents.push(line);
      console.error(line);
    },
    onResponse: (method, path, status, body) => {
      options.onResponse?.(method, path, status, body);
      if (status !== 200) {
        return;
      }
      let result: ReturnType<typeof checkResponse>;
      try {
        result = checkResponse(method, path, body, contract);
      } catch (e) {
        incidents.push(
          `the OpenAPI check could not run on ${method} ${path}: ${e instanceof Error ? e.message : String(e)}`,
        );
        return;
      }
      if (result === "undescribed") {
        undescribed.add(`${method} ${path}`);
      } else if (result) {
        problems.push(result);
      }
    },
  });
  const clientWith: TestSandbox["clientWith"] = (auth) =>
    new KintoneRestAPIClient({ baseUrl: sandbox.url, auth });
  return {
    sandbox,
    client: clientWith({ username: "admin", password: "admin" }),
    clientWith,
    problems,
    undescribed,
    incidents,
    close: () => sandbox.close(),
  };
};

/** Fails with the list of responses that did not match the OpenAPI description. */
export const expectConformingResponses = (t: TestSandbox): void => {
  const incidents = t.incidents.splice(0);
  if (incidents.length > 0) {
    throw new Error(
      `The test instrumentation or the local kintone reported:\n${incidents.join("\n")}`,
    );
  }
  expect(t.problems).toEqual([]);
};

/**
 * The usual lifecycle for a test file: start a sandbox before all tests and hand it to `ready`
 * (which may also set up apps), check every response after each test, close it after all.
 */
export const useTestSandbox = (
  options: SandboxOptions,
  ready: (t: TestSandbox) => void | Promise<void>,
): void => {
  let started: TestSandbox | undefined;
  beforeAll(async () => {
    started = await startTestSandbox(options);
    await ready(started);
  });
  afterEach(() => {
    if (started) {
      expectConformingResponses(started);
    }
  });
  afterAll(async () => {
    await started?.close();
  });
};
