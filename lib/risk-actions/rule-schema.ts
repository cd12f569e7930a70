// The rules a partner sets per action, as stored (JSON column) and as the CLI and admin API accept
// them. Evaluated in priority order (lower first, ties in list order); the first rule whose
// conditions ALL hold decides; otherwise `defaultOutcome` (see DEFAULT_OUTCOME in evaluate-rules.ts).
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { ACTION_RULE_CONDITIONS_MAX, ACTION_RULES_MAX, ACTION_VELOCITY_WINDOW_MAX_S } from "@/lib/config/limits";

export const ruleOutcomeSchema = z.enum(["ALLOW", "CHALLENGE", "BLOCK"]);
export type RuleOutcome = z.output<typeof ruleOutcomeSchema>;

const userStatusSchema = z.enum(["approved", "pending", "retry", "document", "rejected", "suspended"]);

/** An IPv4/IPv6 address or CIDR block (`203.0.113.0/24`, `2001:db8::/32`). */
export const ipOrCidrSchema = z.string().refine((value) => parseIpOrCidr(value) !== null, "must be an IP address or CIDR block");

export function parseIpOrCidr(value: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, prefixText, extra] = value.split("/");
  if (extra !== undefined || !address) return null;
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family: version === 4 ? "ipv4" : "ipv6" };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family: version === 4 ? "ipv4" : "ipv6" };
}

/** Whether `ip` equals one of the addresses or lies in one of the CIDR blocks. */
export function ipMatches(ip: string, list: string[]): boolean {
  const version = isIP(ip);
  if (!version) return false;
  const blocks = new BlockList();
  for (const entry of list) {
    const parsed = parseIpOrCidr(entry);
    if (parsed) blocks.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return blocks.check(ip, version === 4 ? "ipv4" : "ipv6");
}

const scalar = z.union([z.string().max(1_024), z.number(), z.boolean(), z.null()]);
const negatable = { not: z.boolean().optional().describe("Invert the condition") };

export const ruleConditionSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("new_device"),
      ...negatable,
    })
    .describe("deviceId is missing, or no earlier action of this user with this client from that deviceId was allowed or passed its challenge"),
  z
    .strictObject({
      type: z.literal("ip_address"),
      in: z.array(ipOrCidrSchema).min(1).max(100),
      ...negatable,
    })
    .describe("ipAddress equals one of the addresses or is in one of the CIDR blocks (no ipAddress: no match)"),
  z
    .strictObject({
      type: z.literal("velocity"),
      atLeast: z.number().int().min(1).max(10_000),
      windowSeconds: z.number().int().min(1).max(ACTION_VELOCITY_WINDOW_MAX_S),
      ...negatable,
    })
    .describe("At least `atLeast` earlier attempts of this action by this user with this client in the last `windowSeconds`"),
  z
    .strictObject({
      type: z.literal("user_status"),
      in: z.array(userStatusSchema).min(1),
      ...negatable,
    })
    .describe("The user's status is one of these"),
  z
    .strictObject({
      type: z.literal("custom"),
      key: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/),
      equals: scalar.optional(),
      in: z.array(scalar).min(1).max(100).optional(),
      exists: z.boolean().optional(),
      ...negatable,
    })
    .refine((c) => [c.equals !== undefined, c.in !== undefined, c.exists !== undefined].filter(Boolean).length === 1, "a custom condition needs exactly one of equals, in, exists")
    .describe("A custom attribute equals a value, is one of several, or exists"),
]);
export type RuleCondition = z.output<typeof ruleConditionSchema>;

/** Codes the challenge page may take instead of a trusted device (the user has none at hand). */
export const fallbackMethodSchema = z.enum(["sms", "authenticator_app"]);
export type FallbackMethod = z.output<typeof fallbackMethodSchema>;
const fallbackSchema = z
  .array(fallbackMethodSchema)
  .max(2)
  .describe("Codes the challenge page may take when the user has no trusted device at hand; [] forbids both; unset = both (an SMS code to the user's phone, or their authenticator app)");

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "rule ids are 1–64 letters, digits, _ or -"),
  description: z.string().max(200).optional(),
  priority: z.number().int().min(0).max(1_000_000).describe("Lower runs first"),
  outcome: ruleOutcomeSchema,
  conditions: z.array(ruleConditionSchema).min(1).max(ACTION_RULE_CONDITIONS_MAX).describe("All must hold"),
  fallback: fallbackSchema.optional(),
});
export type Rule = z.output<typeof ruleSchema>;

export const ruleSetSchema = z
  .strictObject({
    defaultOutcome: ruleOutcomeSchema.optional().describe("When no rule matches; unset = CHALLENGE"),
    defaultFallback: fallbackSchema.optional().describe("The fallback when no rule matches, or the deciding rule sets none; unset = none (trusted device only)"),
    rules: z.array(ruleSchema).max(ACTION_RULES_MAX).default([]),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", index, "id"], message: `duplicate rule id ${rule.id}` });
      seen.add(rule.id);
    });
  });
export type RuleSet = z.output<typeof ruleSetSchema>;
