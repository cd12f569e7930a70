// fapi2-security-profile-final-par-ensure-request-uri-is-bound-to-client — a request_uri pushed by one client cannot be used with another client_id.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { authorizeUrl, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-ensure-request-uri-is-bound-to-client", () => {
  it("client two cannot start client one's request", async () => {
    const [one, two] = clients();
    const { answer } = await push(one!);
    const stolen = await fetch(authorizeUrl(two!, answer.body.request_uri as string), { redirect: "manual" });
    expect(stolen.status).toBe(400);
    const owner = await fetch(authorizeUrl(one!, answer.body.request_uri as string), { redirect: "manual" });
    expect(owner.status).toBe(302);
  });
});
