/**
 * Process management on the detail page: the status, its assignees, and the actions from it
 * (`app/status.json`), run through `…detail.process.proceed` and `record/status.json`.
 */
import { clone } from "../clone.ts";
import { detach, h } from "../dom.ts";
import { returnedEvent } from "../events.ts";
import type { KRecord } from "../types.ts";
import { cancels, eventType, runEvent } from "./env.ts";
import type { Env } from "./env.ts";
import type { Frame } from "./shell.ts";
import { messageOf } from "./shell.ts";
import { detailUrl } from "../urls.ts";

interface Entity {
  entity: { type: string; code: string | null };
}

interface StatusSettings {
  enable: boolean;
  states: Record<
    string,
    {
      name: string;
      index: string;
      assignee?: { type: string; entities: Entity[] };
    }
  > | null;
  actions: Array<{ name: string; from: string; to: string }> | null;
}

interface ProcessPage {
  app: number;
  id: number;
  record: KRecord;
}

const valueOfType = (record: KRecord, type: string): unknown =>
  Object.values(record).find((f) => f.type === type)?.value;

/** Who can be chosen as the next assignee (users named, or the users of a user field). */
const candidates = (
  settings: StatusSettings,
  to: string,
  record: KRecord,
): string[] => {
  const assignee = settings.states?.[to]?.assignee;
  if (assignee?.type !== "ONE") {
    return [];
  }
  const codes: string[] = [];
  for (const { entity } of assignee.entities) {
    if (entity.type === "USER" && entity.code !== null) {
      codes.push(entity.code);
    } else if (entity.type === "FIELD_ENTITY" && entity.code !== null) {
      const users = record[entity.code]?.value;
      if (Array.isArray(users)) {
        codes.push(...users.map((u: { code: string }) => u.code));
      }
    } else if (entity.type === "CREATOR") {
      const creator = valueOfType(record, "CREATOR") as
        { code?: string } | undefined;
      if (creator?.code !== undefined) {
        codes.push(creator.code);
      }
    }
  }
  return [...new Set(codes)];
};

const proceed = async (
  env: Env,
  frame: Frame,
  page: ProcessPage,
  action: { name: string; from: string; to: string },
  assignee: string | null,
): Promise<void> => {
  const result = await runEvent(env, {
    type: eventType(env, "app.record.detail.process.proceed"),
    appId: page.app,
    recordId: page.id,
    record: clone(page.record),
    action: { value: action.name },
    status: { value: action.from },
    nextStatus: { value: action.to },
  });
  const ret = returnedEvent(result);
  if (cancels(result)) {
    frame.alert(
      typeof ret?.error === "string" && ret.error !== "" ? ret.error : null,
    );
    return;
  }
  try {
    if (ret?.record !== undefined) {
      // The values a handler returned are saved with the action (kintone).
      const record: KRecord = {};
      for (const [code, field] of Object.entries(ret.record)) {
        if (
          JSON.stringify(field.value) !==
          JSON.stringify(page.record[code]?.value)
        ) {
          record[code] = { value: field.value };
        }
      }
      if (Object.keys(record).length > 0) {
        await env.rest("/k/v1/record.json", "PUT", {
          app: page.app,
          id: page.id,
          record,
        });
      }
    }
    await env.rest("/k/v1/record/status.json", "PUT", {
      app: page.app,
      id: page.id,
      action: action.name,
      ...(assignee === null ? {} : { assignee }),
    });
  } catch (error) {
    frame.alert(`アクションを実行できませんでした。${messageOf(error)}`);
    return;
  }
  env.navigate(detailUrl(page.app, page.id, env.ctx.page.mobile));
};

const actionButton = (
  env: Env,
  frame: Frame,
  page: ProcessPage,
  settings: StatusSettings,
  action: { name: string; from: string; to: string },
): HTMLElement => {
  const choices = candidates(settings, action.to, page.record);
  const select =
    choices.length > 0
      ? h(
          "select",
          { class: "sb-input", "aria-label": `${action.name}の作業者` },
          ...choices.map((c) => h("option", { value: c }, c)),
        )
      : null;
  return h(
    "div",
    { class: "sb-process-action" },
    select,
    h(
      "button",
      {
        type: "button",
        class: "sb-button sb-primary",
        onclick: () =>
          detach(proceed(env, frame, page, action, select?.value ?? null)),
      },
      action.name,
    ),
  );
};

export const drawProcess = async (
  env: Env,
  frame: Frame,
  side: HTMLElement,
  page: ProcessPage,
): Promise<void> => {
  let settings: StatusSettings;
  try {
    settings = (await env.rest("/k/v1/app/status.json", "GET", {
      app: page.app,
    })) as StatusSettings;
  } catch {
    return;
  }
  if (!settings.enable) {
    return;
  }
  const status = String(valueOfType(page.record, "STATUS") ?? "");
  const assignees = valueOfType(page.record, "STATUS_ASSIGNEE");
  const names = Array.isArray(assignees)
    ? assignees
        .map((a: { name?: string; code?: string }) => a.name ?? a.code)
        .join("、")
    : "";
  const actions = (settings.actions ?? []).filter((a) => a.from === status);
  side.append(
    h(
      "section",
      { class: "sb-process", "aria-label": "プロセス管理" },
      h("div", {}, "ステータス: ", h("strong", { class: "sb-status" }, status)),
      h("div", {}, "作業者: ", names === "" ? "（なし）" : names),
      ...actions.map((action) =>
        actionButton(env, frame, page, settings, action),
      ),
    ),
  );
};
