/**
 * Keeps requests nobody is accountable for from flooding the audit trail: of the refusals one
 * address earns by going over a rate limit, one is recorded per limit window; the rest are only
 * counted (and the count logged when the next one is recorded). Without it, one address could
 * write hundreds of events a second, bury the real "who looked up whom" records and fill the
 * disk. In memory and bounded: the oldest keys are forgotten first.
 */
export interface AuditGate {
  /**
   * Whether to record this event: true for the first of `key` in `windowMs`, with how many of
   * the same key were passed over since the last one recorded.
   */
  admit(key: string, windowMs: number): { record: boolean; passedOver: number };
}

export const createAuditGate = (
  now: () => number,
  maxKeys = 10_000,
): AuditGate => {
  const open = new Map<string, { until: number; passedOver: number }>();
  return {
    admit: (key, windowMs) => {
      const t = now();
      const entry = open.get(key);
      if (entry && entry.until > t) {
        entry.passedOver += 1;
        return { record: false, passedOver: entry.passedOver };
      }
      if (!entry && open.size >= maxKeys) {
        const oldest = open.keys().next().value;
        if (oldest !== undefined) {
          open.delete(oldest);
        }
      }
      open.delete(key);
      open.set(key, { until: t + windowMs, passedOver: 0 });
      return { record: true, passedOver: entry?.passedOver ?? 0 };
    },
  };
};
