/**
 * Record APIs (docs/kintone-behaviour.md §4): record, records, cursor, bulkRequest, status,
 * assignees and comments. API tokens need view to read, add to add, edit to update and to run
 * process actions, delete to delete; comments need view (to read, post and delete). Password
 * users need the same rights in the app's ACL.
 */
import type { Route } from "../core/context.ts";
import { bulkRequestRoute } from "./bulk.ts";
import {
  addCommentRoute,
  deleteCommentRoute,
  getCommentsRoute,
} from "./comments.ts";
import {
  createCursorRoute,
  deleteCursorRoute,
  readCursorRoute,
} from "./cursor.ts";
import { getRecordRoute, getRecordsRoute } from "./read.ts";
import {
  updateAssigneesRoute,
  updateStatusesRoute,
  updateStatusRoute,
} from "./status.ts";
import {
  addRecordRoute,
  addRecordsRoute,
  deleteRecordsRoute,
  updateRecordRoute,
  updateRecordsRoute,
} from "./write.ts";

const noApp = (): undefined => undefined;

export const recordRoutes: Route[] = [
  {
    method: "GET",
    api: "record.json",
    token: "view",
    right: "view",
    handler: getRecordRoute,
  },
  {
    method: "POST",
    api: "record.json",
    token: "add",
    right: "add",
    handler: addRecordRoute,
  },
  {
    method: "PUT",
    api: "record.json",
    token: "edit",
    right: "edit",
    handler: updateRecordRoute,
  },
  {
    method: "GET",
    api: "records.json",
    token: "view",
    right: "view",
    handler: getRecordsRoute,
  },
  {
    method: "POST",
    api: "records.json",
    token: "add",
    right: "add",
    handler: addRecordsRoute,
  },
  {
    method: "PUT",
    api: "records.json",
    token: "edit",
    right: "edit",
    handler: updateRecordsRoute,
  },
  {
    method: "DELETE",
    api: "records.json",
    token: "delete",
    right: "delete",
    handler: deleteRecordsRoute,
  },
  {
    method: "POST",
    api: "records/cursor.json",
    token: "view",
    right: "view",
    handler: createCursorRoute,
  },
  // The cursor itself names its app; the handler checks that the caller created it.
  {
    method: "GET",
    api: "records/cursor.json",
    token: "any",
    appOf: noApp,
    handler: readCursorRoute,
  },
  {
    method: "DELETE",
    api: "records/cursor.json",
    token: "any",
    appOf: noApp,
    handler: deleteCursorRoute,
  },
  // Each sub-request is authorised on its own.
  {
    method: "POST",
    api: "bulkRequest.json",
    token: "any",
    appOf: noApp,
    handler: bulkRequestRoute,
  },
  {
    method: "PUT",
    api: "record/status.json",
    token: "edit",
    right: "edit",
    handler: updateStatusRoute,
  },
  {
    method: "PUT",
    api: "records/status.json",
    token: "edit",
    right: "edit",
    handler: updateStatusesRoute,
  },
  {
    method: "PUT",
    api: "record/assignees.json",
    token: "edit",
    right: "edit",
    handler: updateAssigneesRoute,
  },
  {
    method: "POST",
    api: "record/comment.json",
    token: "view",
    right: "view",
    handler: addCommentRoute,
  },
  {
    method: "DELETE",
    api: "record/comment.json",
    token: "view",
    right: "view",
    handler: deleteCommentRoute,
  },
  {
    method: "GET",
    api: "record/comments.json",
    token: "view",
    right: "view",
    handler: getCommentsRoute,
  },
];
