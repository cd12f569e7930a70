// Rule evaluation: pure, over facts gathered once per tracked action (gather-facts.ts).
//   1. rules run in priority order (lower first, ties in list order); the first whose conditions all
//      hold decides, and its id is reported in `ruleIds`;
//   2. no match → the set's defaultOutcome, or CHALLENGE when none is configured (fail safe: an
//      action nobody wrote rules for is verified rather than waved through);
//   3. ALLOW is never given to a user whose trusted device was registered with user verification
//      required (Authsignal's `userAuthenticationRequired`; every Trustgate passkey is): the action
//      is challenged instead, so the OS's biometric/PIN prompt is always what lets it through;
//   4. CHALLENGE → CHALLENGE_REQUIRED; for a user without a trusted device `isEnrolled` is false and
//      the hosted page offers enrolment only after an SMS sign-in;
//   5. the fallback codes the challenge page may take when no trusted device is at hand: the deciding
//      rule's `fallback`, else the set's `defaultFallback`, else none (the trusted device only)
//      (a code to the user's own phone or app is what a user without their device can still give).
import type { UserStatus } from "@/lib/db/generated/client";
import { ipMatches, type FallbackMethod, type RuleCondition, type RuleOutcome, type RuleSet } from "@/lib/risk-actions/rule-schema";
import type { ActionAttributes } from "@/lib/risk-actions/schemas";

export const DEFAULT_OUTCOME: RuleOutcome = "CHALLENGE";
// Opt-in: a partner whose challenges were passkey-only must not find them silently answerable by SMS.
export const DEFAULT_FALLBACK: FallbackMethod[] = [];

export interface ActionFacts {
  attributes: ActionAttributes;
  userStatus: UserStatus;
  /** deviceId is missing or was never allowed / verified for this user with this client. */
  isNewDevice: boolean;
  /** Earlier attempts of this action by this user with this client, newest first (for velocity). */
  attemptTimes: Date[];
  now: Date;
  /** The user has a live trusted device. */
  isEnrolled: boolean;
  /** One of those devices was registered with user verification required. */
  requiresUserAuthentication: boolean;
}

export interface Decision {
  state: "ALLOW" | "CHALLENGE_REQUIRED" | "BLOCK";
  outcome: RuleOutcome;
  ruleIds: string[];
  /** Codes the challenge page may take instead of a device (CHALLENGE_REQUIRED only; [] otherwise). */
  fallback: FallbackMethod[];
  /** Why the state differs from the rule's outcome, for the audit trail. */
  upgradedBecause?: "user_authentication_required";
}

function holds(condition: RuleCondition, facts: ActionFacts): boolean {
  const result = ((): boolean => {
    switch (condition.type) {
      case "new_device":
        return facts.isNewDevice;
      case "ip_address":
        return facts.attributes.ipAddress !== undefined && ipMatches(facts.attributes.ipAddress, condition.in);
      case "velocity": {
        const since = facts.now.getTime() - condition.windowSeconds * 1000;
        return facts.attemptTimes.filter((t) => t.getTime() > since && t.getTime() <= facts.now.getTime()).length >= condition.atLeast;
      }
      case "user_status":
        return condition.in.includes(facts.userStatus);
      case "custom": {
        const custom = facts.attributes.custom ?? {};
        const present = Object.prototype.hasOwnProperty.call(custom, condition.key);
        if (condition.exists !== undefined) return present === condition.exists;
        if (!present) return false;
        const value = custom[condition.key];
        if (condition.equals !== undefined) return value === condition.equals;
        return (condition.in ?? []).some((candidate) => candidate === value);
      }
    }
  })();
  return condition.not ? !result : result;
}

export function evaluateRules(set: RuleSet | null, facts: ActionFacts): Decision {
  const ordered = (set?.rules ?? []).map((rule, index) => ({ rule, index })).sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index);
  const match = ordered.find(({ rule }) => rule.conditions.every((condition) => holds(condition, facts)));
  const outcome = match?.rule.outcome ?? set?.defaultOutcome ?? DEFAULT_OUTCOME;
  const ruleIds = match ? [match.rule.id] : [];
  const fallback = [...new Set(match?.rule.fallback ?? set?.defaultFallback ?? DEFAULT_FALLBACK)];
  if (outcome === "BLOCK") return { state: "BLOCK", outcome, ruleIds, fallback: [] };
  if (outcome === "ALLOW" && facts.requiresUserAuthentication) return { state: "CHALLENGE_REQUIRED", outcome, ruleIds, fallback, upgradedBecause: "user_authentication_required" };
  return outcome === "ALLOW" ? { state: "ALLOW", outcome, ruleIds, fallback: [] } : { state: "CHALLENGE_REQUIRED", outcome, ruleIds, fallback };
}
