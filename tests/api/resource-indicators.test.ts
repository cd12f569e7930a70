// Resource indicators (RFC 8707) and the access token audience (RFC 9068 §3): a client asks for a
// token meant for one of its registered resources; anything else is invalid_target; without a
// resource the token is for Trustgate's own APIs, which keep accepting exactly those.
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as userRoute } from "@/app/v1/user/route";
import { GET as intentsRoute } from "@/app/v1/user_intent/route";
import { checkAuthorizeRequest } from "@/lib/authorize/check-authorize-request";
import type { CreatedClient } from "@/lib/clients/create-client";
import { updateClientStandards } from "@/lib/clients/update-standards";
import { db } from "@/lib/db";
import { apiRequest, BASE_URL, basicAuth, createTestClient } from "../support/fixtures";
import { createTestUser, introspect, mintCode, pkcePair, type TestUser } from "../support/oauth-fixtures";

const PAYMENTS = "https://payments.partner.example/api";
const LEDGER = "https://ledger.partner.example";

let partner: CreatedClient;
let user: TestUser;

beforeAll(async () => {
  partner = await createTestClient();
  await updateClientStandards(partner.client_id, { resources: [PAYMENTS, LEDGER] }, { type: "cli" });
  user = await createTestUser();
});

/** A token request with any number of `resource` parameters (RFC 8707 §2 allows repeats). */
async function token(form: [string, string][], client = partner) {
  const response = await tokenRoute(
    apiRequest("/v1/oauth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(client.client_id, client.client_secret!) },
      body: new URLSearchParams(form).toString(),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const bearer = (path: string, value: string) => apiRequest(path, { headers: { Authorization: `Bearer ${value}` } });

async function codeFor(resources: string[]) {
  const { verifier, challenge } = pkcePair();
  const code = await mintCode(partner, user, { challenge, scope: "openid phone", resources });
  return { code, verifier };
}

describe("client_credentials with resource (RFC 8707 §2.2)", () => {
  it("a registered resource becomes the token's aud; the token is not accepted by Trustgate's partner APIs, but introspects", async () => {
    const { status, body } = await token([
      ["grant_type", "client_credentials"],
      ["resource", PAYMENTS],
    ]);
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token!).aud).toBe(PAYMENTS);
    expect((await intentsRoute(bearer("/v1/user_intent", body.access_token!))).status).toBe(401);
    const described = await introspect(partner, body.access_token!);
    expect(described.body).toMatchObject({ active: true, aud: PAYMENTS });
  });

  it("several resources give an aud array; the issuer among them keeps Trustgate's APIs open to it", async () => {
    const { body } = await token([
      ["grant_type", "client_credentials"],
      ["resource", PAYMENTS],
      ["resource", BASE_URL],
    ]);
    expect(decodeJwt(body.access_token!).aud).toEqual([PAYMENTS, BASE_URL]);
    expect((await intentsRoute(bearer("/v1/user_intent", body.access_token!))).status).toBe(200);
  });

  it("without resource the audience is Trustgate itself, which its partner APIs accept", async () => {
    const { body } = await token([["grant_type", "client_credentials"]]);
    expect(decodeJwt(body.access_token!).aud).toBe(BASE_URL);
    expect((await intentsRoute(bearer("/v1/user_intent", body.access_token!))).status).toBe(200);
  });

  it.each([
    ["an unregistered resource", "https://elsewhere.example/api"],
    ["another partner's registration", "https://payments.partner.example/api/other"],
    ["a relative URI", "/api"],
    ["a URI with a fragment", `${PAYMENTS}#frag`],
    ["a non-ASCII URI, not reflected", "https://café.example/ä"],
  ])("refuses %s with invalid_target and issues nothing", async (_label, resource) => {
    const before = await db().accessToken.count();
    const { status, body } = await token([
      ["grant_type", "client_credentials"],
      ["resource", resource],
    ]);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_target");
    expect(body.error_description).not.toContain(resource);
    expect(body.error_description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/);
    expect(await db().accessToken.count()).toBe(before);
  });
});

describe("authorization_code and refresh_token with resource", () => {
  it("a code granted for a resource gives a token for it; Trustgate's user APIs refuse that token", async () => {
    const { code, verifier } = await codeFor([PAYMENTS]);
    const { status, body } = await token([
      ["grant_type", "authorization_code"],
      ["code", code],
      ["redirect_uri", partner.redirect_uris[0]!],
      ["code_verifier", verifier],
    ]);
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token!).aud).toBe(PAYMENTS);
    expect((await userRoute(bearer("/v1/user", body.access_token!))).status).toBe(401);
    expect((await userinfoRoute(bearer("/v1/oauth/userinfo", body.access_token!))).status).toBe(401);
    // The ID token's audience is the client, whatever the resource (OpenID Connect Core §2).
    expect(decodeJwt(body.id_token!).aud).toBe(partner.client_id);

    // The refresh token keeps the grant's resources; a refresh may narrow to one of them, not widen.
    const refreshed = await token([
      ["grant_type", "refresh_token"],
      ["refresh_token", body.refresh_token!],
    ]);
    expect(decodeJwt(refreshed.body.access_token!).aud).toBe(PAYMENTS);
    const widened = await token([
      ["grant_type", "refresh_token"],
      ["refresh_token", refreshed.body.refresh_token!],
      ["resource", LEDGER],
    ]);
    expect(widened.body.error).toBe("invalid_target");
  });

  it("a code granted without resources may be redeemed for any registered resource, or for Trustgate by default", async () => {
    const first = await codeFor([]);
    const plain = await token([
      ["grant_type", "authorization_code"],
      ["code", first.code],
      ["redirect_uri", partner.redirect_uris[0]!],
      ["code_verifier", first.verifier],
    ]);
    expect(decodeJwt(plain.body.access_token!).aud).toBe(BASE_URL);
    expect((await userRoute(bearer("/v1/user", plain.body.access_token!))).status).toBe(200);
    const narrowed = await token([
      ["grant_type", "refresh_token"],
      ["refresh_token", plain.body.refresh_token!],
      ["resource", LEDGER],
    ]);
    expect(narrowed.status).toBe(200);
    expect(decodeJwt(narrowed.body.access_token!).aud).toBe(LEDGER);
  });
});

