/**
 * The space APIs: read a space (space.json), read and replace its members
 * (space/members.json), move an app into or out of a space (app/move.json), and the
 * sandbox-only `sandbox/space.json` that creates one. Password and session users only: kintone
 * takes no API tokens here (GAIA_NO01).
 */
import type { RequestContext, Route } from "../core/context.ts";
import { errors, t, validation } from "../core/errors.ts";
import {
  optionalBoolean,
  optionalId,
  optionalString,
  requiredId,
  requiredString,
} from "../core/params.ts";
import { kintoneTime } from "../core/clock.ts";
import { appJson } from "../apps/app.ts";
import { listApps, putApp, requireApp } from "../apps/model.ts";
import { checkSpaceAccess } from "./access.ts";
import {
  addSpace,
  isSpaceAdmin,
  parseMembers,
  putSpace,
  requireSpace,
  spaceOfApp,
  type SpaceDoc,
} from "./model.ts";
import { checkMayAddApp } from "./placement.ts";

const isAdministrator = (ctx: RequestContext): boolean =>
  ctx.auth.kind === "password" && ctx.auth.user.admin === true;

const login = (ctx: RequestContext): string =>
  ctx.auth.kind === "password" ? ctx.auth.user.login : "";

/** The space `id` names, reached through its path by someone who may enter it. */
const visibleSpace = (ctx: RequestContext): SpaceDoc => {
  const space = requireSpace(ctx.store, requiredId(ctx.params, "id"));
  checkSpaceAccess(ctx.auth, space, ctx.guestSpaceId);
  return space;
};

/**
 * GET space.json (https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space/): the
 * documented keys; the portal settings the sandbox does not model have kintone's defaults
 * (single thread, every widget shown, a preset cover, no body).
 */
const getSpaceRoute = (ctx: RequestContext): unknown => {
  const space = visibleSpace(ctx);
  const attachedApps = listApps(ctx.store)
    .filter((a) => a.live !== null && a.spaceId === String(space.id))
    .map((a) => {
      const { spaceId: _spaceId, ...rest } = appJson(a);
      return rest;
    });
  return {
    id: String(space.id),
    name: space.name,
    defaultThread: String(space.defaultThread),
    isPrivate: space.isPrivate,
    creator: space.creator,
    modifier: space.modifier,
    memberCount: String(space.members.length),
    coverType: "PRESET",
    coverKey: "GREEN",
    coverUrl: "",
    body: null,
    useMultiThread: false,
    isGuest: space.isGuest,
    attachedApps,
    fixedMember: space.fixedMember,
    showAnnouncement: true,
    showThreadList: true,
    showAppList: true,
    showMemberList: true,
    showRelatedLinkList: true,
    permissions: { createApp: space.createApp },
  };
};

/**
 * GET space/members.json
 * (https://cybozu.dev/ja/kintone/docs/rest-api/spaces/get-space-members/): `isImplicit` for
 * users (always false: the sandbox expands no groups), `includeSubs` for organisations.
 */
const getMembersRoute = (ctx: RequestContext): unknown => ({
  members: visibleSpace(ctx).members.map((m) => {
    if (m.entity.type === "USER") {
      return { entity: m.entity, isAdmin: m.isAdmin, isImplicit: false };
    }
    if (m.entity.type === "ORGANIZATION") {
      return {
        entity: m.entity,
        isAdmin: m.isAdmin,
        includeSubs: m.includeSubs === true,
      };
    }
    return { entity: m.entity, isAdmin: m.isAdmin };
  }),
});

/**
 * PUT space/members.json
 * (https://cybozu.dev/ja/kintone/docs/rest-api/spaces/update-space-members/): space
 * administrators only (and the sandbox's administrators); the list replaces the members and
 * must name at least one space administrator.
 */
const putMembersRoute = (ctx: RequestContext): unknown => {
  const space = visibleSpace(ctx);
  if (!isAdministrator(ctx) && !isSpaceAdmin(space, login(ctx))) {
    throw errors.noPrivilege();
  }
  putSpace(ctx.store, {
    ...space,
    members: parseMembers(ctx.params.members),
    modifier: ctx.user,
    modifiedAt: kintoneTime(ctx.now),
  });
  return {};
};

