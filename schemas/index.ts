/**
 * The five kintone apps, in deploy order (an app's lookup source comes before it), and the
 * portal's view definition.
 */
import { accessLog } from "./apps/accessLog.ts";
import { consent } from "./apps/consent.ts";
import { offices } from "./apps/offices.ts";
import { progress } from "./apps/progress.ts";
import { registration } from "./apps/registration.ts";
import type { AppCode, AppSchema } from "./types.ts";

export const appSchemas: readonly AppSchema[] = [
  offices,
  registration,
  consent,
  progress,
  accessLog,
];

export const schemaOf = (code: AppCode): AppSchema => {
  const schema = appSchemas.find((s) => s.code === code);
  if (!schema) {
    throw new Error(`no schema for app ${code}`);
  }
  return schema;
};

export { accessLog, consent, offices, progress, registration };
export type * from "./types.ts";
