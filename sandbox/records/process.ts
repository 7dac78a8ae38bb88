/**
 * Process management at run time (§4.10, §7.7), simplified: a state's assignees are its
 * entities resolved against the record — USER → that user, CREATOR → the record's creator,
 * FIELD_ENTITY → the users in that field (USER_SELECT, CREATOR, MODIFIER). GROUP, ORGANIZATION
 * and CUSTOM_FIELD entities are not expanded (the sandbox has no directory). Type ONE takes the
 * `assignee` given with the action, else the first candidate; ALL and ANY take every candidate.
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

const candidates = (
  ctx: RequestContext,
  schema: Schema,
  setting: AssigneeSetting,
  data: RecordData,
): User[] => {
  const out: User[] = [];
  for (const e of setting.entities ?? []) {
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

/** The assignees of a record entering state `name`. */
export const assigneesFor = (
  ctx: RequestContext,
  schema: Schema,
  name: string,
  data: RecordData,
  chosen?: string,
): User[] => {
  const state = stateOf(schema, name);
  const setting = (
    isObject(state?.assignee) ? state.assignee : {}
  ) as AssigneeSetting;
  const list = candidates(ctx, schema, setting, data);
  if (setting.type === "ALL" || setting.type === "ANY") {
    return list;
  }
  if (chosen !== undefined) {
    return [userEntity(ctx, chosen)];
  }
  return list.slice(0, 1);
};
