/**
 * Which path and which caller may reach an app or a space (docs/kintone-behaviour.md §11):
 *
 * - An app or space in a guest space is reached through `/k/guest/<its space>/v1/…` only; on
 *   `/k/v1/…` kintone answers 400 GAIA_IL23 (measured). A guest path with anything but that
 *   guest space's apps is refused with 403 CB_NO02 (measured for an app outside the space; for a
 *   normal-space app or a normal space on a guest path the sandbox answers the same).
 * - A private space (guest spaces are private) is for its members: others may not use its apps
 *   nor read it ("非公開スペースの場合、スペースメンバーのみ実行可能です",
 *   https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space/). The sandbox lets its
 *   administrators (kintone administrators) and API tokens (issued for that app) through.
 */
import type { Auth } from "../core/context.ts";
import { errors } from "../core/errors.ts";
import type { Store } from "../core/store.ts";
import { isMember, spaceOfApp, type SpaceDoc } from "./model.ts";

/** The path rule alone: GAIA_IL23 for a guest space off its path, CB_NO02 on a foreign one. */
export const checkSpacePath = (
  space: SpaceDoc | undefined,
  guestSpaceId: number | null,
): void => {
  if (guestSpaceId === null) {
    if (space?.isGuest) {
      throw errors.guestPathRequired();
    }
    return;
  }
  if (!space?.isGuest || space.id !== guestSpaceId) {
    throw errors.noPrivilege();
  }
};

/** Whether the caller may enter the space: public, a member, an administrator, or a token. */
export const mayEnter = (auth: Auth, space: SpaceDoc | undefined): boolean =>
  !space?.isPrivate ||
  auth.kind === "token" ||
  auth.user.admin === true ||
  isMember(space, auth.user.login);

/** The path rule, then membership of a private space (CB_NO02). */
export const checkSpaceAccess = (
  auth: Auth,
  space: SpaceDoc | undefined,
  guestSpaceId: number | null,
): void => {
  checkSpacePath(space, guestSpaceId);
  if (!mayEnter(auth, space)) {
    throw errors.noPrivilege();
  }
};

/** The same for an app, by the space it belongs to. */
export const checkAppAccess = (
  store: Store,
  auth: Auth,
  app: { spaceId: string | null },
  guestSpaceId: number | null,
): void => checkSpaceAccess(auth, spaceOfApp(store, app), guestSpaceId);
