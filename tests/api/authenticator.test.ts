// The tru.ID Authenticator API as the seed walks through it (project configuration by JSON Patch,
// factor onboarding by QR code, challenges), and the threats around it: guessing, replay, expiry,
// another factor's code, another partner's objects, malformed patches, concurrent verification.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PATCH as projectPatchRoute, GET as projectGetRoute } from "@/app/console/v0.2/workspaces/[workspace_id]/projects/[project_id]/route";
import { GET as listRoute, POST as createFactorRoute } from "@/app/authenticator/v0.1/factors/route";
import { DELETE as deleteFactorRoute, GET as getFactorRoute, PATCH as patchFactorRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/route";
import { POST as challengeRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/challenge/route";
import { POST as challengesAliasRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/challenges/route";
import { GET as getChallengeRoute, PATCH as patchChallengeRoute } from "@/app/authenticator/v0.1/factors/[factor_id]/challenge/[challenge_id]/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { setAuthenticatorClock } from "@/lib/authenticator/clock";
import { expireLateChallenges } from "@/lib/authenticator/expire-challenges";
import type { ChallengeResource, CreatedFactorResource, FactorResource, ProjectResource } from "@/lib/authenticator/schemas";
import type { CreatedClient } from "@/lib/clients/create-client";
import { AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS, AUTHENTICATOR_CHALLENGE_TTL_S, AUTHENTICATOR_CREATE_PER_CLIENT, AUTHENTICATOR_FACTOR_MAX_FAILURES, AUTHENTICATOR_VERIFY_PER_CLIENT } from "@/lib/config/limits";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { appCode, decodeQrDataUrl } from "../support/authenticator";
import { apiRequest, basicAuth, createTestClient, formRequest } from "../support/fixtures";

type ErrorBody = { error: string; error_description: string; details?: { status?: string; attempts_remaining?: number } };
type Json = Record<string, unknown>;

let partner: CreatedClient;
let other: CreatedClient;
let bearer: string;
/** The authenticator's clock: starts 1 s into a 30-second step, moved by the tests. */
let now = Math.floor(Date.now() / 30_000) * 30_000 + 1_000;

const SEED_CONFIGURATION = {
  authenticator: {
    issuer_name: "https://example.com/handle-flow",
    challenge_callback_url: "https://example.com/app/challenges",
    challenge_default_message: "Please confirm your login",
  },
};

beforeAll(async () => {
  partner = await createTestClient();
  other = await createTestClient();
  // The seed's calls carry a Bearer token from the client_credentials grant.
  const response = await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!) } }));
  bearer = ((await response.json()) as { access_token: string }).access_token;
  setAuthenticatorClock(() => now);
});

afterAll(() => setAuthenticatorClock(null));

beforeEach(() => {
  // A fresh time step for every test: codes used by earlier tests never collide.
  now += 10 * 30_000;
});

const authOf = (client: CreatedClient | "bearer") => ({ Authorization: client === "bearer" ? `Bearer ${bearer}` : basicAuth(client.client_id, client.client_secret!) });

async function call<T>(
  handler: (req: Request, ctx: never) => Promise<Response>,
  path: string,
  init: { method?: string; body?: unknown; contentType?: string; client?: CreatedClient | "bearer"; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...authOf(init.client ?? "bearer") };
  if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";
  const response = await handler(apiRequest(path, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body) }), {
    params: Promise.resolve(init.params ?? {}),
  } as never);
  const text = await response.text();
  return { response, body: (text ? JSON.parse(text) : null) as T & ErrorBody };
}

const projectPath = (client: CreatedClient) => `/console/v0.2/workspaces/${client.workspace_id}/projects/${client.project_id}`;
const projectParams = (client: CreatedClient) => ({ workspace_id: client.workspace_id, project_id: client.project_id });

function patchProject(operations: unknown, options: { contentType?: string; client?: CreatedClient; target?: CreatedClient } = {}) {
  const target = options.target ?? partner;
  return call<ProjectResource>(projectPatchRoute, projectPath(target), {
    method: "PATCH",
    body: operations,
    contentType: options.contentType ?? "application/json-patch+json",
    client: options.client ?? "bearer",
    params: projectParams(target),
  });
}

