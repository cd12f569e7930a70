/**
 * next-auth carries sign-in errors as strings, and puts them into a URL: a right SMS code that still
 * needs the authenticator app answers exactly this. The ticket itself travels in an httpOnly cookie
 * (lib/sign-in/second-factor-cookie.ts), never in the error.
 */
export const SECOND_FACTOR_REQUIRED = "second_factor";
