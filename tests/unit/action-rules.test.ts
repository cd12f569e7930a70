// Rule evaluation, pure: priority order with list order breaking ties, every condition type and
// `not`, the CHALLENGE default, and the user-verification upgrade of ALLOW. Also: the OpenAPI
// examples of the actions API are valid against the schemas the routes parse with.
import { describe, expect, it } from "vitest";
import { evaluateRules, type ActionFacts } from "@/lib/risk-actions/evaluate-rules";
import { actionsOperations } from "@/lib/risk-actions/openapi";
import { ipMatches, ruleSetSchema } from "@/lib/risk-actions/rule-schema";

const facts = (overrides: Partial<ActionFacts> = {}): ActionFacts => ({
  attributes: {},
  userStatus: "approved",
  isNewDevice: false,
  attemptTimes: [],
  now: new Date("2026-11-24T09:00:00Z"),
  isEnrolled: false,
  requiresUserAuthentication: false,
  ...overrides,
});

describe("evaluateRules", () => {
  it("first match in priority order wins; equal priorities keep list order; else the default, else CHALLENGE", () => {
    const set = ruleSetSchema.parse({
      defaultOutcome: "ALLOW",
      rules: [
        { id: "late", priority: 5, outcome: "BLOCK", conditions: [{ type: "new_device" }] },
        { id: "first-listed", priority: 1, outcome: "CHALLENGE", conditions: [{ type: "new_device" }] },
        { id: "second-listed", priority: 1, outcome: "BLOCK", conditions: [{ type: "new_device" }] },
      ],
    });
    expect(evaluateRules(set, facts({ isNewDevice: true }))).toEqual({ state: "CHALLENGE_REQUIRED", outcome: "CHALLENGE", ruleIds: ["first-listed"], fallback: [] });
    expect(evaluateRules(set, facts())).toEqual({ state: "ALLOW", outcome: "ALLOW", ruleIds: [], fallback: [] });
    expect(evaluateRules(null, facts())).toEqual({ state: "CHALLENGE_REQUIRED", outcome: "CHALLENGE", ruleIds: [], fallback: [] });
    expect(evaluateRules(ruleSetSchema.parse({ rules: [] }), facts())).toMatchObject({ state: "CHALLENGE_REQUIRED" });
  });

  it("ALLOW becomes CHALLENGE_REQUIRED when the user's device requires user authentication; BLOCK is untouched", () => {
    const allow = ruleSetSchema.parse({ defaultOutcome: "ALLOW" });
    expect(evaluateRules(allow, facts({ isEnrolled: true, requiresUserAuthentication: true }))).toEqual({
      state: "CHALLENGE_REQUIRED",
      outcome: "ALLOW",
      ruleIds: [],
      fallback: [],
      upgradedBecause: "user_authentication_required",
    });
    expect(evaluateRules(ruleSetSchema.parse({ defaultOutcome: "BLOCK" }), facts({ requiresUserAuthentication: true })).state).toBe("BLOCK");
  });

  it("all conditions of a rule must hold; not inverts; custom equals/in/exists; user status; velocity counts inside the window only", () => {
    const now = new Date("2026-11-24T09:00:00Z");
    const set = ruleSetSchema.parse({
      defaultOutcome: "ALLOW",
      rules: [
        {
          id: "both",
          priority: 1,
          outcome: "BLOCK",
          conditions: [
            { type: "custom", key: "country", in: ["KP", "IR"] },
            { type: "ip_address", in: ["10.0.0.0/8"], not: true },
          ],
        },
        { id: "vip", priority: 2, outcome: "ALLOW", conditions: [{ type: "custom", key: "tier", equals: "vip" }] },
        { id: "flagged", priority: 3, outcome: "CHALLENGE", conditions: [{ type: "custom", key: "flag", exists: true }] },
        { id: "status", priority: 4, outcome: "BLOCK", conditions: [{ type: "user_status", in: ["suspended"] }] },
        { id: "fast", priority: 5, outcome: "CHALLENGE", conditions: [{ type: "velocity", atLeast: 2, windowSeconds: 60 }] },
      ],
    });
    expect(evaluateRules(set, facts({ attributes: { custom: { country: "KP" }, ipAddress: "203.0.113.1" } })).ruleIds).toEqual(["both"]);
    expect(evaluateRules(set, facts({ attributes: { custom: { country: "KP" }, ipAddress: "10.1.2.3" } })).ruleIds).toEqual([]);
    expect(evaluateRules(set, facts({ attributes: { custom: { tier: "vip", flag: null } } })).ruleIds).toEqual(["vip"]);
    expect(evaluateRules(set, facts({ attributes: { custom: { flag: null } } })).ruleIds).toEqual(["flagged"]);
    expect(evaluateRules(set, facts({ userStatus: "suspended" })).ruleIds).toEqual(["status"]);
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(evaluateRules(set, facts({ now, attemptTimes: [ago(10), ago(59)] })).ruleIds).toEqual(["fast"]);
    expect(evaluateRules(set, facts({ now, attemptTimes: [ago(10), ago(60)] })).ruleIds).toEqual([]);
  });

  it("challenge-fallback-by-rule: the deciding rule's fallback, else the set's defaultFallback, else none (opt-in: a passkey-only challenge is never silently answerable by SMS); [] forbids; ALLOW and BLOCK carry none", () => {
    const set = ruleSetSchema.parse({
      defaultFallback: ["sms"],
      rules: [
        { id: "risky", priority: 1, outcome: "CHALLENGE", conditions: [{ type: "new_device" }], fallback: [] },
        { id: "app-only", priority: 2, outcome: "CHALLENGE", conditions: [{ type: "custom", key: "amount", equals: "big" }], fallback: ["authenticator_app"] },
      ],
    });
    expect(evaluateRules(set, facts({ isNewDevice: true })).fallback).toEqual([]);
    expect(evaluateRules(set, facts({ attributes: { custom: { amount: "big" } } })).fallback).toEqual(["authenticator_app"]);
    expect(evaluateRules(set, facts()).fallback).toEqual(["sms"]);
    expect(evaluateRules(ruleSetSchema.parse({}), facts()).fallback).toEqual([]);
    expect(evaluateRules(ruleSetSchema.parse({ defaultFallback: ["sms", "authenticator_app"] }), facts()).fallback).toEqual(["sms", "authenticator_app"]);
    expect(evaluateRules(ruleSetSchema.parse({ defaultOutcome: "BLOCK" }), facts()).fallback).toEqual([]);
    expect(ruleSetSchema.safeParse({ defaultFallback: ["email"] }).success).toBe(false);
  });

  it("IP lists match addresses and CIDR blocks of both families", () => {
    expect(ipMatches("203.0.113.200", ["203.0.113.0/24"])).toBe(true);
    expect(ipMatches("203.0.114.1", ["203.0.113.0/24"])).toBe(false);
    expect(ipMatches("2001:db8::42", ["2001:db8::/32"])).toBe(true);
    expect(ipMatches("2001:db9::42", ["2001:db8::/32", "192.0.2.1"])).toBe(false);
    expect(ipMatches("192.0.2.1", ["192.0.2.1"])).toBe(true);
    expect(ipMatches("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });
});

describe("OpenAPI", () => {
  it("every example of the actions API is valid against its schema", () => {
    for (const operation of actionsOperations) {
      if (operation.requestBody?.example !== undefined) expect(() => operation.requestBody!.schema.parse(operation.requestBody!.example), operation.operationId).not.toThrow();
      for (const response of Object.values(operation.responses)) {
        if (response.schema && response.example !== undefined) expect(() => response.schema!.parse(response.example), operation.operationId).not.toThrow();
      }
    }
  });
});
