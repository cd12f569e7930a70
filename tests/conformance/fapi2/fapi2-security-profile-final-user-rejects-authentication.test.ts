// fapi2-security-profile-final-user-rejects-authentication — the user denies consent: access_denied comes back with state and iss, and no code.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, issuer, openBrowser, push, signIn } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-user-rejects-authentication", () => {
  it("access_denied", async () => {
    const client = clients()[0]!;
    const { answer, checks } = await push(client);
    const callback = await signIn(session.page, client, answer.body.request_uri as string, "Deny");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(checks.state);
    expect(callback.searchParams.get("iss")).toBe(issuer());
    expect(callback.searchParams.get("code")).toBeNull();
  });
});
