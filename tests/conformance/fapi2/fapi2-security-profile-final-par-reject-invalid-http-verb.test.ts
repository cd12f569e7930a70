// fapi2-security-profile-final-par-reject-invalid-http-verb — the PAR endpoint answers only POST.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { endpoints } from "./fapi-client";

describe("fapi2-security-profile-final-par-reject-invalid-http-verb", () => {
  it("GET and PUT are refused with 405", async () => {
    for (const method of ["GET", "PUT"]) {
      const response = await fetch(endpoints().par, { method });
      expect(response.status, method).toBe(405);
    }
  });
});