const guestRefused = (key: "app" | "space") =>
  validation({
    [key]: [
      key === "app"
        ? t(
            "ゲストスペースのアプリの所属するスペースは変更できません。",
            "An app in a guest space cannot be moved.",
          )
        : t(
            "ゲストスペースは所属の変更先に指定できません。",
            "A guest space cannot be the destination.",
          ),
    ],
  });

/**
 * POST app/move.json (https://cybozu.dev/ja/kintone/docs/rest-api/apps/settings/move-app):
 * `space` moves the app into that space's thread; omitted or null takes it out of any space.
 * The app management right is the route's; an app already in a space needs that space's
 * administrator; guest spaces are neither source nor destination (kintone's help,
 * https://jp.cybozu.help/k/ja/user/app_settings/changespace_app_belongsto.html).
 */
const moveAppRoute = (ctx: RequestContext): unknown => {
  const app = requireApp(ctx.store, requiredId(ctx.params, "app"), "preview");
  const from = spaceOfApp(ctx.store, app);
  if (from?.isGuest) {
    throw guestRefused("app");
  }
  if (from && !isAdministrator(ctx) && !isSpaceAdmin(from, login(ctx))) {
    throw errors.noPrivilege();
  }
  const targetId = optionalId(ctx.params, "space");
  if (targetId === undefined) {
    putApp(ctx.store, { ...app, spaceId: null, threadId: null });
    return {};
  }
  const target = requireSpace(ctx.store, targetId);
  if (target.isGuest) {
    throw guestRefused("space");
  }
  checkMayAddApp(ctx, target);
  putApp(ctx.store, {
    ...app,
    spaceId: String(target.id),
    threadId: String(target.defaultThread),
  });
  return {};
};

/**
 * POST sandbox/space.json (sandbox-only, administrators): `{name, isGuest?, isPrivate?,
 * members?, createApp?, fixedMember?}` → `{id}`; members default to the caller as the space's
 * administrator.
 */
const createSpaceRoute = (ctx: RequestContext): unknown => {
  if (ctx.auth.kind !== "password" || !ctx.auth.user.admin) {
    throw errors.noPrivilege();
  }
  const createApp = optionalString(ctx.params, "createApp") ?? "EVERYONE";
  if (createApp !== "EVERYONE" && createApp !== "ADMIN") {
    throw validation({
      createApp: [
        t(
          "EVERYONEかADMINを指定してください。",
          "must be one of the enum value",
        ),
      ],
    });
  }
  const isGuest = optionalBoolean(ctx.params, "isGuest");
  const isPrivate = optionalBoolean(ctx.params, "isPrivate");
  const fixedMember = optionalBoolean(ctx.params, "fixedMember");
  const space = addSpace(
    ctx.store,
    {
      name: requiredString(ctx.params, "name"),
      createApp,
      ...(isGuest === undefined ? {} : { isGuest }),
      ...(isPrivate === undefined ? {} : { isPrivate }),
      ...(fixedMember === undefined ? {} : { fixedMember }),
      ...(ctx.params.members === undefined
        ? {}
        : { members: ctx.params.members }),
    },
    ctx.user,
    ctx.now,
  );
  return { id: String(space.id), defaultThread: String(space.defaultThread) };
};

export const spaceRoutes: Route[] = [
  { method: "GET", api: "space.json", token: null, handler: getSpaceRoute },
  {
    method: "GET",
    api: "space/members.json",
    token: null,
    handler: getMembersRoute,
  },
  {
    method: "PUT",
    api: "space/members.json",
    token: null,
    handler: putMembersRoute,
  },
  {
    method: "POST",
    api: "app/move.json",
    token: null,
    right: "manage",
    handler: moveAppRoute,
  },
  {
    method: "POST",
    api: "sandbox/space.json",
    token: null,
    handler: createSpaceRoute,
  },
];
