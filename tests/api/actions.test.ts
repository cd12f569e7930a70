// Risk actions (Authsignal track → challenge → validate) over HTTP: rules decide ALLOW /
// CHALLENGE_REQUIRED / BLOCK, a user-verified device is never waved through, the hosted challenge is
// answered by the action user's passkey only (software authenticator, real signatures), and the
// token validates once, for its own client, under concurrency.
import { describe, expect, it } from "vitest";
import { POST as challengeOptionsRoute } from "@/app/api/actions/[id]/options/route";
import { POST as challengeVerifyRoute } from "@/app/api/actions/[id]/verify/route";
import { GET as getActionRoute } from "@/app/v1/users/[userId]/actions/[action]/[idempotencyKey]/route";
import { POST as trackRoute } from "@/app/v1/users/[userId]/actions/[action]/route";
import { POST as validateRoute } from "@/app/v1/validate/route";
import { mayEnrolFromChallenge } from "@/lib/risk-actions/challenge";
import { deleteRuleSet, listRuleSets, setRuleSet } from "@/lib/risk-actions/rule-store";
import { trackAction } from "@/lib/risk-actions/track-action";
import { validateActionToken } from "@/lib/risk-actions/validate-token";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { registrationOptions, verifyRegistration } from "@/lib/devices/register-device";
import { mintAddAuthenticatorToken } from "@/lib/devices/registration-token";
import { registrationResponseSchema } from "@/lib/devices/schemas";
import { ProductError } from "@/lib/errors/product";
import { apiRequest, basicAuth, BASE_URL, createTestClient } from "../support/fixtures";
import { createTestUser, type TestUser } from "../support/oauth-fixtures";
import { SoftAuthenticator } from "../support/soft-authenticator";

const CLI = { type: "cli" } as const;

interface TrackAnswer {
  state: string;
  token: string;
  url: string | null;
  idempotencyKey: string;
  isEnrolled: boolean;
  ruleIds: string[];
}

async function answer<T = Record<string, unknown>>(response: Response): Promise<{ status: number; body: T; headers: Headers }> {
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function linkedUser(client: CreatedClient, overrides: Parameters<typeof createTestUser>[0] = {}): Promise<TestUser> {
  const user = await createTestUser(overrides);
  await db().consent.create({ data: { userId: user.id, clientId: client.client_id, scopes: ["openid"] } });
  return user;
}

/** Registers a passkey (user verification required, as every Trustgate passkey) for `user`. */
async function enrol(user: TestUser, authenticator = new SoftAuthenticator()): Promise<SoftAuthenticator> {
  const minted = await db().$transaction((tx) => mintAddAuthenticatorToken(tx, { userId: user.id, actor: { type: "user", id: user.id } }));
  const options = await registrationOptions({ token: minted.token, sessionUserId: user.id });
  const response = registrationResponseSchema.parse(authenticator.register(options));
  await verifyRegistration({ token: minted.token, sessionUserId: user.id, response, userAgent: null, ip: "203.0.113.7" });
  return authenticator;
}

function track(client: CreatedClient, userId: string, action: string, attributes: Record<string, unknown> = {}) {
  return trackRoute(
    apiRequest(`/v1/users/${userId}/actions/${action}`, {
      method: "POST",
      headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" },
      body: JSON.stringify({ attributes }),
    }),
    { params: Promise.resolve({ userId, action }) },
  ).then((r) => answer<TrackAnswer>(r));
}

function validate(client: CreatedClient, token: string) {
  return validateRoute(apiRequest("/v1/validate", { method: "POST", headers: { Authorization: basicAuth(client.client_id, client.client_secret!), "Content-Type": "application/json" }, body: JSON.stringify({ token }) })).then(
    (r) => answer(r),
  );
}

function getAction(client: CreatedClient, userId: string, action: string, idempotencyKey: string) {
  return getActionRoute(apiRequest(`/v1/users/${userId}/actions/${action}/${idempotencyKey}`, { headers: { Authorization: basicAuth(client.client_id, client.client_secret!) } }), {
    params: Promise.resolve({ userId, action, idempotencyKey }),
  }).then((r) => answer(r));
}

/** What the hosted challenge page does: options bound to the action, then the passkey's answer. */
async function answerChallenge(url: string, authenticator: SoftAuthenticator, ceremony: Parameters<SoftAuthenticator["assert"]>[1] = {}) {
  const parsed = new URL(url);
  const id = parsed.pathname.split("/").pop()!;
  const token = parsed.searchParams.get("token")!;
  const headers = { "Content-Type": "application/json", Origin: BASE_URL };
  const options = await answer<{ challenge: string; allowCredentials: { id: string }[] }>(
    await challengeOptionsRoute(apiRequest(`/api/actions/${id}/options`, { method: "POST", headers, body: JSON.stringify({ token }) }), { params: Promise.resolve({ id }) }),
  );
  expect(options.status).toBe(200);
  const response = authenticator.assert(options.body, ceremony);
  const verified = await challengeVerifyRoute(apiRequest(`/api/actions/${id}/verify`, { method: "POST", headers, body: JSON.stringify({ token, response }) }), { params: Promise.resolve({ id }) });
  return { ...(await answer<{ state?: string; return_to?: string | null; error?: string; error_code?: string }>(verified)), options: options.body };
}

async function errorOf(promise: Promise<unknown>): Promise<ProductError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProductError);
  return error as ProductError;
}

