/** A faked REST API for the client's jsdom tests: routes by "METHOD path", every call recorded. */
import type { SandboxPage } from "../types.ts";

export interface Call {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

export type Answer = { status: number; body: unknown } | unknown;

export interface FakeApi {
  calls: Call[];
  fetch: typeof fetch;
  /** Sets (or replaces) the answer of `"GET /k/v1/record.json"`-style keys. */
  route: (key: string, answer: Answer | ((call: Call) => Answer)) => void;
}

const isAnswer = (value: unknown): value is { status: number; body: unknown } =>
  typeof value === "object" &&
  value !== null &&
  "status" in value &&
  "body" in value;

export const fakeApi = (): FakeApi => {
  const calls: Call[] = [];
  const routes = new Map<string, Answer | ((call: Call) => Answer)>();
  const fake = (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    const url = String(input);
    const method = init.method ?? "GET";
    const body =
      typeof init.body === "string"
        ? (JSON.parse(init.body) as Record<string, unknown>)
        : null;
    const call: Call = {
      method,
      url,
      path: url.split("?")[0] ?? url,
      headers: (init.headers ?? {}) as Record<string, string>,
      body,
    };
    calls.push(call);
    const route = routes.get(`${method} ${call.path}`);
    let answer: Answer = {
      status: 404,
      body: { code: "CB_NO04", message: "見つかりません。" },
    };
    if (typeof route === "function") {
      answer = (route as (c: Call) => Answer)(call);
    } else if (route !== undefined) {
      answer = route;
    }
    const { status, body: payload } = isAnswer(answer)
      ? answer
      : { status: 200, body: answer };
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      text: () => Promise.resolve(JSON.stringify(payload)),
    } as Response);
  };
  return {
    calls,
    fetch: fake as typeof fetch,
    route: (key, answer) => {
      routes.set(key, answer);
    },
  };
};

export const testPage = (
  overrides: Partial<SandboxPage> = {},
): SandboxPage => ({
  page: "portal",
  mobile: false,
  appId: null,
  recordId: null,
  viewId: null,
  query: null,
  pluginId: null,
  user: {
    id: "1",
    code: "admin",
    name: "管理者",
    email: "admin@example.jp",
    url: "",
    employeeNumber: "",
    phone: "",
    mobilePhone: "",
    extensionNumber: "",
    timezone: "Asia/Tokyo",
    isGuest: false,
    language: "ja",
  },
  requestToken: "token-123",
  ...overrides,
});

export const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => {
      setTimeout(resolve, 5);
    });
  }
  throw new Error("condition not met");
};
