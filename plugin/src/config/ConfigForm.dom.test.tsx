/**
 * The settings screen under jsdom (React, react-dom): only fields of the right type are offered,
 * a missing or wrong mapping stops the save with its message next to the setting, and a right
 * one is saved as the versioned settings.
 */
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { defaultSettings, type AppFields } from "../../config/settings.ts";
import { ConfigForm } from "./ConfigForm.tsx";

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const appFields: AppFields = {
  properties: {
    email: { type: "SINGLE_LINE_TEXT", label: "メールアドレス" },
    officeNo: { type: "SINGLE_LINE_TEXT", label: "事業所番号" },
    staffNameKana: {
      type: "SINGLE_LINE_TEXT",
      label: "担当者氏名（全角カナ）",
    },
    reviewer: { type: "SINGLE_LINE_TEXT", label: "審査者" },
    lastLoginAt: { type: "DATETIME", label: "最終ログイン日時" },
    suspendedAt: { type: "DATETIME", label: "利用停止日時" },
    reviewedAt: { type: "DATETIME", label: "審査日時" },
    suspensionReason: { type: "MULTI_LINE_TEXT", label: "利用停止理由" },
    returnReason: { type: "MULTI_LINE_TEXT", label: "差戻し・却下理由" },
    applicationDate: { type: "DATE", label: "申請日" },
  },
};

let root: Root;
let host: HTMLDivElement;
const saved: unknown[] = [];

const render = async (initial = defaultSettings()) => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    root.render(
      <ConfigForm
        appFields={appFields}
        initial={initial}
        cancelHref="/back"
        onSave={async (s) => {
          saved.push(s);
        }}
      />,
    );
  });
};

const select = (id: string) => host.querySelector<HTMLSelectElement>(`#${id}`);

const choose = async (id: string, value: string) => {
  const el = select(id) as HTMLSelectElement;
  await act(async () => {
    // React listens to the native setter's change.
    const setter = Object.getOwnPropertyDescriptor(
      HTMLSelectElement.prototype,
      "value",
    )?.set;
    setter?.call(el, value);
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
};

const submit = async () => {
  await act(async () => {
    host
      .querySelector("form")
      ?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
};

beforeEach(() => {
  saved.length = 0;
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

it("offers for each setting only the app's fields of the right type", async () => {
  await render();
  const options = (id: string) =>
    [...(select(id)?.options ?? [])].map((o) => o.value).filter(Boolean);
  expect(options("field-lastLoginAt").toSorted()).toEqual([
    "lastLoginAt",
    "reviewedAt",
    "suspendedAt",
  ]);
  expect(options("field-returnReason")).not.toContain("applicationDate");
  expect(options("field-email")).not.toContain("lastLoginAt");
});

it("refuses to save a missing mapping, saying which, and saves once it is set", async () => {
  await render();
  await choose("field-email", "");
  await submit();
  expect(saved).toEqual([]);
  expect(host.querySelector("#field-email-error")?.textContent).toBe(
    "メールアドレスのフィールドを選んでください。",
  );
  expect(select("field-email")?.getAttribute("aria-invalid")).toBe("true");
  expect(host.querySelector('[role="status"]')?.textContent).toContain(
    "保存できません",
  );
  await choose("field-email", "email");
  await submit();
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ version: 2, fields: { email: "email" } });
  expect(host.querySelector('[role="status"]')?.textContent).toBe(
    "保存しました。アプリを更新すると反映されます。",
  );
});

it("refuses a field of another type kept from old settings, and the same field twice", async () => {
  const initial = defaultSettings();
  initial.fields.lastLoginAt = "applicationDate";
  initial.fields.reviewer = "email";
  await render(initial);
  await submit();
  expect(saved).toEqual([]);
  expect(host.querySelector("#field-lastLoginAt-error")?.textContent).toContain(
    "日時",
  );
  expect(host.querySelector("#field-reviewer-error")?.textContent).toContain(
    "同じフィールドは選べません",
  );
});
