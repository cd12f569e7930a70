// fapi2-security-profile-final-par-attempt-reuse-request-uri — a request_uri can start one authorization request, never two.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { authorizeUrl, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-attempt-reuse-request-uri", () => {
  it("the second use gets an error page, not the sign-in", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client);
    const first = await fetch(authorizeUrl(client, answer.body.request_uri as string), { redirect: "manual" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toMatch(/^\/login\?rid=/);
    const second = await fetch(authorizeUrl(client, answer.body.request_uri as string), { redirect: "manual" });
    expect(second.status).toBe(400);
    expect(await second.text()).toMatch(/expired|already used/i);
  });
});
