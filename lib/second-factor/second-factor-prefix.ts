/** next-auth carries sign-in errors as strings: a right SMS code that still needs a second factor answers `second_factor:<ticket>`. */
export const SECOND_FACTOR_PREFIX = "second_factor:";
