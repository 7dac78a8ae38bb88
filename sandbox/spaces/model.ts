/**
 * Spaces as the sandbox stores them: a normal or guest space with its members and one default
 * thread (kintone's single-thread space). kintone creates spaces from templates only
 * (https://cybozu.dev/ja/kintone/docs/rest-api/spaces/add-space/); the sandbox creates them
 * through its own `sandbox/space.json` API or `sandbox.createSpace` (sandbox/README.md).
 */
import { kintoneTime } from "../core/clock.ts";
import { KintoneError, t, validation } from "../core/errors.ts";
import type { Store } from "../core/store.ts";

export type EntityType = "USER" | "GROUP" | "ORGANIZATION";

export interface SpaceMember {
  entity: { type: EntityType; code: string };
  isAdmin: boolean;
  /** ORGANIZATION only. */
  includeSubs?: boolean;
}

export interface SpaceDoc {
  id: number;
  name: string;
  isGuest: boolean;
  /** A guest space is always private, as kintone sets it. */
  isPrivate: boolean;
  /** The thread made with the space; the only one (no multi-thread spaces here). */
  defaultThread: number;
  members: SpaceMember[];
  /** 「アプリ作成できるユーザーをスペースの管理者に限定する」: ADMIN limits it. */
  createApp: "EVERYONE" | "ADMIN";
  fixedMember: boolean;
  creator: { code: string; name: string };
  createdAt: string;
  modifier: { code: string; name: string };
  modifiedAt: string;
}

const SPACE = "space";
const ENTITY_TYPES: readonly string[] = ["USER", "GROUP", "ORGANIZATION"];

export const getSpace = (store: Store, id: number): SpaceDoc | undefined =>
  store.getDoc<SpaceDoc>(SPACE, id);

export const putSpace = (store: Store, space: SpaceDoc): void =>
  store.putDoc(SPACE, space.id, space);

/**
 * The space an id names, or 404. kintone does not document the error for an unknown space; the
 * sandbox's code is its own choice (sandbox/README.md).
 */
export const requireSpace = (store: Store, id: number): SpaceDoc => {
  const space = getSpace(store, id);
  if (!space) {
    throw new KintoneError(
      404,
      "GAIA_SP01",
      t(
        `指定したスペース（id: ${id}）が見つかりません。`,
        `The specified space (ID: ${id}) not found.`,
      ),
    );
  }
  return space;
};

/** The space an app belongs to (its `spaceId`), if that space exists. */
export const spaceOfApp = (
  store: Store,
  app: { spaceId: string | null },
): SpaceDoc | undefined =>
  app.spaceId === null || !/^\d+$/.test(app.spaceId)
    ? undefined
    : getSpace(store, Number(app.spaceId));

/**
 * Whether a login is a member: named as a USER, or through the group "everyone". The sandbox
 * knows no other groups nor organisations, so those entries match nobody (as for app ACLs).
 */
const entriesOf = (space: SpaceDoc, login: string): SpaceMember[] =>
  space.members.filter(
    (m) =>
      (m.entity.type === "USER" && m.entity.code === login) ||
      (m.entity.type === "GROUP" && m.entity.code === "everyone"),
  );

export const isMember = (space: SpaceDoc, login: string): boolean =>
  entriesOf(space, login).length > 0;

export const isSpaceAdmin = (space: SpaceDoc, login: string): boolean =>
  entriesOf(space, login).some((m) => m.isAdmin);

const isTrue = (v: unknown): boolean => v === true || v === "true";

/**
 * Members as the member APIs take them (`[{entity: {type, code}, isAdmin?, includeSubs?}]`),
 * checked as kintone documents: an entity with a type and a code, and at least one space
 * administrator (https://cybozu.dev/ja/kintone/docs/rest-api/spaces/update-space-members/).
 */
export const parseMembers = (raw: unknown): SpaceMember[] => {
  if (!Array.isArray(raw)) {
    throw validation({ members: [t("必須です。", "Required field.")] });
  }
  const members = raw.map((item: unknown, i): SpaceMember => {
    const m = (typeof item === "object" && item !== null ? item : {}) as {
      entity?: { type?: unknown; code?: unknown };
      isAdmin?: unknown;
      includeSubs?: unknown;
    };
    const type = String(m.entity?.type ?? "");
    const code = m.entity?.code;
    if (!ENTITY_TYPES.includes(type)) {
      throw validation({
        [`members[${i}].entity.type`]: [
          t(
            "USER、GROUP、ORGANIZATIONのいずれかを指定してください。",
            "must be one of the enum value",
          ),
        ],
      });
    }
    if (typeof code !== "string" || code === "") {
      throw validation({
        [`members[${i}].entity.code`]: [t("必須です。", "Required field.")],
      });
    }
    const member: SpaceMember = {
      entity: { type: type as EntityType, code },
      isAdmin: isTrue(m.isAdmin),
    };
    if (type === "ORGANIZATION") {
      member.includeSubs = isTrue(m.includeSubs);
    }
    return member;
  });
  if (!members.some((m) => m.isAdmin)) {
    throw validation({
      members: [
        t(
          "スペース管理者を1人以上指定してください。",
          "Specify at least one space administrator.",
        ),
      ],
    });
  }
  return members;
};

export interface NewSpace {
  name: string;
  isGuest?: boolean;
  isPrivate?: boolean;
  /** Default: the creator as the only member, a space administrator. */
  members?: unknown;
  createApp?: "EVERYONE" | "ADMIN";
  fixedMember?: boolean;
}

/** Creates a space and its default thread; runs inside the caller's transaction. */
export const addSpace = (
  store: Store,
  input: NewSpace,
  creator: { code: string; name: string },
  now: Date,
): SpaceDoc => {
  const name = input.name.trim();
  if (name === "" || name.length > 128) {
    throw validation({
      name: [
        t(
          "1文字以上128文字以下で指定してください。",
          "Enter between 1 and 128 characters.",
        ),
      ],
    });
  }
  const members =
    input.members === undefined
      ? [
          {
            entity: { type: "USER" as const, code: creator.code },
            isAdmin: true,
          },
        ]
      : parseMembers(input.members);
  const isGuest = input.isGuest === true;
  const space: SpaceDoc = {
    id: store.nextSequence("space"),
    name,
    isGuest,
    isPrivate: isGuest || input.isPrivate === true,
    defaultThread: store.nextSequence("thread"),
    members,
    createApp: input.createApp ?? "EVERYONE",
    fixedMember: input.fixedMember === true,
    creator,
    createdAt: kintoneTime(now),
    modifier: creator,
    modifiedAt: kintoneTime(now),
  };
  putSpace(store, space);
  return space;
};
