import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { apiRequest, createTestClient } from "../support/fixtures";

let partner: CreatedClient;
const redirectUri = () => partner.redirect_uris[0]!;

beforeAll(async () => {
  partner = await createTestClient();
});

function authorize(query: Record<string, string>) {
  return authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams(query)}`));
}

describe("authorize: where errors may go (RFC 6749 §4.1.2.1)", () => {
  it("shows an error page, never a redirect, for an unknown client", async () => {
    const response = await authorize({ client_id: "nope", redirect_uri: "https://evil.example/cb", response_type: "code" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toContain("Unknown application");
  });

  it("shows an error page for a redirect_uri that is not registered exactly", async () => {
    for (const uri of ["https://evil.example/cb", `${redirectUri()}/extra`, `${redirectUri()}?x=1`, ""]) {
      const response = await authorize({ client_id: partner.client_id, redirect_uri: uri, response_type: "code" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("Invalid redirect address");
    }
  });

  it("escapes what it echoes", async () => {
    const response = await authorize({ client_id: "<script>alert(1)</script>" });
    expect(await response.text()).not.toContain("<script>alert(1)</script>");
  });

  it("redirects other errors to the verified redirect_uri with state", async () => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "token", state: "s1" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri());
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("s1");
  });

  it("answers a valid request with a proper OAuth error until sign-in is enabled", async () => {
    const response = await authorize({ client_id: partner.client_id, redirect_uri: redirectUri(), response_type: "code", state: "xyz" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("temporarily_unavailable");
    expect(location.searchParams.get("state")).toBe("xyz");
  });
});
