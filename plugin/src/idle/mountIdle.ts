/**
 * The 休眠アカウント button on the registration app's list (desktop): opens the list of idle
 * accounts under the list's header, with the plugin's idle days, reason and action name.
 */
import { onEvent, type KintoneEvent } from "../../../customize/lib/events.ts";
import { fromConfig } from "../../config/settings.ts";
import type { KintoneApi } from "../review/review.ts";
import { findIdle, renderIdleList, suspendAccounts } from "./idle.ts";

export const mountIdle = (o: {
  api: KintoneApi;
  pluginId: () => string;
}): void => {
  onEvent<KintoneEvent>("app.record.index.show", (event) => {
    const menu = kintone.app.getHeaderMenuSpaceElement();
    const space = kintone.app.getHeaderSpaceElement();
    if (!menu || !space || menu.querySelector(".kaigo-idle-open")) {
      return event;
    }
    const appId = String(kintone.app.getId());
    const open = document.createElement("button");
    open.type = "button";
    open.className = "kaigo-idle-open";
    open.textContent = "休眠アカウント";
    open.addEventListener("click", () => {
      const { settings } = fromConfig(
        kintone.plugin.app.getConfig(o.pluginId()),
      );
      const days = settings.idle.days;
      findIdle(o.api, appId, days, new Date(), settings.fields).then(
        (accounts) => {
          space.replaceChildren(
            renderIdleList({
              accounts,
              days,
              confirm: (message) => window.confirm(message),
              onSuspend: (ids) =>
                suspendAccounts(o.api, {
                  appId,
                  accounts: accounts.filter((a) =>
                    ids.includes(a.registration.id),
                  ),
                  days,
                  reason: settings.texts.suspensionReason,
                  action: settings.actions.suspend,
                  fields: settings.fields,
                  now: new Date(),
                }),
            }),
          );
        },
        (e: unknown) => {
          space.textContent = `休眠アカウントを読み込めませんでした：${e instanceof Error ? e.message : String(e)}`;
        },
      );
    });
    menu.append(open);
    return event;
  });
};