function getProject(target = partner, client: CreatedClient | "bearer" = "bearer") {
  return call<ProjectResource>(projectGetRoute, projectPath(target), { client, params: projectParams(target) });
}

let userCounter = 0;
async function createFactor(client: CreatedClient | "bearer" = "bearer", externalUserId = `user-${++userCounter}-${Date.now()}`) {
  return call<CreatedFactorResource>(createFactorRoute, "/authenticator/v0.1/factors", { method: "POST", body: { phone_number: "+447911123456", external_user_id: externalUserId }, client });
}

function patchFactor(factorId: string, body: unknown, contentType = "application/json-patch+json", client: CreatedClient | "bearer" = "bearer") {
  return call<FactorResource>(patchFactorRoute, `/authenticator/v0.1/factors/${factorId}`, { method: "PATCH", body, contentType, client, params: { factor_id: factorId } });
}

function getFactor(factorId: string, client: CreatedClient | "bearer" = "bearer") {
  return call<FactorResource>(getFactorRoute, `/authenticator/v0.1/factors/${factorId}`, { client, params: { factor_id: factorId } });
}

function createChallenge(factorId: string, body: Json = { reference_id: `ref-${Date.now()}` }, client: CreatedClient | "bearer" = "bearer") {
  return call<ChallengeResource>(challengeRoute, `/authenticator/v0.1/factors/${factorId}/challenge`, { method: "POST", body, client, params: { factor_id: factorId } });
}

function verify(factorId: string, challengeId: string, code: string, options: { client?: CreatedClient | "bearer"; plain?: boolean } = {}) {
  return call<ChallengeResource>(patchChallengeRoute, `/authenticator/v0.1/factors/${factorId}/challenge/${challengeId}`, {
    method: "PATCH",
    body: options.plain ? { code } : [{ op: "add", path: "/code", value: code }],
    contentType: options.plain ? "application/json" : "application/json-patch+json",
    client: options.client ?? "bearer",
    params: { factor_id: factorId, challenge_id: challengeId },
  });
}

function getChallenge(factorId: string, challengeId: string, client: CreatedClient | "bearer" = "bearer") {
  return call<ChallengeResource>(getChallengeRoute, `/authenticator/v0.1/factors/${factorId}/challenge/${challengeId}`, { client, params: { factor_id: factorId, challenge_id: challengeId } });
}

/** A factor onboarded as the seed does it: created, QR scanned, activated with the app's code. */
async function activeFactor(client: CreatedClient | "bearer" = "bearer") {
  const { body: created } = await createFactor(client);
  const uri = decodeQrDataUrl(created.data_url);
  const { response } = await patchFactor(created.factor_id, [{ op: "add", path: "/code", value: await appCode(uri, now) }], "application/json-patch+json", client);
  expect(response.status).toBe(200);
  now += 30_000; // the activation used this step; the next verification needs the next code
  return { factorId: created.factor_id, uri };
}

function challengeEvents(challengeId: string) {
  return db().auditEvent.findMany({ where: { type: "authenticator.challenge_updated", subjectId: challengeId }, orderBy: { createdAt: "asc" } });
}

