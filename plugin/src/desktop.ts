/**
 * The plugin on kintone's desktop pages: the review panel on a record's detail page, and the
 * 休眠アカウント list on the app's record list.
 */
import { mountIdle } from "./idle/mountIdle.ts";
import { api, mountReview, pluginId } from "./mount.ts";

mountReview({
  event: "app.record.detail.show",
  space: () => kintone.app.record.getHeaderMenuSpaceElement(),
  appId: () => String(kintone.app.getId()),
});

mountIdle({ api, pluginId });
