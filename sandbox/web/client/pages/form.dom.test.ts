/**
 * The create page's event rules against a faked REST API: what kintone documents for show,
 * change and submit handlers, and the server's field errors.
 */
import { install } from "../index.ts";
import type { KintoneApi } from "../kintone.ts";
import type { KEvent, RecordField, SandboxPage } from "../types.ts";

/** A field of an event's record (the test fails if it is missing). */
const field = (event: KEvent, code: string): RecordField => {
  const found = event.record?.[code];
  if (found === undefined) {
    throw new Error(`no field ${code}`);
  }
  return found;
};

interface Call {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
}

const FIELDS = {
  name: {
    type: "SINGLE_LINE_TEXT",
    code: "name",
    label: "氏名",
    required: true,
  },
  kind: {
    type: "DROP_DOWN",
    code: "kind",
    label: "区分",
    options: {
      新規: { label: "新規", index: "0" },
      更新: { label: "更新", index: "1" },
    },
  },
  note: { type: "MULTI_LINE_TEXT", code: "note", label: "備考" },
};

const LAYOUT = [
  {
    type: "ROW",
    fields: [
      { type: "SINGLE_LINE_TEXT", code: "name" },
      { type: "DROP_DOWN", code: "kind" },
    ],
  },
  { type: "ROW", fields: [{ type: "SPACER", elementId: "here" }] },
  { type: "ROW", fields: [{ type: "MULTI_LINE_TEXT", code: "note" }] },
];

const page: SandboxPage = {
  page: "edit",
  mobile: false,
  appId: "1",
  recordId: null,
  viewId: null,
  query: null,
  pluginId: null,
  user: {
    id: "1",
    code: "admin",
    name: "管理者",
    email: "",
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
};

const respond = (status: number, body: unknown): Response =>
  ({
    ok: status >= 200 && status < 300,
    status,
    text: () => Promise.resolve(JSON.stringify(body)),
  }) as Response;

let calls: Call[] = [];
let postAnswer: { status: number; body: unknown } = {
  status: 200,
  body: { id: "5", revision: "1" },
};

const fakeFetch = (
  input: string,
  init: RequestInit = {},
): Promise<Response> => {
  const method = init.method ?? "GET";
  const body =
    typeof init.body === "string"
      ? (JSON.parse(init.body) as Record<string, unknown>)
      : null;
  calls.push({ method, url: input, body });
  const path = input.split("?")[0];
  if (path === "/k/v1/app.json") {
    return Promise.resolve(respond(200, { name: "申請" }));
  }
  if (path === "/k/v1/app/form/fields.json") {
    return Promise.resolve(respond(200, { properties: FIELDS }));
  }
  if (path === "/k/v1/app/form/layout.json") {
    return Promise.resolve(respond(200, { layout: LAYOUT }));
  }
  if (path === "/k/v1/record.json" && method === "POST") {
    return Promise.resolve(respond(postAnswer.status, postAnswer.body));
  }
  if (path === "/k/v1/record.json") {
    return Promise.resolve(
      respond(200, {
        record: { name: { type: "SINGLE_LINE_TEXT", value: "保存済み" } },
      }),
    );
  }
  return Promise.resolve(
    respond(404, { code: "CB_NO04", message: "not found" }),
  );
};

const posts = (): Call[] =>
  calls.filter((c) => c.method === "POST" && c.url === "/k/v1/record.json");

const inputOf = (code: string): HTMLInputElement | HTMLSelectElement => {
  const el = document.querySelector(
    `[data-code="${code}"] input, [data-code="${code}"] select`,
  );
  if (el === null) {
    throw new Error(`no input for ${code}`);
  }
  return el as HTMLInputElement | HTMLSelectElement;
};

const saveButton = (): HTMLButtonElement => {
  const button = [...document.querySelectorAll("button")].find(
    (b) => b.textContent === "保存",
  );
  if (button === undefined) {
    throw new Error("no save button");
  }
  return button;
};

/** Clicks 保存 and waits until the page has finished (busy indicator hidden again). */
const clickSave = async (): Promise<void> => {
  saveButton().click();
  await waitFor(
    () => (document.querySelector(".sb-busy") as HTMLElement).hidden,
  );
};

const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200; i += 1) {
    await new Promise((resolve) => {
      setTimeout(resolve, 5);
    });
    if (condition()) {
      return;
    }
  }
  throw new Error("condition not met");
};

const alertText = (): string =>
  (document.querySelector(".sb-alert") as HTMLElement).textContent ?? "";

const fieldErrorText = (code: string): string =>
  document.querySelector(`[data-code="${code}"] .sb-field-error`)
    ?.textContent ?? "";

let kintone: KintoneApi;

const start = (): Promise<void> => {
  if (kintone.__sandboxStart === undefined) {
    throw new Error("no __sandboxStart");
  }
  return kintone.__sandboxStart();
};
let navigate: jest.Mock;

beforeEach(() => {
  calls = [];
  postAnswer = { status: 200, body: { id: "5", revision: "1" } };
  document.body.innerHTML = "";
  globalThis.fetch = fakeFetch as typeof fetch;
  navigate = jest.fn();
  ({ kintone } = install(structuredCloneSafe(page), {
    navigate,
    confirm: () => true,
  }));
});