describe("the seed's workflows over HTTP", () => {
  it("configures the project, onboards a factor from its QR code, verifies a challenge and records the callback", async () => {
    // Project setup: exactly the seed's PATCH.
    const configured = await patchProject([{ op: "add", path: "/configuration", value: SEED_CONFIGURATION }]);
    expect(configured.response.status).toBe(200);
    expect(configured.body).toMatchObject({ project_id: partner.client_id, workspace_id: partner.workspace_id, configuration: SEED_CONFIGURATION });
    expect((await getProject()).body.configuration).toEqual(SEED_CONFIGURATION);

    // 1) Onboarding a factor.
    const created = await createFactor();
    expect(created.response.status).toBe(200);
    expect(created.body).toMatchObject({ factor_id: expect.any(String), status: "PENDING", type: "TOTP", external_user_id: expect.stringMatching(/^user-/) });
    expect(created.body.data_url).toMatch(/^data:image\/png;base64,/);
    expect(created.body._links.self.href).toBe(`/authenticator/v0.1/factors/${created.body.factor_id}`);
    const uri = decodeQrDataUrl(created.body.data_url);
    expect(uri).toBe(created.body.url);
    const otpauth = new URL(uri);
    expect(otpauth.protocol).toBe("otpauth:");
    expect(otpauth.searchParams.get("issuer")).toBe("https://example.com/handle-flow");
    // 160-bit secret, encrypted at rest, and no longer readable through the API.
    const secret = otpauth.searchParams.get("secret")!;
    expect(Buffer.from(secret.replace(/=+$/, ""), "ascii").length).toBe(32);
    const row = await db().authenticatorFactor.findUniqueOrThrow({ where: { id: created.body.factor_id } });
    expect(row.secretEnc).not.toContain(secret);
    expect(decryptSecret(row.secretEnc, "totp")).toBe(secret);
    const read = await getFactor(created.body.factor_id);
    expect(read.body).not.toHaveProperty("url");
    expect(read.body).not.toHaveProperty("data_url");

    const activated = await patchFactor(created.body.factor_id, [{ op: "add", path: "/code", value: await appCode(uri, now) }]);
    expect(activated.response.status).toBe(200);
    expect(activated.body.status).toBe("ACTIVE");

    // 2) Issuing a verification challenge, half a minute later.
    now += 30_000;
    const challenge = await createChallenge(created.body.factor_id, { reference_id: "login-42" });
    expect(challenge.response.status).toBe(200);
    expect(challenge.body).toMatchObject({ challenge_id: expect.any(String), status: "PENDING", reference_id: "login-42", message: "Please confirm your login" });
    expect(Date.parse(challenge.body.expired_at) - Date.parse(challenge.body.created_at)).toBe(AUTHENTICATOR_CHALLENGE_TTL_S * 1000);

    const verified = await verify(created.body.factor_id, challenge.body.challenge_id, await appCode(uri, now));
    expect(verified.response.status).toBe(200);
    expect(verified.body.status).toBe("VERIFIED");
    expect((await getChallenge(created.body.factor_id, challenge.body.challenge_id)).body.status).toBe("VERIFIED");

    // The callback, as the webhooks outbox receives it: one domain event in the same transaction.
    const events = await challengeEvents(challenge.body.challenge_id);
    expect(events).toHaveLength(1);
    expect(events[0]!.clientId).toBe(partner.client_id);
    expect(events[0]!.data).toEqual({
      callback: { challenge_id: challenge.body.challenge_id, factor_id: created.body.factor_id, reference_id: "login-42", status: "VERIFIED", updated_at: verified.body.updated_at },
    });
    // …which the webhooks outbox queued, in that transaction, for the project's callback URL.
    const deliveries = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id, kind: "authenticator_callback" } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ url: "https://example.com/app/challenges", eventType: "authenticator_challenge_updated", status: "pending" });
    expect(JSON.parse(deliveries[0]!.body)).toEqual((events[0]!.data as { callback: unknown }).callback);
  });

  it("accepts HTTP Basic, plain {code} bodies and the /challenges spelling too", async () => {
    const { body: created } = await createFactor(partner);
    const uri = decodeQrDataUrl(created.data_url);
    const activated = await patchFactor(created.factor_id, { code: await appCode(uri, now) }, "application/json", partner);
    expect(activated.body.status).toBe("ACTIVE");
    now += 30_000;
    const challenge = await call<ChallengeResource>(challengesAliasRoute, `/authenticator/v0.1/factors/${created.factor_id}/challenges`, {
      method: "POST",
      body: { reference_id: "r-1", message: "Approve the payment" },
      client: partner,
      params: { factor_id: created.factor_id },
    });
    expect(challenge.response.status).toBe(200);
    expect(challenge.body.message).toBe("Approve the payment");
    const verified = await verify(created.factor_id, challenge.body.challenge_id, await appCode(uri, now), { client: partner, plain: true });
    expect(verified.body.status).toBe("VERIFIED");
  });

  it("lists factors by external_user_id, refuses a duplicate one, and deletes", async () => {
    const { body: created } = await createFactor("bearer", "list-me");
    const duplicate = await createFactor("bearer", "list-me");
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.body.error).toBe("authenticator_factor_exists");
    const found = await call<{ _embedded: { factors: FactorResource[] }; page: { total_elements: number } }>(listRoute, "/authenticator/v0.1/factors?search=external_user_id==list-me");
    expect(found.body._embedded.factors.map((f) => f.factor_id)).toEqual([created.factor_id]);
    expect(found.body.page.total_elements).toBe(1);
    const deleted = await call(deleteFactorRoute, `/authenticator/v0.1/factors/${created.factor_id}`, { method: "DELETE", params: { factor_id: created.factor_id } });
    expect(deleted.response.status).toBe(204);
    expect((await getFactor(created.factor_id)).response.status).toBe(404);
  });

  it("deactivates a factor, which then cannot be challenged", async () => {
    const { factorId } = await activeFactor();
    const inactive = await patchFactor(factorId, [{ op: "replace", path: "/status", value: "INACTIVE" }]);
    expect(inactive.body.status).toBe("INACTIVE");
    const refused = await createChallenge(factorId);
    expect(refused.response.status).toBe(409);
    expect(refused.body.error).toBe("authenticator_factor_not_active");
  });

  it("refuses an invalid factor: bad phone number, missing external_user_id", async () => {
    const bad = await call(createFactorRoute, "/authenticator/v0.1/factors", { method: "POST", body: { phone_number: "12", external_user_id: "" } });
    expect(bad.response.status).toBe(400);
    expect(bad.body.error_description).toMatch(/phone_number/);
    expect(bad.body.error_description).toMatch(/external_user_id/);
  });
});

