/**
 * Process management at run time (§4.10, §7.7), simplified: a state's assignees are its
 * entities resolved against the record — USER → that user, CREATOR → the record's creator,
 * FIELD_ENTITY → the users in that field (USER_SELECT, CREATOR, MODIFIER). GROUP, ORGANIZATION
 * and CUSTOM_FIELD entities are not expanded (the sandbox has no directory), except kintone's
 * built-in group "everyone" when asking whether someone may run an action. A new record's first
 * state takes the first candidate of type ONE; ALL and ANY take every candidate.
 */
import type { RequestContext } from "../core/context.ts";
import type { RecordData } from "../core/store.ts";
import { userEntity, type Json, type Schema } from "./model.ts";

type User = { code: string; name: string };

interface AssigneeSetting {
  type?: string;
  entities?: Array<{ entity?: { type?: string; code?: string | null } }>;
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const usersIn = (value: unknown): User[] => {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) =>
    isObject(item) && typeof item.code === "string" && item.code !== ""
      ? [{ code: item.code, name: String(item.name ?? item.code) }]
      : [],
  );
};

export const stateOf = (schema: Schema, name: string): Json | undefined => {
  const states = (schema.settings.status.states ?? {}) as Record<string, Json>;
  return Object.values(states).find((s) => s.name === name) ?? states[name];
};

type Entities = AssigneeSetting["entities"];

/** The users the entities name for this record (users, the creator, users of a field). */
const usersOf = (
  ctx: RequestContext,
  schema: Schema,
  entities: Entities,
  data: RecordData,
): User[] => {
  const out: User[] = [];
  for (const e of entities ?? []) {
    const type = e.entity?.type;
    const code = e.entity?.code ?? "";
    let users: User[] = [];
    if (type === "USER" && code !== "") {
      users = [userEntity(ctx, code)];
    } else if (type === "CREATOR") {
      const creator = schema.system.get("CREATOR");
      users = usersIn(creator ? data[creator]?.value : undefined);
    } else if (type === "FIELD_ENTITY") {
      users = usersIn(data[code]?.value);
    }
    for (const u of users) {
      if (!out.some((x) => x.code === u.code)) {
        out.push(u);
      }
    }
  }
  return out;
};

/**
 * How state `name` takes its assignees for this record: ONE (the one running the action chooses
 * among the candidates), ALL or ANY (every candidate).
 */
export const assigneeChoice = (
  ctx: RequestContext,
  schema: Schema,
  name: string,
  data: RecordData,
): { type: string; candidates: User[] } => {
  const state = stateOf(schema, name);
  const setting = (
    isObject(state?.assignee) ? state.assignee : {}
  ) as AssigneeSetting;
  return {
    type: setting.type ?? "ONE",
    candidates: usersOf(ctx, schema, setting.entities, data),
  };
};

/** The assignees of a new record in its first state: of type ONE, the first candidate. */
export const assigneesFor = (
  ctx: RequestContext,
  schema: Schema,
  name: string,
  data: RecordData,
): User[] => {
  const { type, candidates } = assigneeChoice(ctx, schema, name, data);
  return type === "ALL" || type === "ANY" ? candidates : candidates.slice(0, 1);
};

/** Whether `user` is among the entities (kintone's group "everyone" holds every user). */
export const namedIn = (
  ctx: RequestContext,
  schema: Schema,
  entities: Entities,
  data: RecordData,
): boolean =>
  (entities ?? []).some(
    (e) => e.entity?.type === "GROUP" && e.entity.code === "everyone",
  ) ||
  usersOf(ctx, schema, entities, data).some((u) => u.code === ctx.user.code);
