// fapi2-security-profile-final-tolerate-unregistered-redirect-uri (registered as …-plain-fapi-tolerate-unregistered-redirect-uri) — the client pushes a redirect_uri it never registered (its registered one with a random path appended, as the suite makes it). RFC 9126 §2.4 lets a server accept it for an authenticated client; Trustgate does not (every redirect_uri is registered, docs/security.md), so the PAR endpoint answers invalid_request — which the module accepts — and nothing ever reaches either redirect URI.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clients, endpoints, push } from "./fapi-client";

describe("fapi2-security-profile-final-tolerate-unregistered-redirect-uri", () => {
  it("the PAR endpoint refuses the unregistered redirect_uri with invalid_request", async () => {
    const client = clients()[0]!;
    const unregistered = `${client.redirect_uri}/callback/${randomBytes(8).toString("hex").slice(0, 10)}`;
    const { answer } = await push(client, { params: { redirect_uri: unregistered } });
    expect(answer.status).toBe(400);
    expect(["invalid_request", "invalid_request_object"]).toContain(answer.body.error);
    expect(answer.body.request_uri).toBeUndefined();
    // And sent straight to the authorization endpoint (no PAR) it is an error page, never a redirect.
    const direct = await fetch(`${endpoints().authorize}?${new URLSearchParams({ client_id: client.client_id, response_type: "code", redirect_uri: unregistered, scope: "openid" })}`, { redirect: "manual" });
    expect(direct.status).toBeGreaterThanOrEqual(400);
    expect(direct.headers.get("location")).toBeNull();
  });
});
