/** The portal: the apps the user can see (`apps.json`), each a link to its record list. */
import { h } from "../dom.ts";
import { listUrl } from "../urls.ts";
import { eventType, runEvent } from "./env.ts";
import type { Env } from "./env.ts";
import type { Frame } from "./shell.ts";
import { messageOf } from "./shell.ts";

interface AppSummary {
  appId: string;
  name: string;
  description?: string;
}

export const drawPortal = async (env: Env, frame: Frame): Promise<void> => {
  const { ctx } = env;
  try {
    const res = (await env.rest("/k/v1/apps.json", "GET", { limit: 100 })) as {
      apps: AppSummary[];
    };
    frame.main.append(
      res.apps.length === 0
        ? h("p", { class: "sb-muted" }, "アプリがありません。")
        : h(
            "ul",
            { class: "sb-apps" },
            ...res.apps.map((app) =>
              h(
                "li",
                {},
                h(
                  "a",
                  {
                    class: "sb-app",
                    href: listUrl(Number(app.appId), ctx.page.mobile),
                  },
                  h("span", { class: "sb-app-name" }, app.name),
                  h("span", { class: "sb-app-id" }, `アプリ ${app.appId}`),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    frame.alert(`アプリの一覧を取得できませんでした。${messageOf(error)}`);
  }
  ctx.screen = "portal";
  await runEvent(env, { type: eventType(env, "portal.show") });
};
