/**
 * The glue in a page: handlers registered through onEvent and registerForm, fired as kintone
 * fires them (a fake `kintone.events`), with the notices they leave in the DOM.
 */
import { progressForm } from "../progress/rules.ts";
import { FAILURE_MESSAGE, onEvent, type KintoneEvent } from "./events.ts";
import { eventTypes, registerForm, SUBMIT_BLOCKED } from "./form.ts";

type Registered = (event: KintoneEvent) => unknown;

let handlers: Map<string, Registered[]>;

beforeEach(() => {
  handlers = new Map();
  document.body.innerHTML = "";
  (globalThis as unknown as { kintone: unknown }).kintone = {
    events: {
      on: (types: string | string[], handler: Registered) => {
        for (const t of Array.isArray(types) ? types : [types]) {
          handlers.set(t, [...(handlers.get(t) ?? []), handler]);
        }
      },
    },
  };
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const fire = async (type: string, event: KintoneEvent): Promise<unknown> => {
  const list = handlers.get(type) ?? [];
  expect(list).toHaveLength(1);
  return (list[0] as Registered)({ ...event, type });
};

const progressRecord = (over: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries({
      insuredNo: "0000123456",
      birthDate: "1950-01-02",
      applicationDate: "2026-01-05",
      careLevel: "",
      certificationDate: "",
      stage: "申請受付",
      insuredNoLast6: "",
      applicationDateMMDD: "",
      birthDateYMD: "",
      doctorOpinionRequestDate: "",
      ...over,
    }).map(([k, v]) => [k, { type: "X", value: v }]),
  );

describe("onEvent", () => {
  it("passes a handler's result through", async () => {
    onEvent("app.record.detail.show", (e) => ({ ...e, ok: 1 }));
    await expect(
      fire("app.record.detail.show", { type: "" }),
    ).resolves.toMatchObject({ ok: 1 });
    expect(document.querySelector(".kaigo-notice")).toBeNull();
  });

  it("turns a throw on submit into event.error and a notice, so nothing is saved", async () => {
    onEvent("app.record.create.submit", () => {
      throw new TypeError("boom");
    });
    const event = (await fire("app.record.create.submit", {
      type: "",
    })) as KintoneEvent;
    expect(event.error).toBe(FAILURE_MESSAGE);
    const notice = document.querySelector('[role="alert"]');
    expect(notice?.textContent).toContain("画面の処理でエラーが発生しました");
  });

  it("turns a rejected promise on show into a notice, and the event goes on", async () => {
    onEvent(["mobile.app.record.edit.show"], () =>
      Promise.reject(new Error("late")),
    );
    const event = (await fire("mobile.app.record.edit.show", {
      type: "",
    })) as KintoneEvent;
    expect(event.error).toBeUndefined();
    expect(
      document.querySelector(".kaigo-notice-error")?.textContent,
    ).toContain("再読み込み");
  });
});

describe("registerForm", () => {
  it("registers show, change and submit for desktop (with inline edit) and mobile", () => {
    registerForm("desktop", progressForm);
    registerForm("mobile", progressForm);
    for (const type of [
      "app.record.create.show",
      "app.record.edit.show",
      "app.record.index.edit.show",
      "app.record.create.change.insuredNo",
      "app.record.index.edit.change.certificationDate",
      "app.record.edit.submit",
      "mobile.app.record.create.show",
      "mobile.app.record.edit.change.applicationDate",
      "mobile.app.record.create.submit",
    ]) {
      expect(handlers.get(type)).toHaveLength(1);
    }
    expect(handlers.has("mobile.app.record.index.edit.show")).toBe(false);
    expect(eventTypes("mobile", "change", ["a"])).toEqual([
      "mobile.app.record.create.change.a",
      "mobile.app.record.edit.change.a",
    ]);
  });

  it("on show fills in and disables the derived fields, and shows no error", async () => {
    registerForm("desktop", progressForm);
    const event = (await fire("app.record.create.show", {
      type: "",
      record: progressRecord({ insuredNo: "" }),
    })) as KintoneEvent;
    expect(event.record?.stage).toMatchObject({
      value: "申請受付",
      disabled: true,
    });
    expect(event.record?.applicationDateMMDD).toMatchObject({
      value: "0105",
      disabled: true,
    });
    expect(event.record?.insuredNo?.error).toBeUndefined();
  });

  it("on change puts the error at the field and moves 進捗", async () => {
    registerForm("mobile", progressForm);
    const changed = (await fire("mobile.app.record.edit.change.insuredNo", {
      type: "",
      record: progressRecord({ insuredNo: "12A" }),
    })) as KintoneEvent;
    expect(changed.record?.insuredNo?.error).toContain("被保険者番号");
    expect(changed.record?.insuredNoLast6?.value).toBe("");
    const certified = (await fire(
      "mobile.app.record.edit.change.certificationDate",
      {
        type: "",
        record: progressRecord({
          certificationDate: "2026-02-01",
          careLevel: "要介護2",
        }),
      },
    )) as KintoneEvent;
    expect(certified.record?.stage?.value).toBe("認定済");
    expect(certified.record?.insuredNo?.error).toBeNull();
  });

  it("on submit blocks with the errors at their fields, and lets warnings through", async () => {
    registerForm("desktop", progressForm);
    const blocked = (await fire("app.record.create.submit", {
      type: "",
      record: progressRecord({ insuredNo: "" }),
    })) as KintoneEvent;
    expect(blocked.error).toBe(SUBMIT_BLOCKED);
    expect(blocked.record?.insuredNo?.error).toBe(
      "被保険者番号を入力してください。",
    );
    const warned = (await fire("app.record.create.submit", {
      type: "",
      record: progressRecord({ doctorOpinionRequestDate: "2025-12-20" }),
    })) as KintoneEvent;
    expect(warned.error).toBeUndefined();
    expect(
      document.querySelector('.kaigo-notice-warning[role="status"]')
        ?.textContent,
    ).toContain("主治医意見書依頼日");
  });

  it("removes the warnings notice once there are none, and it can be closed", async () => {
    registerForm("desktop", progressForm);
    await fire("app.record.edit.change.doctorOpinionRequestDate", {
      type: "",
      record: progressRecord({ doctorOpinionRequestDate: "2025-12-20" }),
    });
    const notice = document.querySelector(".kaigo-notice-warning");
    expect(notice).not.toBeNull();
    (notice?.querySelector("button") as HTMLButtonElement).click();
    expect(document.querySelector(".kaigo-notice-warning")).toBeNull();
    await fire("app.record.edit.change.doctorOpinionRequestDate", {
      type: "",
      record: progressRecord({ doctorOpinionRequestDate: "2025-12-20" }),
    });
    await fire("app.record.edit.change.doctorOpinionRequestDate", {
      type: "",
      record: progressRecord(),
    });
    expect(document.querySelector(".kaigo-notice-warning")).toBeNull();
  });
});