describe("rules decide the state", () => {
  it("ALLOW / CHALLENGE_REQUIRED / BLOCK from the first matching rule in priority order, else the default", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await setRuleSet(
      client.client_id,
      "withdrawal",
      {
        defaultOutcome: "ALLOW",
        rules: [
          { id: "big-amount", priority: 20, outcome: "CHALLENGE", conditions: [{ type: "custom", key: "amount", in: [1000, 5000] }] },
          { id: "blocked-network", priority: 10, outcome: "BLOCK", conditions: [{ type: "ip_address", in: ["198.51.100.0/24", "2001:db8::/32"] }] },
        ],
      },
      CLI,
    );

    const allowed = await track(client, user.id, "withdrawal", { ipAddress: "203.0.113.9", custom: { amount: 20 } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("cache-control")).toBe("no-store");
    expect(allowed.body).toMatchObject({ state: "ALLOW", url: null, isEnrolled: false, ruleIds: [] });
    expect(allowed.body.token).toMatch(/^tga_[A-Za-z0-9_-]{43}$/);

    const challenged = await track(client, user.id, "withdrawal", { ipAddress: "203.0.113.9", custom: { amount: 5000 }, redirectUrl: client.redirect_uris[0] });
    expect(challenged.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: false, ruleIds: ["big-amount"] });
    expect(challenged.body.url).toMatch(/^http:\/\/localhost:3999\/challenge\/[0-9a-f-]{36}\?token=tga_/);

    // Both rules match; the lower priority number runs first.
    const blocked = await track(client, user.id, "withdrawal", { ipAddress: "2001:db8::7", custom: { amount: 5000 } });
    expect(blocked.body).toMatchObject({ state: "BLOCK", url: null, ruleIds: ["blocked-network"] });

    expect(await validate(client, allowed.body.token)).toMatchObject({
      status: 200,
      body: { isValid: true, state: "ALLOW", userId: user.id, action: "withdrawal", idempotencyKey: allowed.body.idempotencyKey, verificationMethod: null },
    });
    expect((await validate(client, blocked.body.token)).body).toMatchObject({ isValid: false, state: "BLOCK" });
    // A pending challenge is reported, and the token is not spent by asking.
    expect((await validate(client, challenged.body.token)).body).toMatchObject({ isValid: false, state: "CHALLENGE_REQUIRED" });

    const record = await getAction(client, user.id, "withdrawal", blocked.body.idempotencyKey);
    expect(record).toMatchObject({ status: 200, body: { state: "BLOCK", ruleIds: ["blocked-network"], ipAddress: "2001:db8::7", custom: { amount: 5000 }, validated: false } });
    const events = await db().auditEvent.findMany({ where: { type: "action.tracked", clientId: client.client_id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => (e.data as { state: string }).state)).toEqual(["ALLOW", "CHALLENGE_REQUIRED", "BLOCK"]);
  });

  it("with no rules an action is challenged (safe default), and an unenrolled user is told so", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const tracked = await track(client, user.id, "signIn");
    expect(tracked.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: false, ruleIds: [] });
  });

  it("a user whose passkey requires user verification is never given ALLOW: the action is challenged instead", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await enrol(user);
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "ALLOW", rules: [{ id: "known-network", priority: 1, outcome: "ALLOW", conditions: [{ type: "ip_address", in: ["203.0.113.0/24"] }] }] }, CLI);
    const tracked = await track(client, user.id, "signIn", { ipAddress: "203.0.113.9" });
    expect(tracked.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: true, ruleIds: ["known-network"] });
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "action.tracked", userId: user.id, clientId: client.client_id } });
    expect(event.data).toMatchObject({ outcome: "ALLOW", state: "CHALLENGE_REQUIRED", upgraded_because: "user_authentication_required" });
    // BLOCK still blocks.
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "BLOCK" }, CLI);
    expect((await track(client, user.id, "signIn")).body).toMatchObject({ state: "BLOCK" });
  });

  it("velocity: the Nth attempt inside the window is challenged, and the window slides (injected clock)", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await setRuleSet(client.client_id, "transfer", { defaultOutcome: "ALLOW", rules: [{ id: "too-fast", priority: 1, outcome: "BLOCK", conditions: [{ type: "velocity", atLeast: 3, windowSeconds: 600 }] }] }, CLI);
    const t0 = new Date("2026-11-24T08:00:00Z");
    const at = (seconds: number) => trackAction({ client: { id: client.client_id, redirectUris: client.redirect_uris }, userId: user.id, action: "transfer", attributes: {}, now: new Date(t0.getTime() + seconds * 1000) });
    expect((await at(0)).state).toBe("ALLOW");
    expect((await at(60)).state).toBe("ALLOW");
    expect((await at(120)).state).toBe("ALLOW");
    expect(await at(180)).toMatchObject({ state: "BLOCK", ruleIds: ["too-fast"] });
    // At +605 s the attempts at 0 s left the window: 60, 120, 180 remain → still 3 → BLOCK.
    expect((await at(605)).state).toBe("BLOCK");
    // At +790 s only 605 s (and 180 s? no: 790-600=190) remain → 1 attempt → ALLOW.
    expect((await at(790)).state).toBe("ALLOW");
    // Another action code does not count.
    await setRuleSet(client.client_id, "other", { defaultOutcome: "ALLOW", rules: [{ id: "too-fast", priority: 1, outcome: "BLOCK", conditions: [{ type: "velocity", atLeast: 1, windowSeconds: 600 }] }] }, CLI);
    expect((await trackAction({ client: { id: client.client_id, redirectUris: client.redirect_uris }, userId: user.id, action: "other", attributes: {}, now: new Date(t0.getTime() + 800_000) })).state).toBe("ALLOW");
  });

  it("new device: a deviceId is known once an action from it was allowed; user status and custom exists conditions", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client, { status: "approved" });
    const suspended = await linkedUser(client, { status: "suspended" });
    await setRuleSet(
      client.client_id,
      "pay",
      {
        defaultOutcome: "ALLOW",
        rules: [
          { id: "suspended", priority: 0, outcome: "BLOCK", conditions: [{ type: "user_status", in: ["suspended", "rejected"] }] },
          { id: "partner-vouched", priority: 1, outcome: "ALLOW", conditions: [{ type: "custom", key: "vouched", exists: true }] },
          { id: "new-device", priority: 2, outcome: "CHALLENGE", conditions: [{ type: "new_device" }] },
        ],
      },
      CLI,
    );
    expect((await track(client, user.id, "pay", { deviceId: "phone-1" })).body).toMatchObject({ state: "CHALLENGE_REQUIRED", ruleIds: ["new-device"] });
    expect((await track(client, user.id, "pay", { deviceId: "phone-1", custom: { vouched: true } })).body).toMatchObject({ state: "ALLOW", ruleIds: ["partner-vouched"] });
    expect((await track(client, user.id, "pay", { deviceId: "phone-1" })).body).toMatchObject({ state: "ALLOW", ruleIds: [] });
    expect((await track(client, user.id, "pay", { deviceId: "phone-2" })).body).toMatchObject({ state: "CHALLENGE_REQUIRED", ruleIds: ["new-device"] });
    expect((await track(client, user.id, "pay")).body).toMatchObject({ state: "CHALLENGE_REQUIRED", ruleIds: ["new-device"] });
    expect((await track(client, suspended.id, "pay", { deviceId: "phone-1", custom: { vouched: true } })).body).toMatchObject({ state: "BLOCK", ruleIds: ["suspended"] });
  });
});

