// fapi2-security-profile-final-ensure-authorization-request-with-long-state — a 1000-character state in the pushed request: the server either refuses it with invalid_request or returns it unchanged. Trustgate caps state at 512 characters (lib/authorize/schemas.ts MAX_PARAM), so the PAR endpoint refuses it with invalid_request (PAR §2.3) — the outcome the suite passes with its warning that rejecting long states may hurt interoperability.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { clients, push } from "./fapi-client";

const RFC6749_ERROR_TEXT = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;

describe("fapi2-security-profile-final-ensure-authorization-request-with-long-state", () => {
  it("the PAR endpoint refuses it with invalid_request, no request_uri issued", async () => {
    const state = randomBytes(750).toString("base64url");
    expect(state).toHaveLength(1000);
    const { answer } = await push(clients()[0]!, { params: { state } });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body.error).toBe("invalid_request");
    expect(answer.body.error_description).toMatch(RFC6749_ERROR_TEXT);
    expect(answer.body.request_uri).toBeUndefined();
  });
});