describe("challenge verification threats", () => {
  it("five wrong codes fail the challenge; a right code afterwards changes nothing", async () => {
    const { factorId, uri } = await activeFactor();
    const { body: challenge } = await createChallenge(factorId);
    const right = await appCode(uri, now);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS; attempt++) {
      const { response, body } = await verify(factorId, challenge.challenge_id, wrong);
      expect(response.status).toBe(400);
      expect(body.error).toBe("authenticator_code_invalid");
      expect(body.details).toEqual({ status: attempt < AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS ? "PENDING" : "FAILED", attempts_remaining: AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS - attempt });
    }
    const late = await verify(factorId, challenge.challenge_id, right);
    expect(late.response.status).toBe(409);
    expect(late.body).toMatchObject({ error: "authenticator_challenge_closed", details: { status: "FAILED" } });
    expect((await getChallenge(factorId, challenge.challenge_id)).body.status).toBe("FAILED");
    const events = await challengeEvents(challenge.challenge_id);
    expect(events.map((e) => (e.data as { callback: { status: string } }).callback.status)).toEqual(["FAILED"]);
  });

  it("a challenge past its five minutes is EXPIRED (once), and a right code no longer verifies it", async () => {
    const { factorId, uri } = await activeFactor();
    const { body: challenge } = await createChallenge(factorId);
    now += AUTHENTICATOR_CHALLENGE_TTL_S * 1000 + 1_000;
    const late = await verify(factorId, challenge.challenge_id, await appCode(uri, now));
    expect(late.response.status).toBe(409);
    expect(late.body.details).toEqual({ status: "EXPIRED" });
    expect((await getChallenge(factorId, challenge.challenge_id)).body.status).toBe("EXPIRED");
    const events = await challengeEvents(challenge.challenge_id);
    expect(events.map((e) => (e.data as { callback: { status: string } }).callback.status)).toEqual(["EXPIRED"]);
    // The step was not spent: a new challenge verifies with the same code.
    const { body: fresh } = await createChallenge(factorId);
    expect((await verify(factorId, fresh.challenge_id, await appCode(uri, now))).body.status).toBe("VERIFIED");
  });

  it("a challenge nobody polls expires through the sweep, with its callback event, once", async () => {
    const { factorId } = await activeFactor();
    const { body: challenge } = await createChallenge(factorId);
    expect(await expireLateChallenges(now)).toBe(0);
    now += AUTHENTICATOR_CHALLENGE_TTL_S * 1000;
    expect(await expireLateChallenges(now)).toBeGreaterThanOrEqual(1);
    expect(await expireLateChallenges(now)).toBe(0);
    expect((await getChallenge(factorId, challenge.challenge_id)).body.status).toBe("EXPIRED");
    const events = await challengeEvents(challenge.challenge_id);
    expect(events.map((e) => (e.data as { callback: { status: string } }).callback.status)).toEqual(["EXPIRED"]);
  });

  it("a code that already verified a challenge is refused for the next one, as is an earlier step (ASVS 6.5.1)", async () => {
    const { factorId, uri } = await activeFactor();
    const code = await appCode(uri, now);
    const { body: first } = await createChallenge(factorId);
    expect((await verify(factorId, first.challenge_id, code)).body.status).toBe("VERIFIED");
    const { body: second } = await createChallenge(factorId);
    const replayed = await verify(factorId, second.challenge_id, code);
    expect(replayed.response.status).toBe(400);
    expect(replayed.body).toMatchObject({ error: "authenticator_code_replayed", details: { status: "PENDING", attempts_remaining: AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS - 1 } });
    const earlier = await verify(factorId, second.challenge_id, await appCode(uri, now - 30_000));
    expect(earlier.body.error).toBe("authenticator_code_replayed");
    now += 30_000;
    expect((await verify(factorId, second.challenge_id, await appCode(uri, now))).body.status).toBe("VERIFIED");
  });

  it("accepts one step of clock skew either way, not two", async () => {
    const { factorId, uri } = await activeFactor();
    now += 2 * 30_000;
    const { body: behind } = await createChallenge(factorId);
    expect((await verify(factorId, behind.challenge_id, await appCode(uri, now - 30_000))).body.status).toBe("VERIFIED");
    const { body: ahead } = await createChallenge(factorId);
    expect((await verify(factorId, ahead.challenge_id, await appCode(uri, now + 30_000))).body.status).toBe("VERIFIED");
    now += 5 * 30_000;
    const { body: far } = await createChallenge(factorId);
    expect((await verify(factorId, far.challenge_id, await appCode(uri, now + 2 * 30_000))).body.error).toBe("authenticator_code_invalid");
  });

  it("another factor's code does not verify this factor's challenge", async () => {
    const mine = await activeFactor();
    const theirs = await activeFactor();
    const { body: challenge } = await createChallenge(mine.factorId);
    const crossed = await verify(mine.factorId, challenge.challenge_id, await appCode(theirs.uri, now));
    expect(crossed.response.status).toBe(400);
    expect(crossed.body.error).toBe("authenticator_code_invalid");
    // Nor does a challenge id of this factor work under another factor's path.
    expect((await verify(theirs.factorId, challenge.challenge_id, await appCode(theirs.uri, now))).response.status).toBe(404);
  });

  it("locks a factor after repeated wrong codes across challenges, audited, and refuses even a right code meanwhile", async () => {
    const { factorId, uri } = await activeFactor();
    let failures = 0;
    while (failures < AUTHENTICATOR_FACTOR_MAX_FAILURES) {
      const { body: challenge } = await createChallenge(factorId);
      for (let i = 0; i < 3 && failures < AUTHENTICATOR_FACTOR_MAX_FAILURES; i++, failures++) {
        const { body } = await verify(factorId, challenge.challenge_id, "999999" === (await appCode(uri, now)) ? "888888" : "999999");
        expect(body.error).toBe(failures + 1 < AUTHENTICATOR_FACTOR_MAX_FAILURES ? "authenticator_code_invalid" : "authenticator_factor_locked");
      }
    }
    const { body: challenge } = await createChallenge(factorId);
    const refused = await verify(factorId, challenge.challenge_id, await appCode(uri, now));
    expect(refused.response.status).toBe(429);
    expect(refused.body.error).toBe("authenticator_factor_locked");
    const locks = await db().auditEvent.findMany({ where: { type: "authenticator.factor_locked", subjectId: factorId } });
    expect(locks).toHaveLength(1);
    expect(locks[0]!.clientId).toBe(partner.client_id);
  });

  it("20 concurrent PATCHes with one valid code: exactly one VERIFIED, one callback event", async () => {
    const { factorId, uri } = await activeFactor();
    const { body: challenge } = await createChallenge(factorId);
    const code = await appCode(uri, now);
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(factorId, challenge.challenge_id, code)));
    const winners = results.filter((r) => r.response.status === 200 && r.body.status === "VERIFIED");
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.response.status !== 200)) {
      expect(["authenticator_challenge_closed", "authenticator_code_replayed"]).toContain(loser.body.error);
    }
    expect(results.every((r) => r.response.status < 500)).toBe(true);
    expect(await challengeEvents(challenge.challenge_id)).toHaveLength(1);
    expect((await getChallenge(factorId, challenge.challenge_id)).body.status).toBe("VERIFIED");
  });
});

