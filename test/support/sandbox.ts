/**
 * A sandbox for a test file: in memory, on a free port, with an admin client, and every JSON
 * response checked against kintone's OpenAPI description. Call `expectConformingResponses()`
 * in afterAll (or at the end of a test) to fail on any response that did not conform.
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
  close: () => Promise<void>;
}

export const startTestSandbox = async (
  options: SandboxOptions = {},
): Promise<TestSandbox> => {
  const problems: ResponseProblem[] = [];
  const undescribed = new Set<string>();
  const sandbox = await startSandbox({
    port: 0,
    dataDir: null,
    ...options,
    onResponse: (method, path, status, body) => {
      options.onResponse?.(method, path, status, body);
      if (status !== 200) {
        return;
      }
      const result = checkResponse(method, path, body);
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
    close: () => sandbox.close(),
  };
};

/** Fails with the list of responses that did not match the OpenAPI description. */
export const expectConformingResponses = (t: TestSandbox): void => {
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
