// Where the second-factor ticket lives between the SMS step and the authenticator step: an httpOnly
// cookie of this browser, sent only to next-auth's second-factor callback (Path), never to another
// site (SameSite=Strict), gone with the ticket's lifetime. It is never in a URL, an error string, a
// page or script's reach, so it cannot leak through history, logs or Referer, and a ticket copied
// into another browser's form is ignored: the callback reads the cookie only. The row behind it
// (second_factor_tickets) keeps it single use, 5 tries, 5 minutes (lib/second-factor/second-factor.ts).
import { cookies } from "next/headers";
import { SECOND_FACTOR_TICKET_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";

/** The path of next-auth's "second-factor" credential callback: the only request that carries the cookie. */
export const SECOND_FACTOR_COOKIE_PATH = "/api/auth/callback/second-factor";

export function secondFactorCookieName(): string {
  return `${publicUrl().startsWith("https://") ? "__Secure-" : ""}tg_second_factor`;
}

/** Hands the ticket to this browser (inside next-auth's SMS callback: a route handler may set cookies). */
export async function handTicketToBrowser(ticket: string): Promise<void> {
  (await cookies()).set(secondFactorCookieName(), ticket, {
    httpOnly: true,
    sameSite: "strict",
    secure: publicUrl().startsWith("https://"),
    path: SECOND_FACTOR_COOKIE_PATH,
    maxAge: SECOND_FACTOR_TICKET_TTL_S,
  });
}

/** The ticket this browser holds, or "" (no cookie: another browser, or the step is over). */
export async function ticketOfBrowser(): Promise<string> {
  return (await cookies()).get(secondFactorCookieName())?.value ?? "";
}

/** The step is over (signed in, or the ticket is spent or expired): the browser forgets the ticket. */
export async function forgetTicket(): Promise<void> {
  (await cookies()).delete({ name: secondFactorCookieName(), path: SECOND_FACTOR_COOKIE_PATH });
}
