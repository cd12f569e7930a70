// The cookies of the phone step (path /login, httpOnly, SameSite=Lax, Secure behind HTTPS): the
// number a code was sent to, carried to the code page, and a refused number kept to be shown again
// next to its error. Never in a URL. (The second-factor ticket has its own: lib/sign-in/second-factor-cookie.ts.)
import { LOGIN_PHONE_COOKIE_TTL_S, LOGIN_PHONE_DRAFT_COOKIE_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";

/** Carries the phone a code was sent to from the phone page to the code page. */
export const LOGIN_PHONE_COOKIE = "tg_login_phone";
/** What the user typed on the phone page when it was refused, shown again next to the error. */
export const LOGIN_PHONE_DRAFT_COOKIE = "tg_login_phone_draft";

const LOGIN_COOKIE_PATH = "/login";

function attributes(maxAge: number) {
  return { httpOnly: true, sameSite: "lax", secure: publicUrl().startsWith("https://"), path: LOGIN_COOKIE_PATH, maxAge } as const;
}

/** Name, value and attributes for Next's cookies().set: the phone a code went to. */
export function loginPhoneCookie(phone: string) {
  return { name: LOGIN_PHONE_COOKIE, value: phone, ...attributes(LOGIN_PHONE_COOKIE_TTL_S) };
}

/** The refused number as typed (capped), for the phone page to show again. */
export function loginPhoneDraftCookie(typed: string) {
  return { name: LOGIN_PHONE_DRAFT_COOKIE, value: typed.slice(0, 40), ...attributes(LOGIN_PHONE_DRAFT_COOKIE_TTL_S) };
}

/** For cookies().delete: the draft is spent once a code went out. */
export const LOGIN_PHONE_DRAFT_REMOVAL = { name: LOGIN_PHONE_DRAFT_COOKIE, path: LOGIN_COOKIE_PATH } as const;