describe("track input", () => {
  it("redirectUrl outside the client's registered origins → 400 and nothing stored", async () => {
    const client = await createTestClient({ redirectUris: ["https://bank.example/oauth/callback"] });
    const user = await linkedUser(client);
    for (const redirectUrl of ["https://evil.example/cb", "https://bank.example.evil.example/cb", "http://bank.example/cb", "https://user:pw@bank.example/cb"]) {
      const refused = await track(client, user.id, "signIn", { redirectUrl });
      expect(refused.status, redirectUrl).toBe(400);
      expect(refused.body).toMatchObject({ error: expect.stringMatching(/redirect_url_not_registered|invalid_request/) });
    }
    expect(await db().action.count({ where: { userId: user.id } })).toBe(0);
    // Any path on a registered origin is fine.
    expect((await track(client, user.id, "signIn", { redirectUrl: "https://bank.example/transfers/42?step=done" })).status).toBe(200);
  });

  it("invalid action codes and attributes → 400; a user not linked to the client → 404", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    expect((await track(client, user.id, "bad code!")).status).toBe(400);
    expect((await track(client, user.id, "x".repeat(65))).status).toBe(400);
    expect((await track(client, user.id, "signIn", { ipAddress: "not-an-ip" })).body).toMatchObject({ error: "invalid_request" });
    expect((await track(client, user.id, "signIn", { unknown: 1 })).status).toBe(400);
    expect((await track(client, user.id, "signIn", { custom: { nested: { a: 1 } } })).status).toBe(400);
    const stranger = await createTestUser();
    expect(await track(client, stranger.id, "signIn")).toMatchObject({ status: 404, body: { error: "user_not_found" } });
    expect(await track(client, "not-a-uuid", "signIn")).toMatchObject({ status: 404, body: { error: "user_not_found" } });
    // A user linked through a converted intent counts too.
    await db().userIntent.create({ data: { clientId: client.client_id, userId: stranger.id, status: "converted_to_user", email: "s@example.com", phone: stranger.phone } });
    expect((await track(client, stranger.id, "signIn")).status).toBe(200);
  });

  it("GET of another client's action, or under another user or action code → 404", async () => {
    const [client, other] = [await createTestClient(), await createTestClient()];
    const user = await linkedUser(client);
    await db().consent.create({ data: { userId: user.id, clientId: other.client_id, scopes: ["openid"] } });
    const tracked = await track(client, user.id, "signIn");
    expect((await getAction(client, user.id, "signIn", tracked.body.idempotencyKey)).status).toBe(200);
    expect(await getAction(other, user.id, "signIn", tracked.body.idempotencyKey)).toMatchObject({ status: 404, body: { error: "action_not_found" } });
    expect((await getAction(client, user.id, "withdrawal", tracked.body.idempotencyKey)).status).toBe(404);
    expect((await getAction(client, user.id, "signIn", "nope")).status).toBe(404);
  });

  it("stores only a hash of the token", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const tracked = await track(client, user.id, "signIn");
    const row = await db().action.findUniqueOrThrow({ where: { idempotencyKey: tracked.body.idempotencyKey } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(tracked.body.token.slice(4));
  });
});

