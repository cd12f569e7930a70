// second-factor-ticket-one-cookie: the ticket of a right SMS code waits in ONE cookie, whichever
// way the code was posted (lib/sign-in/second-factor-cookie.ts): httpOnly, SameSite=Strict, the
// ticket's own lifetime, and behind HTTPS `__Host-` (Secure, Path=/, no Domain) so no subdomain can
// plant or shadow it. The browser side (never in a URL or page, useless in another browser, gone
// once spent or expired) is tests/e2e/authenticator-app.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { SECOND_FACTOR_TICKET_TTL_S } from "@/lib/config/limits";
import { secondFactorCookieName, secondFactorCookieOptions } from "@/lib/sign-in/second-factor-cookie";
import { loginPhoneCookie, loginPhoneDraftCookie } from "@/lib/authorize/login-phone-cookie";

const original = process.env.TRUSTGATE_URL;
afterEach(() => {
  if (original === undefined) delete process.env.TRUSTGATE_URL;
  else process.env.TRUSTGATE_URL = original;
});

describe("the second-factor ticket cookie", () => {
  it("behind HTTPS: __Host-tg_second_factor, Secure, Path=/, httpOnly, SameSite=Strict, the ticket's lifetime", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    expect(secondFactorCookieName()).toBe("__Host-tg_second_factor");
    expect(secondFactorCookieOptions()).toEqual({ httpOnly: true, sameSite: "strict", secure: true, path: "/", maxAge: SECOND_FACTOR_TICKET_TTL_S });
    expect(secondFactorCookieOptions()).not.toHaveProperty("domain");
  });

  it("on plain http (development): no prefix (browsers refuse __Host- without Secure), same attributes otherwise", () => {
    process.env.TRUSTGATE_URL = "http://localhost:3000";
    expect(secondFactorCookieName()).toBe("tg_second_factor");
    expect(secondFactorCookieOptions()).toEqual({ httpOnly: true, sameSite: "strict", secure: false, path: "/", maxAge: SECOND_FACTOR_TICKET_TTL_S });
  });

  it("the ticket lives no longer than the ticket row: 5 minutes", () => {
    expect(SECOND_FACTOR_TICKET_TTL_S).toBe(300);
  });
});

describe("the phone step's cookies", () => {
  it("the phone and a refused draft: httpOnly, Lax, path /login, Secure behind HTTPS, the draft capped", () => {
    process.env.TRUSTGATE_URL = "https://login.example.com";
    expect(loginPhoneCookie("+14155550100")).toMatchObject({ name: "tg_login_phone", value: "+14155550100", httpOnly: true, sameSite: "lax", secure: true, path: "/login", maxAge: 900 });
    const draft = loginPhoneDraftCookie("x".repeat(100));
    expect(draft).toMatchObject({ name: "tg_login_phone_draft", httpOnly: true, path: "/login", maxAge: 300 });
    expect(draft.value).toHaveLength(40);
  });
});
