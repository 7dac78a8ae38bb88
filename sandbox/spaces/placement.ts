/**
 * Where an app goes: into a space's thread when it is created (`space`, `thread` of
 * preview/app.json, https://cybozu.dev/ja/kintone/docs/rest-api/apps/add-app/), and into or out
 * of a space when it is moved (app/move.json,
 * https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/move-app).
 *
 * Who may create an app in a space or move one into it (kintone's help, "アプリの所属する
 * スペースを変更する", https://jp.cybozu.help/k/ja/user/app_settings/changespace_app_belongsto.html,
 * and "スペースごとに、アプリを作成できるユーザーを限定する"): not a guest space when moving;
 * not a private space the user has not joined; not a space limited to its administrators
 * (createApp ADMIN) unless the user administers it. The sandbox's administrators pass.
 */
import type { RequestContext } from "../core/context.ts";
import { errors, t, validation } from "../core/errors.ts";
import { optionalId } from "../core/params.ts";
import { checkSpacePath } from "./access.ts";
import {
  isMember,
  isSpaceAdmin,
  requireSpace,
  type SpaceDoc,
} from "./model.ts";

const isAdministrator = (ctx: RequestContext): boolean =>
  ctx.auth.kind === "password" && ctx.auth.user.admin === true;

/** Whether the caller may put an app into the space (create it there or move it there). */
export const checkMayAddApp = (ctx: RequestContext, space: SpaceDoc): void => {
  if (ctx.auth.kind !== "password" || isAdministrator(ctx)) {
    return;
  }
  const login = ctx.auth.user.login;
  const entered = !space.isPrivate || isMember(space, login);
  const allowed = space.createApp === "EVERYONE" || isSpaceAdmin(space, login);
  if (!entered || !allowed) {
    throw errors.noPrivilege();
  }
};

/**
 * The space and thread of an app being created. Without `space` the app belongs to no space,
 * and on a guest path that is refused (CB_NO02: the path names a space the app is not in).
 * With `space`, the path must be the space's (a guest space's app is created through
 * `/k/guest/<space>/v1/preview/app.json`, GAIA_IL23 otherwise); `thread` defaults to the
 * space's thread and must be one of its threads.
 */
export const placeNewApp = (
  ctx: RequestContext,
): { spaceId: string | null; threadId: string | null } => {
  const spaceId = optionalId(ctx.params, "space");
  const threadId = optionalId(ctx.params, "thread");
  if (spaceId === undefined) {
    if (threadId !== undefined) {
      throw validation({
        space: [
          t(
            "スレッドを指定する場合はスペースも指定してください。",
            "Specify the space of the thread.",
          ),
        ],
      });
    }
    checkSpacePath(undefined, ctx.guestSpaceId);
    return { spaceId: null, threadId: null };
  }
  const space = requireSpace(ctx.store, spaceId);
  checkSpacePath(space, ctx.guestSpaceId);
  checkMayAddApp(ctx, space);
  if (threadId !== undefined && threadId !== space.defaultThread) {
    throw validation({
      thread: [
        t(
          `指定したスレッド（id: ${threadId}）はスペース（id: ${space.id}）にありません。`,
          `The thread (ID: ${threadId}) is not in the space (ID: ${space.id}).`,
        ),
      ],
    });
  }
  return { spaceId: String(space.id), threadId: String(space.defaultThread) };
};