describe("challenge → validate", () => {
  it("the action user's passkey answers the hosted challenge → CHALLENGE_SUCCEEDED; validate is single use and per client", async () => {
    const [client, other] = [await createTestClient(), await createTestClient()];
    const user = await linkedUser(client);
    const authenticator = await enrol(user);
    const tracked = await track(client, user.id, "withdrawal", { redirectUrl: `${new URL(client.redirect_uris[0]!).origin}/done` });
    expect(tracked.body).toMatchObject({ state: "CHALLENGE_REQUIRED", isEnrolled: true });

    const result = await answerChallenge(tracked.body.url!, authenticator);
    expect(result.options.allowCredentials.map((c) => c.id)).toEqual([authenticator.credentials[0]!.id]);
    expect(result.status).toBe(200);
    expect(result.body.state).toBe("CHALLENGE_SUCCEEDED");
    const back = new URL(result.body.return_to!);
    expect(back.origin + back.pathname).toBe(`${new URL(client.redirect_uris[0]!).origin}/done`);
    expect(back.searchParams.get("token")).toBe(tracked.body.token);
    expect(back.searchParams.get("state")).toBe("CHALLENGE_SUCCEEDED");

    const record = await getAction(client, user.id, "withdrawal", tracked.body.idempotencyKey);
    expect(record.body).toMatchObject({ state: "CHALLENGE_SUCCEEDED", verificationMethod: "DEVICE", validated: false });

    // Another client presenting the token learns nothing and does not spend it.
    expect((await validate(other, tracked.body.token)).body).toEqual({ isValid: false, state: null, userId: null, action: null, idempotencyKey: null, verificationMethod: null });
    expect((await validate(client, tracked.body.token)).body).toEqual({
      isValid: true,
      state: "CHALLENGE_SUCCEEDED",
      userId: user.id,
      action: "withdrawal",
      idempotencyKey: tracked.body.idempotencyKey,
      verificationMethod: "DEVICE",
    });
    expect((await validate(client, tracked.body.token)).body).toMatchObject({ isValid: false, state: "CHALLENGE_SUCCEEDED" });
    expect((await getAction(client, user.id, "withdrawal", tracked.body.idempotencyKey)).body).toMatchObject({ validated: true });

    // The challenge is over: the page's endpoints refuse the token now.
    const again = await answerChallenge(tracked.body.url!, authenticator).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Error);
    const types = (await db().auditEvent.findMany({ where: { subjectId: (await db().action.findFirstOrThrow({ where: { idempotencyKey: tracked.body.idempotencyKey } })).id }, orderBy: { createdAt: "asc" } })).map((e) => e.type);
    // The other client's attempt is not recorded against this action (it learns nothing of it).
    expect(types).toEqual(["action.tracked", "action.challenge_succeeded", "action.validated", "action.validated"]);
  });

  it("20 concurrent validates of one token → exactly one isValid", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "ALLOW" }, CLI);
    const tracked = await track(client, user.id, "signIn");
    const results = await Promise.all(Array.from({ length: 20 }, () => validate(client, tracked.body.token)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.isValid === true)).toHaveLength(1);
  });

  it("one assertion posted 5 times at once moves the action once", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const authenticator = await enrol(user);
    const tracked = await track(client, user.id, "withdrawal");
    const parsed = new URL(tracked.body.url!);
    const id = parsed.pathname.split("/").pop()!;
    const token = parsed.searchParams.get("token")!;
    const headers = { "Content-Type": "application/json", Origin: BASE_URL };
    const options = (await (await challengeOptionsRoute(apiRequest(`/api/actions/${id}/options`, { method: "POST", headers, body: JSON.stringify({ token }) }), { params: Promise.resolve({ id }) })).json()) as {
      challenge: string;
    };
    const body = JSON.stringify({ token, response: authenticator.assert(options) });
    const results = await Promise.all(Array.from({ length: 5 }, () => challengeVerifyRoute(apiRequest(`/api/actions/${id}/verify`, { method: "POST", headers, body }), { params: Promise.resolve({ id }) }).then((r) => answer(r))));
    expect(results.filter((r) => r.status === 200 && r.body.state === "CHALLENGE_SUCCEEDED")).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(4);
    expect(await db().auditEvent.count({ where: { type: "action.challenge_succeeded", subjectId: id } })).toBe(1);
  });

  it("an expired token does not validate (injected clock)", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "ALLOW" }, CLI);
    const tracked = await track(client, user.id, "signIn");
    const later = new Date(Date.now() + 601_000);
    expect(await validateActionToken({ clientId: client.client_id, token: tracked.body.token, now: later })).toMatchObject({ isValid: false, state: "ALLOW" });
    expect((await validate(client, "tga_" + "A".repeat(43))).body).toMatchObject({ isValid: false, state: null });
    expect((await validate(client, "garbage")).body).toMatchObject({ isValid: false });
  });

  it("a passkey of another user is refused: CHALLENGE_FAILED, audited, and the token never validates", async () => {
    const client = await createTestClient();
    const [alice, mallory] = [await linkedUser(client), await linkedUser(client)];
    await enrol(alice);
    const mallorys = await enrol(mallory);
    const tracked = await track(client, alice.id, "withdrawal");
    const result = await answerChallenge(tracked.body.url!, mallorys);
    expect(result.body).toMatchObject({ state: "CHALLENGE_FAILED", error_code: "webauthn_verification_failed" });
    expect((await getAction(client, alice.id, "withdrawal", tracked.body.idempotencyKey)).body).toMatchObject({ state: "CHALLENGE_FAILED", verificationMethod: null });
    expect((await validate(client, tracked.body.token)).body).toMatchObject({ isValid: false, state: "CHALLENGE_FAILED" });
    expect(await db().auditEvent.count({ where: { type: "action.challenge_failed", userId: alice.id } })).toBe(1);
  });

  it("a device that does not verify the user fails the challenge", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    const authenticator = await enrol(user);
    const tracked = await track(client, user.id, "withdrawal");
    const result = await answerChallenge(tracked.body.url!, authenticator, { userVerified: false });
    expect(result.body).toMatchObject({ state: "CHALLENGE_FAILED", error_code: "webauthn_user_verification_required" });
  });

  it("the page's endpoints need the action's own token and Trustgate's origin", async () => {
    const client = await createTestClient();
    const user = await linkedUser(client);
    await enrol(user);
    const [first, second] = [await track(client, user.id, "withdrawal"), await track(client, user.id, "withdrawal")];
    const firstId = new URL(first.body.url!).pathname.split("/").pop()!;
    const call = (id: string, token: string, origin = BASE_URL) =>
      challengeOptionsRoute(apiRequest(`/api/actions/${id}/options`, { method: "POST", headers: { "Content-Type": "application/json", Origin: origin }, body: JSON.stringify({ token }) }), { params: Promise.resolve({ id }) }).then(
        (r) => answer(r),
      );
    expect(await call(firstId, second.body.token)).toMatchObject({ status: 400, body: { error: "action_challenge_unavailable" } });
    expect((await call(firstId, first.body.token, "https://evil.example")).status).toBe(403);
    expect((await call(firstId, first.body.token)).status).toBe(200);
  });
});