const structuredCloneSafe = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("create page: show", () => {
  test("a record returned by the show handler fills the inputs; the last handler's return counts", async () => {
    kintone.events.on("app.record.create.show", (event) => {
      field(event, "name").value = "山田 太郎";
      return event;
    });
    await start();
    expect(inputOf("name").value).toBe("山田 太郎");
    expect(kintone.app.record.get()?.record.name?.value).toBe("山田 太郎");
  });

  test("changes are not applied when the last handler returns nothing", async () => {
    kintone.events.on("app.record.create.show", (event) => {
      field(event, "name").value = "変更";
      return event;
    });
    kintone.events.on("app.record.create.show", (event) => {
      field(event, "name").value = "これも変更";
    });
    await start();
    expect(inputOf("name").value).toBe("");
  });

  test("disabled set in the show event disables the input; the space element is there", async () => {
    kintone.events.on("app.record.create.show", (event) => {
      field(event, "kind").disabled = true;
      return event;
    });
    await start();
    expect(inputOf("kind").disabled).toBe(true);
    expect(kintone.app.record.getSpaceElement("here")).not.toBeNull();
    expect(kintone.app.getId()).toBe(1);
    expect(kintone.app.record.getId()).toBeNull();
    expect(kintone.mobile.app.getId()).toBeNull();
  });
});

describe("create page: disabled", () => {
  test("a field a show handler sets disabled: false still saves what the person types", async () => {
    kintone.events.on("app.record.create.show", (event) => {
      field(event, "name").disabled = false;
      return event;
    });
    await start();
    inputOf("name").value = "入力した値";
    inputOf("name").dispatchEvent(new Event("input"));
    await clickSave();
    expect(posts()[0]?.body?.record).toMatchObject({
      name: { value: "入力した値" },
    });
  });
});

describe("create page: change events", () => {
  test("fire on a person's input, not when the page draws or a program writes the input", async () => {
    const seen: unknown[] = [];
    kintone.events.on("app.record.create.change.kind", (event) => {
      seen.push((event.changes as { field: { value: unknown } }).field.value);
      field(event, "name").value =
        `区分: ${String(field(event, "kind").value)}`;
      return event;
    });
    await start();
    const select = inputOf("kind");
    select.value = "更新"; // a program writes the DOM: no event
    await new Promise((resolve) => {
      setTimeout(resolve, 20);
    });
    expect(seen).toEqual([]);
    select.value = "新規";
    select.dispatchEvent(new Event("change")); // what the browser does when a person picks
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual(["新規"]);
    await waitFor(() => inputOf("name").value === "区分: 新規");
  });

  test("a field kintone fires no change event for (MULTI_LINE_TEXT) fires none", async () => {
    const handler = jest.fn();
    kintone.events.on("app.record.create.change.note", handler);
    await start();
    const area = document.querySelector(
      '[data-code="note"] textarea',
    ) as HTMLTextAreaElement;
    area.value = "メモ";
    area.dispatchEvent(new Event("input"));
    area.dispatchEvent(new Event("change"));
    await new Promise((resolve) => {
      setTimeout(resolve, 20);
    });
    expect(handler).not.toHaveBeenCalled();
    expect(kintone.app.record.get()?.record.note?.value).toBe("メモ");
  });
});

describe("create page: submit", () => {
  test("event.error cancels the save and shows the message at the top", async () => {
    kintone.events.on("app.record.create.submit", (event) => {
      event.error = "申請日を入力してください。";
      return event;
    });
    await start();
    await clickSave();
    expect(posts()).toHaveLength(0);
    expect(alertText()).toBe("申請日を入力してください。");
    expect(navigate).not.toHaveBeenCalled();
  });

  test("a field's error cancels the save and shows the message at that field", async () => {
    kintone.events.on("app.record.create.submit", (event) => {
      field(event, "name").error = "氏名は全角で入力してください。";
      return event;
    });
    await start();
    await clickSave();
    expect(posts()).toHaveLength(0);
    expect(fieldErrorText("name")).toBe("氏名は全角で入力してください。");
  });

  test("return false cancels the save", async () => {
    kintone.events.on("app.record.create.submit", () => false);
    await start();
    await clickSave();
    expect(posts()).toHaveLength(0);
  });

  test("a thenable is awaited, and the record it resolves with is what is saved", async () => {
    kintone.events.on("app.record.create.submit", async (event) => {
      await new Promise((resolve) => {
        setTimeout(resolve, 30);
      });
      field(event, "name").value = "非同期で設定";
      return event;
    });
    await start();
    await clickSave();
    expect(posts()).toHaveLength(1);
    const body = posts()[0]?.body ?? {};
    expect(body.record).toEqual({
      name: { value: "非同期で設定" },
      kind: { value: "" },
      note: { value: "" },
    });
    expect(body.__REQUEST_TOKEN__).toBe("token-123");
    expect(body.app).toBe(1);
  });

  test("after a save, submit.success runs and the page opens the new record", async () => {
    const success = jest.fn((event: { recordId?: unknown }) => {
      expect(event.recordId).toBe("5");
    });
    kintone.events.on("app.record.create.submit.success", success);
    await start();
    inputOf("name").value = "佐藤";
    inputOf("name").dispatchEvent(new Event("input"));
    await clickSave();
    expect(success).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith("/k/1/show#record=5");
  });

  test("the server's field errors are shown at their fields", async () => {
    postAnswer = {
      status: 400,
      body: {
        code: "CB_VA01",
        message: "入力内容が正しくありません。",
        errors: { "record.name.value": { messages: ["必須です。"] } },
      },
    };
    await start();
    await clickSave();
    expect(fieldErrorText("name")).toBe("必須です。");
    expect(alertText()).toContain("入力内容が正しくありません。");
    expect(navigate).not.toHaveBeenCalled();
  });
});
