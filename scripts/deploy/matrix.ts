/**
 * The permission matrix of schemas/README.md, generated from the schemas (a test checks that
 * the README holds exactly this table): per app, each role's app rights, the record ACL and
 * the rights of each API token.
 */
import { appRights } from "../../schemas/permissions.ts";
import { appCodes, type AppSchema, type Role } from "../../schemas/types.ts";
import {
  ADMINISTRATORS,
  entityText,
  EVERYONE,
  ROLE_LABELS,
  ROLES,
  shortLabel,
  shortRights,
} from "./permissions.ts";
import { TOKEN_RIGHT_LABELS } from "../lib/cli.ts";
import { CONSUMER_LABELS, tokenNeeds } from "./tokens.ts";

const ROLE_HEADINGS: Record<Role, string> = {
  admins: `${ROLE_LABELS.admins}（${entityText(ADMINISTRATORS)}）`,
  staff: "職員（認定係・--staff で指定）",
  everyone: `${ROLE_LABELS.everyone}（${entityText(EVERYONE)}）`,
};

const appCell = (schema: AppSchema, role: Role): string => {
  const rights = appRights.filter(
    (r) => schema.permissions.app[role][r] === true,
  );
  return rights.length === appRights.length ? "すべて" : shortRights(rights);
};

const recordCell = (schema: AppSchema): string =>
  schema.permissions.record.length === 0
    ? "条件なし"
    : `${schema.permissions.record.length} 件の条件`;

const tokenCell = (schema: AppSchema): string =>
  tokenNeeds([schema])
    .map(
      (n) =>
        `${CONSUMER_LABELS[n.consumer]}: ${n.rights.map((r) => shortLabel(TOKEN_RIGHT_LABELS[r])).join("・")}`,
    )
    .join("<br>");

/** The table's Markdown lines, apps in the README's order. */
export const permissionMatrix = (schemas: readonly AppSchema[]): string[] => {
  const ordered = appCodes.flatMap((c) => schemas.filter((s) => s.code === c));
  return [
    `| アプリ | ${ROLES.map((r) => ROLE_HEADINGS[r]).join(" | ")} | レコードのアクセス権 | API トークン |`,
    `| --- | ${ROLES.map(() => "---").join(" | ")} | --- | --- |`,
    ...ordered.map(
      (s) =>
        `| ${s.name} | ${ROLES.map((r) => appCell(s, r)).join(" | ")} | ${recordCell(s)} | ${tokenCell(s)} |`,
    ),
  ];
};
