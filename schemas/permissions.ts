/**
 * The permission sets the apps' schemas are made of (see `PermissionsSchema` in types.ts and
 * the matrix in schemas/README.md). Administrators keep every right everywhere, so that the
 * deploy (run by an administrator) can always read and change every app; the 認定係 clerks work
 * on records but never delete them nor change an app; every other user gets nothing.
 */
import type { AppRight, AppRights, PermissionsSchema } from "./types.ts";

/** Every app-ACL right, in the order kintone's settings screen shows them. */
export const appRights: readonly AppRight[] = [
  "appEditable",
  "recordViewable",
  "recordAddable",
  "recordEditable",
  "recordDeletable",
  "recordImportable",
  "recordExportable",
];

const all: AppRights = Object.fromEntries(appRights.map((r) => [r, true]));

/** Clerks' daily work: read, add and edit records, and export lists to a file. */
export const STAFF_WORK: AppRights = {
  recordViewable: true,
  recordAddable: true,
  recordEditable: true,
  recordExportable: true,
};

/** Clerks only read (and export) what the portal writes. */
export const STAFF_READ: AppRights = {
  recordViewable: true,
  recordExportable: true,
};

/**
 * The app ACL for staff with `staff` rights, administrators with all, everyone with none, and
 * no record ACL: no app holds records that only some clerks may see.
 */
export const permissionsFor = (staff: AppRights): PermissionsSchema => ({
  app: { admins: all, staff, everyone: {} },
  record: [],
});
