/** Rate limits against enumeration (README.md in this folder). */
export {
  clearLimitCounts,
  createRateLimiter,
  ipKey,
  type LimitDecision,
  type LimitKeys,
  type RateLimiter,
  type RateLimiterOptions,
} from "./limiter.ts";
export {
  continueAtText,
  limitMessage,
  limitPage,
  limitRuleText,
} from "./page.ts";
export {
  defaultLimitRules,
  limitsFromEnv,
  limitVariables,
  ruleId,
  type LimitKind,
  type LimitRule,
  type LimitScope,
} from "./rules.ts";
