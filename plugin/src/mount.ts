/**
 * The review panel put on a 事業所利用登録 record's detail page, desktop or mobile: read the
 * record's context through kintone.api, render the checks and the buttons, run a decision and
 * reload the page to show the new status.
 */
import { onEvent, type KintoneEvent } from "../../customize/lib/events.ts";
import { fromConfig } from "../config/settings.ts";
import {
  canDecide,
  decide,
  renderPanel,
  reviewRecord,
  type ApiRecord,
  type KintoneApi,
  type ReviewSettings,
  DEFAULT_REVIEW_SETTINGS,
} from "./review/review.ts";

/** The plugin's id, which kintone sets before it loads the plugin's files. */
export const pluginId = (): string =>
  String((kintone as unknown as { $PLUGIN_ID?: string }).$PLUGIN_ID ?? "");

/** The review's settings out of the plugin's saved settings (defaults when none are saved). */
const reviewSettings = (): ReviewSettings => {
  const { settings } = fromConfig(kintone.plugin.app.getConfig(pluginId()));
  return {
    fields: settings.fields,
    actions: {
      approve: settings.actions.approve,
      return: settings.actions.return,
      reject: settings.actions.reject,
    },
    reviewStatus: DEFAULT_REVIEW_SETTINGS.reviewStatus,
  };
};

export const api: KintoneApi = async (path, method, params) =>
  (await kintone.api(kintone.api.url(path), method, params)) as Record<
    string,
    unknown
  >;

export const mountReview = (o: {
  event: string;
  space: () => HTMLElement | null;
  appId: () => string;
}): void => {
  onEvent<KintoneEvent>(o.event, async (event) => {
    const record = event.record as ApiRecord;
    const space = o.space();
    if (!space) {
      return event;
    }
    const appId = o.appId();
    const settings = reviewSettings();
    const review = await reviewRecord(api, appId, record, settings.fields);
    space.replaceChildren(
      renderPanel({
        review,
        canDecide: canDecide(record, settings),
        settings,
        onDecide: async (decision, reason) => {
          await decide(api, {
            appId,
            recordId: String(record.$id?.value ?? ""),
            decision,
            reason,
            reviewer: kintone.getLoginUser().name,
            now: new Date(),
            settings,
          });
          location.reload();
        },
      }),
    );
    return event;
  });
};
