/** Carries the phone a code was sent to from the phone page to the code page (httpOnly, 15 min). */
export const LOGIN_PHONE_COOKIE = "tg_login_phone";
/** What the user typed on the phone page when it was refused, shown again next to the error (httpOnly, 5 min). */
export const LOGIN_PHONE_DRAFT_COOKIE = "tg_login_phone_draft";
/** The second-factor ticket of a code posted without JavaScript (httpOnly, path /login, 5 minutes). */
export const LOGIN_TICKET_COOKIE = "tg_login_ticket";