describe("resource on the authorization request", () => {
  const query = (extra: [string, string][]) => {
    const { challenge } = pkcePair();
    return new URLSearchParams([
      ["client_id", partner.client_id],
      ["redirect_uri", partner.redirect_uris[0]!],
      ["response_type", "code"],
      ["scope", "openid"],
      ["state", "s1"],
      ["code_challenge", challenge],
      ["code_challenge_method", "S256"],
      ...extra,
    ]);
  };

  it("stores registered resources with the request", async () => {
    const outcome = await checkAuthorizeRequest(
      query([
        ["resource", PAYMENTS],
        ["resource", LEDGER],
      ]),
    );
    expect(outcome.kind).toBe("started");
    const stored = await db().authorizationRequest.findUniqueOrThrow({ where: { id: (outcome as { requestId: string }).requestId } });
    expect(stored.resources).toEqual([PAYMENTS, LEDGER]);
  });

  it("redirects an unregistered resource back with invalid_target, state and iss", async () => {
    const outcome = await checkAuthorizeRequest(query([["resource", "https://elsewhere.example"]]));
    expect(outcome.kind).toBe("redirect");
    const location = new URL((outcome as { location: string }).location);
    expect(location.searchParams.get("error")).toBe("invalid_target");
    expect(location.searchParams.get("state")).toBe("s1");
    expect(location.searchParams.get("iss")).toBe(BASE_URL);
  });
});

describe("client registration of resources", () => {
  it("refuses a resource with a fragment or that is not an absolute URI", async () => {
    await expect(updateClientStandards(partner.client_id, { resources: ["https://x.example/#a"] }, { type: "cli" })).rejects.toThrow();
    await expect(updateClientStandards(partner.client_id, { resources: ["not a uri"] }, { type: "cli" })).rejects.toThrow();
  });

  it("new clients sign ID tokens with RS256; a client may choose ES256 (audited)", async () => {
    const client = await createTestClient();
    expect(client.id_token_signed_response_alg).toBe("RS256");
    const updated = await updateClientStandards(client.client_id, { idTokenSignedResponseAlg: "ES256" }, { type: "cli" });
    expect(updated.id_token_signed_response_alg).toBe("ES256");
    expect(await db().auditEvent.count({ where: { type: "client.updated", clientId: client.client_id } })).toBe(1);
  });
});