describe("rate limits", () => {
  it("a partner over its per-minute code checks or creations gets 429, other partners do not", async () => {
    const busy = await createTestClient();
    const { factorId, uri } = await activeFactor(busy);
    const { body: challenge } = await createChallenge(factorId, { reference_id: "busy" }, busy);
    // Fill this minute's buckets as if the partner had already used them up (fixed one-minute windows).
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
      const windowStart = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      for (const [kind, limit] of [
        ["verify", AUTHENTICATOR_VERIFY_PER_CLIENT],
        ["create", AUTHENTICATOR_CREATE_PER_CLIENT],
      ] as const) {
        const key = `authenticator-${kind}:client:${busy.client_id}`;
        await db().rateLimitBucket.upsert({
          where: { key_windowStart: { key, windowStart } },
          create: { key, windowStart, count: limit, expiresAt: new Date(windowStart.getTime() + 60_000) },
          update: { count: limit },
        });
      }
      const verifyLimited = await verify(factorId, challenge.challenge_id, await appCode(uri, now), { client: busy });
      expect(verifyLimited.response.status).toBe(429);
      expect(verifyLimited.body.error).toBe("authenticator_rate_limited");
      expect((await createFactor(busy)).response.status).toBe(429);
      expect((await createChallenge(factorId, { reference_id: "more" }, busy)).response.status).toBe(429);
      expect((await getChallenge(factorId, challenge.challenge_id, busy)).body).toMatchObject({ status: "PENDING", attempts_remaining: AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS });
      expect((await createFactor(partner)).response.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("cross-partner isolation", () => {
  it("another partner's factor, challenge and project are 404 whatever the method", async () => {
    const { factorId, uri } = await activeFactor();
    const { body: challenge } = await createChallenge(factorId);
    expect((await getFactor(factorId, other)).response.status).toBe(404);
    expect((await patchFactor(factorId, [{ op: "replace", path: "/status", value: "INACTIVE" }], "application/json-patch+json", other)).response.status).toBe(404);
    expect((await call(deleteFactorRoute, `/authenticator/v0.1/factors/${factorId}`, { method: "DELETE", client: other, params: { factor_id: factorId } })).response.status).toBe(404);
    expect((await createChallenge(factorId, { reference_id: "x" }, other)).response.status).toBe(404);
    expect((await getChallenge(factorId, challenge.challenge_id, other)).response.status).toBe(404);
    const guessed = await verify(factorId, challenge.challenge_id, await appCode(uri, now), { client: other });
    expect(guessed.response.status).toBe(404);
    // Nothing of that reached the partner's objects.
    expect((await getFactor(factorId)).body.status).toBe("ACTIVE");
    const mine = (await getChallenge(factorId, challenge.challenge_id)).body;
    expect(mine).toMatchObject({ status: "PENDING", attempts_remaining: AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS });
    const list = await call<{ _embedded: { factors: FactorResource[] } }>(listRoute, "/authenticator/v0.1/factors", { client: other });
    expect(list.body._embedded.factors.map((f) => f.factor_id)).not.toContain(factorId);

    expect((await getProject(partner, other)).response.status).toBe(404);
    const foreign = await patchProject([{ op: "add", path: "/configuration", value: {} }], { client: other, target: partner });
    expect(foreign.response.status).toBe(404);
    expect((await getProject()).body.configuration).toEqual(SEED_CONFIGURATION);
    const wrongWorkspace = await call(projectGetRoute, "/console/v0.2/workspaces/x/projects/y", { params: { workspace_id: other.workspace_id, project_id: partner.project_id } });
    expect(wrongWorkspace.response.status).toBe(404);
  });
});

describe("malformed patches change nothing", () => {
  const cases: [string, unknown, string | undefined, number, string][] = [
    ["an unknown op", [{ op: "frobnicate", path: "/configuration", value: {} }], undefined, 400, "json_patch_invalid"],
    ["a path that does not exist", [{ op: "replace", path: "/configuration/authenticator/nope/deeper", value: "x" }], undefined, 400, "json_patch_invalid"],
    ["a field that is not configuration", [{ op: "add", path: "/configuration/authenticator/colour", value: "red" }], undefined, 400, "invalid_request"],
    ["a read-only attribute", [{ op: "replace", path: "/project_id", value: "someone-else" }], undefined, 400, "json_patch_invalid"],
    [
      "a failed test op before a valid change",
      [
        { op: "test", path: "/name", value: "not the name" },
        { op: "replace", path: "/configuration/authenticator/issuer_name", value: "Evil" },
      ],
      undefined,
      400,
      "json_patch_invalid",
    ],
    [
      "a valid change followed by a bad one",
      [
        { op: "replace", path: "/configuration/authenticator/issuer_name", value: "Half" },
        { op: "remove", path: "/configuration/missing" },
      ],
      undefined,
      400,
      "json_patch_invalid",
    ],
    ["an http callback URL", [{ op: "replace", path: "/configuration/authenticator/challenge_callback_url", value: "http://example.com/cb" }], undefined, 400, "invalid_request"],
    ["a plain JSON body", [{ op: "add", path: "/configuration", value: {} }], "application/json", 415, "unsupported_media_type"],
    ["not a patch document", { configuration: {} }, undefined, 400, "json_patch_invalid"],
    ["broken JSON", "[{", undefined, 400, "malformed_json"],
  ];

  it.each(cases)("on the project: %s", async (_name, body, contentType, status, error) => {
    const before = (await getProject()).body;
    const { response, body: answer } = await patchProject(body, { contentType });
    expect(response.status).toBe(status);
    expect(answer.error).toBe(error);
    expect((await getProject()).body).toEqual(before);
  });

  it.each([
    ["an unknown op", [{ op: "frobnicate", path: "/code", value: "123456" }], "application/json-patch+json", 400],
    ["a bad path", [{ op: "add", path: "/secret", value: "AAAA" }], "application/json-patch+json", 400],
    ["a code that is not 6 digits", [{ op: "add", path: "/code", value: "12345" }], "application/json-patch+json", 400],
    ["a status that does not exist", [{ op: "replace", path: "/status", value: "GONE" }], "application/json-patch+json", 400],
    [
      "a code and a status at once",
      [
        { op: "add", path: "/code", value: "123456" },
        { op: "replace", path: "/status", value: "INACTIVE" },
      ],
      "application/json-patch+json",
      400,
    ],
    ["the wrong content type", [{ op: "add", path: "/code", value: "123456" }], "text/plain", 415],
  ])("on a factor: %s", async (_name, body, contentType, status) => {
    const { body: created } = await createFactor();
    const { response } = await patchFactor(created.factor_id, body, contentType);
    expect(response.status).toBe(status);
    const after = await db().authenticatorFactor.findUniqueOrThrow({ where: { id: created.factor_id } });
    expect(after).toMatchObject({ status: "PENDING", lastUsedStep: null, failedAttempts: 0 });
  });
});
