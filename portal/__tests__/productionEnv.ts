/**
 * A sound production environment for the tests of `npm run portal`'s checks: made-up values at
 * a made-up city's domain (no real host is contacted, no real secret).
 */
import { appEnvName, tokenEnvName } from "../../schemas/envNames.ts";
import { appCodes } from "../../schemas/types.ts";

export const soundProductionEnv: Readonly<Record<string, string>> = {
  KINTONE_BASE_URL: "https://kaigo.cybozu.com",
  PORTAL_SMTP_URL: "smtp://smtp.city.demo-shi.lg.jp:25",
  PORTAL_PUBLIC_URL: "https://kaigo-portal.city.demo-shi.lg.jp",
  PORTAL_MAIL_FROM: "デモ市介護保険課 <no-reply@city.demo-shi.lg.jp>",
  PORTAL_WEBHOOK_SECRET: "secret-value-not-to-be-printed-1234",
  PORTAL_CITY_NAME: "デモ市",
  ...Object.fromEntries(appCodes.map((c, i) => [appEnvName(c), String(i + 1)])),
  ...Object.fromEntries(
    appCodes.map((c) => [tokenEnvName(c, "portal"), `token-value-${c}`]),
  ),
};
