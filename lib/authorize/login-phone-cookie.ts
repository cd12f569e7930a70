/** Carries the phone a code was sent to from the phone page to the code page (httpOnly, 15 min). */
export const LOGIN_PHONE_COOKIE = "tg_login_phone";
