// fapi2-security-profile-final-ensure-registered-redirect-uri — a redirect_uri that is not registered for the client is refused at PAR (and would get an error page at authorize, never a redirect).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-registered-redirect-uri", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { redirect_uri: "https://attacker.example/cb" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
