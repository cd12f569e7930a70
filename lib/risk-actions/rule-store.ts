// Reading and writing a partner's rules (the CLI uses this; the admin UI will too). Input is
// validated with the rule schema before anything is written; every change is audited.
import { ZodError } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { describeZodError } from "@/lib/errors/zod";
import { ruleSetSchema, type RuleSet } from "@/lib/risk-actions/rule-schema";
import { actionCodeSchema } from "@/lib/risk-actions/schemas";

export interface StoredRuleSet {
  clientId: string;
  action: string;
  ruleSet: RuleSet;
  updatedAt: Date;
}

/** Validates rules as the CLI or an admin typed them; errors name the offending path. */
export function parseRuleSet(input: unknown): RuleSet {
  try {
    return ruleSetSchema.parse(input);
  } catch (error) {
    if (error instanceof ZodError) {
      const { description, details } = describeZodError(error);
      throw new ProductError("action_rules_invalid", `The rules are invalid: ${description}`, details);
    }
    throw error;
  }
}

function parseAction(action: string): string {
  const parsed = actionCodeSchema.safeParse(action);
  if (!parsed.success) throw new ProductError("action_rules_invalid", "The action code must be 1–64 letters, digits, _ or -");
  return parsed.data;
}

/** The stored rules of one client and action; null when none are set (the default applies). */
export async function getRuleSet(clientId: string, action: string): Promise<RuleSet | null> {
  const row = await db().actionRuleSet.findUnique({ where: { clientId_action: { clientId, action } } });
  // Stored rules were validated on the way in; parse again so a hand-edited row cannot crash evaluation.
  return row ? ruleSetSchema.parse(row.rules) : null;
}

export async function listRuleSets(clientId: string): Promise<StoredRuleSet[]> {
  await requireClient(clientId);
  const rows = await db().actionRuleSet.findMany({ where: { clientId }, orderBy: { action: "asc" } });
  return rows.map((row) => ({ clientId: row.clientId, action: row.action, ruleSet: ruleSetSchema.parse(row.rules), updatedAt: row.updatedAt }));
}

export async function setRuleSet(clientId: string, action: string, input: unknown, actor: DomainEvent["actor"]): Promise<StoredRuleSet> {
  const code = parseAction(action);
  const ruleSet = parseRuleSet(input);
  await requireClient(clientId);
  const rules = ruleSet as unknown as Prisma.InputJsonValue;
  const row = await db().$transaction(async (tx) => {
    const saved = await tx.actionRuleSet.upsert({ where: { clientId_action: { clientId, action: code } }, create: { clientId, action: code, rules }, update: { rules } });
    await emit(tx, { type: "action_rules.updated", actor, clientId, subjectId: `${clientId}/${code}`, data: { action: code, rules } });
    return saved;
  });
  return { clientId, action: code, ruleSet, updatedAt: row.updatedAt };
}

export async function deleteRuleSet(clientId: string, action: string, actor: DomainEvent["actor"]): Promise<void> {
  const code = parseAction(action);
  await db().$transaction(async (tx) => {
    const { count } = await tx.actionRuleSet.deleteMany({ where: { clientId, action: code } });
    if (count !== 1) throw new ProductError("action_rules_not_found");
    await emit(tx, { type: "action_rules.deleted", actor, clientId, subjectId: `${clientId}/${code}`, data: { action: code } });
  });
}

async function requireClient(clientId: string): Promise<void> {
  const client = await db().client.findUnique({ where: { id: clientId }, select: { id: true } });
  if (!client) throw new ProductError("client_not_found");
}
