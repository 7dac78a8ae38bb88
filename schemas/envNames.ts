/**
 * The names of the environment variables that carry an app's id and API tokens, written once for
 * the deploy tool (which prints and mints them), the portal and the scripts (which read them).
 * The app code in upper snake case: accessLog → ACCESS_LOG.
 */
import type { AppCode, Consumer } from "./types.ts";

const upperSnake = (code: string): string =>
  code.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** KINTONE_APP_<APP>, e.g. KINTONE_APP_ACCESS_LOG. */
export const appEnvName = (code: AppCode): string =>
  `KINTONE_APP_${upperSnake(code)}`;

/** KINTONE_TOKEN_<APP>_<CONSUMER>, e.g. KINTONE_TOKEN_ACCESS_LOG_PORTAL. */
export const tokenEnvName = (code: AppCode, consumer: Consumer): string =>
  `KINTONE_TOKEN_${upperSnake(code)}_${consumer.toUpperCase()}`;
