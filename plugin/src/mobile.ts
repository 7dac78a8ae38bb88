/** The plugin on kintone's mobile pages: the review panel on a record's detail page. */
import { mountReview } from "./mount.ts";

mountReview({
  event: "mobile.app.record.detail.show",
  space: () => kintone.mobile.app.getHeaderSpaceElement(),
  appId: () => String(kintone.mobile.app.getId()),
});
