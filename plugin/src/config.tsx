/**
 * The plugin's settings page: reads the app's fields (the preview: the settings being edited)
 * and the saved settings, shows the form, and saves with kintone.plugin.app.setConfig.
 */
import { createRoot } from "react-dom/client";
import { fromConfig, toConfig } from "../config/settings.ts";
import type { AppFields } from "../config/settings.ts";
import { ConfigForm } from "./config/ConfigForm.tsx";

const pluginId = String(
  (kintone as unknown as { $PLUGIN_ID?: string }).$PLUGIN_ID ?? "",
);
const appId = String(kintone.app.getId());

const start = async (): Promise<void> => {
  const host = document.getElementById("kaigo-plugin-config") ?? document.body;
  const appFields = (await kintone.api(
    kintone.api.url("/k/v1/preview/app/form/fields.json"),
    "GET",
    { app: appId },
  )) as AppFields;
  const saved = fromConfig(kintone.plugin.app.getConfig(pluginId));
  createRoot(host).render(
    <ConfigForm
      appFields={appFields}
      initial={saved.settings}
      initialProblems={saved.problems}
      cancelHref={`/k/admin/app/${appId}/plugin/`}
      onSave={(settings) =>
        new Promise<void>((resolve) => {
          kintone.plugin.app.setConfig(toConfig(settings), () => resolve());
        })
      }
    />,
  );
};

start().catch((e: unknown) => {
  console.error("[kaigo] plugin settings", e);
  const box = document.getElementById("kaigo-plugin-config") ?? document.body;
  box.textContent =
    "設定画面を表示できませんでした。画面を再読み込みしてください。解決しない場合はシステム担当者にお知らせください。";
});
