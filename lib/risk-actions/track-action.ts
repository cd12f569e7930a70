// POST /v1/users/{userId}/actions/{action}: gather the facts once, run the partner's rules, store
// the action with a hashed single-use token, and audit it (action.tracked) — all or nothing.
import { randomUUID } from "node:crypto";
import { ACTION_TOKEN_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { db } from "@/lib/db";
import type { Client, Prisma } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { mintAddAuthenticatorToken } from "@/lib/devices/registration-token";
import { isUserOfClient } from "@/lib/users/user-of-client";
import { actionTokenHash, newActionToken } from "@/lib/risk-actions/action-token";
import { evaluateRules, type ActionFacts, type Decision } from "@/lib/risk-actions/evaluate-rules";
import { assertRegisteredOrigin } from "@/lib/risk-actions/redirect-url";
import { getRuleSet } from "@/lib/risk-actions/rule-store";
import type { RuleSet } from "@/lib/risk-actions/rule-schema";
import type { ActionAttributes } from "@/lib/risk-actions/schemas";

export type TrackedAction = {
  state: Decision["state"];
  token: string;
  url: string | null;
  idempotencyKey: string;
  isEnrolled: boolean;
  ruleIds: string[];
};

export interface TrackActionInput {
  client: Pick<Client, "id" | "redirectUris">;
  userId: string;
  action: string;
  attributes: ActionAttributes;
  ip?: string | null;
  requestId?: string | null;
  /** Injected in tests (velocity windows); the server's clock otherwise. */
  now?: Date;
}

/** Authsignal's registration action: tracking it returns a registration token, not an action token. */
export const ADD_AUTHENTICATOR_ACTION = "addAuthenticator";

export async function trackAction(input: TrackActionInput): Promise<TrackedAction> {
  const now = input.now ?? new Date();
  const { client, userId, action, attributes } = input;
  if (!(await isUserOfClient(client.id, userId))) throw new ProductError("user_not_found");
  if (attributes.redirectUrl) assertRegisteredOrigin(attributes.redirectUrl, client.redirectUris);
  if (action === ADD_AUTHENTICATOR_ACTION) return trackAddAuthenticator(input, now);

  const ruleSet = await getRuleSet(client.id, action);
  const facts = await gatherFacts({ clientId: client.id, userId, action, attributes, ruleSet, now });
  const decision = evaluateRules(ruleSet, facts);

  const token = newActionToken();
  const idempotencyKey = randomUUID();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.action.create({
      data: {
        clientId: client.id,
        userId,
        action,
        idempotencyKey,
        state: decision.state,
        ruleIds: decision.ruleIds,
        isEnrolled: facts.isEnrolled,
        redirectUrl: attributes.redirectUrl ?? null,
        deviceId: attributes.deviceId ?? null,
        ipAddress: attributes.ipAddress ?? null,
        userAgent: attributes.userAgent ?? null,
        custom: (attributes.custom ?? undefined) as Prisma.InputJsonValue | undefined,
        label: attributes.label ?? null,
        fallbackMethods: decision.fallback,
        tokenHash: actionTokenHash(token)!,
        tokenExpiresAt: new Date(now.getTime() + ACTION_TOKEN_TTL_S * 1000),
        createdAt: now,
      },
    });
    await emit(tx, {
      type: "action.tracked",
      actor: { type: "client", id: client.id },
      clientId: client.id,
      userId,
      subjectId: created.id,
      ip: input.ip ?? null,
      requestId: input.requestId ?? null,
      data: {
        action,
        idempotency_key: idempotencyKey,
        state: decision.state,
        outcome: decision.outcome,
        rule_ids: decision.ruleIds,
        fallback: decision.fallback,
        is_enrolled: facts.isEnrolled,
        new_device: facts.isNewDevice,
        ...(decision.upgradedBecause ? { upgraded_because: decision.upgradedBecause } : {}),
      },
    });
    return created;
  });

  return {
    state: decision.state,
    token,
    url: decision.state === "CHALLENGE_REQUIRED" ? `${publicUrl()}/challenge/${row.id}?token=${token}` : null,
    idempotencyKey,
    isEnrolled: facts.isEnrolled,
    ruleIds: decision.ruleIds,
  };
}

/**
 * Backend-started enrolment (Authsignal "Backend - Generate registration token"): a single-use,
 * 5-minute `tgd_` token for a user of this client, minted by the one registration-token home and
 * audited as action.tracked with the client as actor. Redeeming it still takes the user's own
 * strong sign-in to Trustgate in that browser (lib/devices/register-device.ts): a partner cannot
 * add a passkey to an account by itself (docs/security.md).
 */
async function trackAddAuthenticator(input: TrackActionInput, now: Date): Promise<TrackedAction> {
  const minted = await db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId: input.userId, clientId: input.client.id, actor: { type: "client", id: input.client.id }, ip: input.ip, requestId: input.requestId }, now));
  const devices = await db().device.count({ where: { userId: input.userId, revokedAt: null, flaggedAt: null } });
  return { state: "ALLOW", token: minted.token, url: null, idempotencyKey: minted.id, isEnrolled: devices > 0, ruleIds: [] };
}

async function gatherFacts(input: { clientId: string; userId: string; action: string; attributes: ActionAttributes; ruleSet: RuleSet | null; now: Date }): Promise<ActionFacts> {
  const { clientId, userId, action, attributes, ruleSet, now } = input;
  const velocity = (ruleSet?.rules ?? []).flatMap((rule) => rule.conditions).filter((c) => c.type === "velocity");
  const longestWindowS = Math.max(0, ...velocity.map((c) => c.windowSeconds));
  const mostAttempts = Math.max(0, ...velocity.map((c) => c.atLeast));

  const [user, devices, seenDevice, attempts] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { status: true } }),
    db().device.findMany({ where: { userId, revokedAt: null, flaggedAt: null }, select: { userVerified: true } }),
    attributes.deviceId ? db().action.findFirst({ where: { clientId, userId, deviceId: attributes.deviceId, state: { in: ["ALLOW", "CHALLENGE_SUCCEEDED"] } }, select: { id: true } }) : Promise.resolve(null),
    longestWindowS > 0
      ? db().action.findMany({
          where: { clientId, userId, action, createdAt: { gt: new Date(now.getTime() - longestWindowS * 1000), lte: now } },
          select: { createdAt: true },
          orderBy: { createdAt: "desc" },
          take: mostAttempts,
        })
      : Promise.resolve([]),
  ]);
  if (!user) throw new ProductError("user_not_found");
  return {
    attributes,
    userStatus: user.status,
    isNewDevice: !seenDevice,
    attemptTimes: attempts.map((a) => a.createdAt),
    now,
    isEnrolled: devices.length > 0,
    // Every Trustgate passkey is registered with userVerification "required" (Device.userVerified).
    requiresUserAuthentication: devices.some((d) => d.userVerified),
  };
}