describe("enrolment from a challenge page", () => {
  it("needs the action's own user, signed in strongly within 10 minutes", () => {
    const now = new Date("2026-11-24T09:00:00Z");
    const authTime = now.getTime() / 1000 - 60;
    expect(mayEnrolFromChallenge({ id: "u1", authMethod: "sms_otp", authTime }, "u1", now)).toBe(true);
    expect(mayEnrolFromChallenge({ id: "u2", authMethod: "sms_otp", authTime }, "u1", now)).toBe(false);
    expect(mayEnrolFromChallenge({ id: "u1", authMethod: "trusted_auth", authTime }, "u1", now)).toBe(false);
    expect(mayEnrolFromChallenge({ id: "u1", authMethod: "sms_otp", authTime: authTime - 600 }, "u1", now)).toBe(false);
    expect(mayEnrolFromChallenge(null, "u1", now)).toBe(false);
  });
});

describe("rules storage", () => {
  it("invalid rule JSON is refused with the path of each problem, and nothing is stored", async () => {
    const client = await createTestClient();
    const cases: [unknown, string][] = [
      [{ rules: [{ id: "r", priority: 1, outcome: "MAYBE", conditions: [{ type: "new_device" }] }] }, "rules.0.outcome"],
      [{ rules: [{ id: "r", priority: 1, outcome: "BLOCK", conditions: [] }] }, "rules.0.conditions"],
      [{ rules: [{ id: "r", priority: 1, outcome: "BLOCK", conditions: [{ type: "ip_address", in: ["10.0.0.0/33"] }] }] }, "rules.0.conditions.0.in.0"],
      [{ rules: [{ id: "r", priority: 1, outcome: "BLOCK", conditions: [{ type: "velocity", atLeast: 0, windowSeconds: 60 }] }] }, "rules.0.conditions.0.atLeast"],
      [{ rules: [{ id: "r", priority: 1, outcome: "BLOCK", conditions: [{ type: "custom", key: "a", equals: 1, exists: true }] }] }, "rules.0.conditions.0"],
      [{ rules: [{ id: "r", priority: 1, outcome: "BLOCK", conditions: [{ type: "geo", country: "NZ" }] }] }, "rules.0.conditions.0.type"],
      [
        {
          rules: [
            { id: "r", priority: 1, outcome: "BLOCK", conditions: [{ type: "new_device" }] },
            { id: "r", priority: 2, outcome: "ALLOW", conditions: [{ type: "new_device" }] },
          ],
        },
        "rules.1.id",
      ],
      [{ defaultOutcome: "ALLOW", extra: true }, ""],
    ];
    for (const [input, path] of cases) {
      const error = await errorOf(setRuleSet(client.client_id, "signIn", input, CLI));
      expect(error.code).toBe("action_rules_invalid");
      expect(
        (error.details as { path: string }[]).map((d) => d.path),
        JSON.stringify(input),
      ).toContain(path);
    }
    expect((await errorOf(setRuleSet(client.client_id, "bad code", { rules: [] }, CLI))).code).toBe("action_rules_invalid");
    expect((await errorOf(setRuleSet("no-such-client", "signIn", { rules: [] }, CLI))).code).toBe("client_not_found");
    expect(await listRuleSets(client.client_id)).toEqual([]);
  });

  it("set replaces, list shows, delete removes (audited); deleting twice → not found", async () => {
    const client = await createTestClient();
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "BLOCK" }, CLI);
    await setRuleSet(client.client_id, "signIn", { defaultOutcome: "ALLOW", rules: [{ id: "a", priority: 1, outcome: "BLOCK", conditions: [{ type: "new_device" }] }] }, CLI);
    expect(await listRuleSets(client.client_id)).toMatchObject([{ action: "signIn", ruleSet: { defaultOutcome: "ALLOW", rules: [{ id: "a" }] } }]);
    await deleteRuleSet(client.client_id, "signIn", CLI);
    expect((await errorOf(deleteRuleSet(client.client_id, "signIn", CLI))).code).toBe("action_rules_not_found");
    expect(await db().auditEvent.count({ where: { clientId: client.client_id, type: { in: ["action_rules.updated", "action_rules.deleted"] } } })).toBe(3);
  });
});
