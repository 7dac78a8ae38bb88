/** The plugin on kintone's desktop pages: the review panel on a record's detail page. */
import { mountReview } from "./mount.ts";

mountReview({
  event: "app.record.detail.show",
  space: () => kintone.app.record.getHeaderMenuSpaceElement(),
  appId: () => String(kintone.app.getId()),
});
