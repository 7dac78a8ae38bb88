/**
 * What each data script does to each app, as the rights its API token of that app needs
 * (KINTONE_TOKEN_<APP>_SCRIPTS). Written once here, so a test can hold them against what the
 * schemas grant the operator scripts' tokens (`tokens.scripts`, which the deploy tool lists and
 * mints); each script's --help prints its own.
 */
import type { ScriptRights } from "./cli.ts";

export const SCRIPT_RIGHTS = {
  /** Reading the stored applications, then the upsert: new ones added, changed ones edited. */
  "import:progress": { progress: ["view", "add", "edit"] },
  /** Finding the closed applications, then deleting them. */
  "purge:progress": { progress: ["view", "delete"] },
  /**
   * Reading the registrations, then the action 利用停止 with the address cleared (edit) and a
   * comment on each (kintone takes comments with a token of the app).
   */
  "cleanup:idle": { registration: ["view", "edit"] },
  /**
   * Each of the four apps: reading what is there, adding what is missing, changing what
   * differs and moving registrations through the process (edit). The registrations' lookup of
   * 事業所マスタ is checked with the offices token, sent along.
   */
  seed: {
    offices: ["view", "add", "edit"],
    progress: ["view", "add", "edit"],
    registration: ["view", "add", "edit"],
    consent: ["view", "add", "edit"],
  },
} as const satisfies Record<string, ScriptRights>;
