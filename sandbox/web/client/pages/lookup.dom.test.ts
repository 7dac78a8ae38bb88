/** The create page's lookups, tables and record.set, against a faked REST API. */
import { install } from "../index.ts";
import { fakeApi, testPage, waitFor } from "../testing/fakeApi.ts";
import type { Call, FakeApi } from "../testing/fakeApi.ts";
import type { KEvent } from "../types.ts";

const FIELDS = {
  office: {
    type: "SINGLE_LINE_TEXT",
    code: "office",
    label: "事業所番号",
    lookup: {
      relatedApp: { app: "9" },
      relatedKeyField: "no",
      fieldMappings: [{ field: "officeName", relatedField: "name" }],
      lookupPickerFields: ["no", "name"],
    },
  },
  officeName: {
    type: "SINGLE_LINE_TEXT",
    code: "officeName",
    label: "事業所名",
  },
  visits: {
    type: "SUBTABLE",
    code: "visits",
    label: "訪問",
    fields: { day: { type: "DATE", code: "day", label: "訪問日" } },
  },
};

let api: FakeApi;

const start = async () => {
  api.route("GET /k/v1/app.json", { name: "申請" });
  api.route("GET /k/v1/app/form/fields.json", { properties: FIELDS });
  api.route("GET /k/v1/app/form/layout.json", {
    layout: [
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "office" },
          { type: "SINGLE_LINE_TEXT", code: "officeName" },
        ],
      },
      {
        type: "SUBTABLE",
        code: "visits",
        fields: [{ type: "DATE", code: "day" }],
      },
    ],
  });
  const { kintone } = install(testPage({ page: "edit", appId: "1" }), {
    navigate: jest.fn(),
  });
  return kintone;
};

const input = (code: string): HTMLInputElement =>
  document.querySelector(`[data-code="${code}"] input`) as HTMLInputElement;

const click = (text: string): void => {
  const found = [...document.querySelectorAll<HTMLElement>("button")].find(
    (b) => b.textContent === text,
  );
  if (found === undefined) {
    throw new Error(`no button ${text}`);
  }
  found.click();
};

beforeEach(() => {
  api = fakeApi();
  globalThis.fetch = api.fetch;
  document.body.innerHTML = "";
});

describe("lookups", () => {
  test("取得 with one match copies the mapped fields and fires their change events", async () => {
    const kintone = await start();
    const changed: string[] = [];
    kintone.events.on("app.record.create.change.officeName", (event) => {
      changed.push(String(event.record?.officeName?.value));
    });
    api.route("GET /k/v1/records.json", (call: Call) =>
      call.url.includes(encodeURIComponent('no = "123"'))
        ? {
            records: [
              {
                no: { type: "SINGLE_LINE_TEXT", value: "123" },
                name: { type: "SINGLE_LINE_TEXT", value: "みどり苑" },
              },
            ],
          }
        : { records: [] },
    );
    await kintone.__sandboxStart?.();
    input("office").value = "123";
    input("office").dispatchEvent(new Event("input"));
    click("取得");
    await waitFor(() => input("officeName").value === "みどり苑");
    await waitFor(() => changed.length === 1);
    expect(changed).toEqual(["みどり苑"]);
    click("クリア");
    expect(input("office").value).toBe("");
    expect(input("officeName").value).toBe("");
  });

  test("取得 with several candidates opens a picker; no candidate shows an error at the field", async () => {
    const kintone = await start();
    const rows = ["1", "2"].map((no) => ({
      no: { type: "SINGLE_LINE_TEXT", value: no },
      name: { type: "SINGLE_LINE_TEXT", value: `事業所${no}` },
    }));
    api.route("GET /k/v1/records.json", { records: rows });
    await kintone.__sandboxStart?.();
    click("取得");
    await waitFor(
      () => document.querySelectorAll(".sb-picker-item").length === 2,
    );
    (document.querySelectorAll(".sb-picker-item")[1] as HTMLElement).click();
    expect(input("office").value).toBe("2");
    expect(input("officeName").value).toBe("事業所2");
    api.route("GET /k/v1/records.json", { records: [] });
    click("取得");
    await waitFor(
      () =>
        document.querySelector('[data-code="office"] .sb-field-error')
          ?.textContent === "データがありません。",
    );
  });
});

describe("tables and record.set", () => {
  test("adding a row fires the table's change event with that row", async () => {
    const kintone = await start();
    const rows: unknown[] = [];
    kintone.events.on("app.record.create.change.visits", (event: KEvent) => {
      rows.push((event.changes as { row: unknown }).row);
      return event;
    });
    await kintone.__sandboxStart?.();
    click("＋");
    await waitFor(() => rows.length === 1);
    expect(rows[0]).toEqual({ value: { day: { type: "DATE", value: "" } } });
    expect(
      (kintone.app.record.get()?.record.visits?.value as unknown[]).length,
    ).toBe(2);
  });

  test("record.set changes values and fires change events (as kintone documents); inside a handler it is refused", async () => {
    const kintone = await start();
    const seen: unknown[] = [];
    const spy = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    kintone.events.on("app.record.create.show", () => {
      kintone.app.record.set({
        record: { officeName: { value: "ハンドラー内" } },
      });
    });
    kintone.events.on("app.record.create.change.officeName", (event) => {
      seen.push(event.record?.officeName?.value);
    });
    await kintone.__sandboxStart?.();
    expect(input("officeName").value).toBe("");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    kintone.app.record.set({ record: { officeName: { value: "ボタンから" } } });
    expect(input("officeName").value).toBe("ボタンから");
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual(["ボタンから"]);
  });
});
