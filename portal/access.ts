/**
 * Who may use the portal: an active registration that is not idle (usable); to log in or
 * search, also registrations synced recently enough to know that it still is (fresh), so that a
 * registration suspended in kintone does not keep access because kintone cannot be reached.
 * A registration whose holder applied for 廃止 on the portal is not usable from that moment
 * (`cancelled`), before the staff's review reaches kintone.
 */
import { registrationStatuses } from "../domain/codes.ts";
import { isIdle } from "../domain/policy.ts";
import type { PortalConfig } from "./config.ts";
import type { RegistrationRow, ReplicaReader } from "./replica/types.ts";

const ACTIVE = registrationStatuses.active.label;

export interface AccessRules {
  usable: (reg: RegistrationRow | undefined) => reg is RegistrationRow;
  fresh: () => boolean;
  mayLogIn: (reg: RegistrationRow | undefined) => reg is RegistrationRow;
}

export const accessRules = (
  config: Pick<PortalConfig, "idleDays" | "staleMinutes">,
  replica: Pick<ReplicaReader, "lastSuccessAt">,
  now: () => Date,
  cancelled: (registrationId: string) => boolean = () => false,
): AccessRules => {
  const usable = (reg: RegistrationRow | undefined): reg is RegistrationRow =>
    reg !== undefined &&
    reg.status === ACTIVE &&
    !cancelled(reg.id) &&
    !isIdle(
      {
        lastLoginAt: reg.lastLoginAt,
        approvedAt: reg.approvedAt,
        createdAt: reg.createdAt,
      },
      now().getTime(),
      config.idleDays,
    );
  const fresh = (): boolean => {
    const at = replica.lastSuccessAt();
    return (
      at !== null &&
      now().getTime() - Date.parse(at) <= config.staleMinutes * 60_000
    );
  };
  const mayLogIn = (reg: RegistrationRow | undefined): reg is RegistrationRow =>
    usable(reg) && fresh();
  return { usable, fresh, mayLogIn };
};
