// THE second-factor ticket cookie: where the ticket of a right SMS code waits for the authenticator
// step (the code form's server action hands it over, the second-factor action redeems it). One
// cookie for every path that issues a ticket: httpOnly (no script reads it), SameSite=Strict (no
// other site's form carries it), `__Host-` behind HTTPS (Secure, Path=/, no Domain: no subdomain can
// set or shadow it), gone after the ticket's own lifetime. It is never in a URL, an error string, a
// page or a form field, so it cannot leak through history, logs or Referer, and a ticket copied into
// another browser's form is ignored: the action reads this cookie only. The row behind it
// (second_factor_tickets) keeps it single use, 5 tries, 5 minutes (lib/second-factor/second-factor.ts).
import { cookies } from "next/headers";
import { SECOND_FACTOR_TICKET_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";

const secure = () => publicUrl().startsWith("https://");

export function secondFactorCookieName(): string {
  return `${secure() ? "__Host-" : ""}tg_second_factor`;
}

/** The attributes of the ticket cookie (`__Host-` requires Secure and Path=/). */
export function secondFactorCookieOptions() {
  return { httpOnly: true, sameSite: "strict", secure: secure(), path: "/", maxAge: SECOND_FACTOR_TICKET_TTL_S } as const;
}

/** Hands the ticket to this browser (a server action or route handler may set cookies). */
export async function handTicketToBrowser(ticket: string): Promise<void> {
  (await cookies()).set(secondFactorCookieName(), ticket, secondFactorCookieOptions());
}

/** The ticket this browser holds, or "" (no cookie: another browser, or the step is over). */
export async function ticketOfBrowser(): Promise<string> {
  return (await cookies()).get(secondFactorCookieName())?.value ?? "";
}

/** The step is over (signed in, or the ticket is spent or expired): the browser forgets the ticket. */
export async function forgetTicket(): Promise<void> {
  const { httpOnly, sameSite, secure, path } = secondFactorCookieOptions();
  (await cookies()).delete({ name: secondFactorCookieName(), httpOnly, sameSite, secure, path });
}
