/**
 * `kintone.__sandboxStart()`: draws the page `__SANDBOX_PAGE__` names and fires its show event.
 * Desktop detail and edit share one URL and differ by the hash (#record=ID&mode=edit).
 */
import { h } from "../dom.ts";
import { readHash } from "../urls.ts";
import { drawDetail, loadRecord } from "./detail.ts";
import type { Env } from "./env.ts";
import { drawForm } from "./form.ts";
import { drawList } from "./list.ts";
import { drawPortal } from "./portal.ts";
import { drawFrame, loadAppMeta, messageOf } from "./shell.ts";

type Target =
  | { kind: "portal" }
  | { kind: "index" }
  | { kind: "detail" | "edit"; id: number }
  | { kind: "create" }
  | { kind: "pluginConfig" };

export const targetOf = (env: Env): Target => {
  const { page } = env.ctx;
  if (page.page === "portal") {
    return { kind: "portal" };
  }
  if (page.page === "index") {
    return { kind: "index" };
  }
  if (page.page === "pluginConfig") {
    return { kind: "pluginConfig" };
  }
  const hash = page.mobile ? null : readHash(window.location.hash);
  const id = page.recordId ?? hash?.recordId ?? null;
  if (id === null) {
    return { kind: "create" };
  }
  const edit = page.page === "edit" || hash?.edit === true;
  return { kind: edit ? "edit" : "detail", id: Number(id) };
};

const TITLES: Record<Target["kind"], string> = {
  portal: "ポータル",
  index: "レコード一覧",
  detail: "レコードの詳細",
  edit: "レコードの編集",
  create: "レコードの追加",
  pluginConfig: "プラグインの設定",
};

/** The plugin settings page keeps the body the shell gave (the plugin's config HTML). */
const startPluginConfig = (env: Env): void => {
  env.ctx.screen = "pluginConfig";
  document.body.classList.toggle("sb-mobile", false);
  document.body.prepend(
    h(
      "header",
      { class: "sb-top" },
      h("span", { class: "sb-brand" }, "ローカル kintone"),
      h("span", { class: "sb-user" }, "プラグインの設定"),
    ),
  );
};

export const start = async (env: Env): Promise<void> => {
  const target = targetOf(env);
  if (target.kind === "pluginConfig") {
    startPluginConfig(env);
    return;
  }
  const app = env.ctx.appId;
  if (target.kind === "portal" || app === null) {
    await drawPortal(env, drawFrame(env.ctx, TITLES.portal));
    return;
  }
  let frame = drawFrame(env.ctx, TITLES[target.kind]);
  try {
    const meta = await loadAppMeta(env.rest, app);
    frame = drawFrame(env.ctx, `${meta.name} — ${TITLES[target.kind]}`);
    if (target.kind === "index") {
      await drawList(env, frame, meta, app);
    } else if (target.kind === "create") {
      await drawForm(env, frame, meta, app, null);
    } else {
      const record = await loadRecord(env, app, target.id);
      if (target.kind === "edit") {
        await drawForm(env, frame, meta, app, { id: target.id, record });
      } else {
        await drawDetail(env, frame, meta, { app, id: target.id, record });
      }
    }
  } catch (error) {
    frame.alert(`ページを表示できませんでした。${messageOf(error)}`);
  }
};
