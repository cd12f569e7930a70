// The authenticator's notion of "now": TOTP steps and challenge expiry. Tests move it instead of
// waiting (a 5-minute challenge life or a 30-second step cannot be slept through in a test).
let override: (() => number) | null = null;

/** Milliseconds since the epoch. */
export function authenticatorNow(): number {
  return override ? override() : Date.now();
}

/** Replaces the clock (tests only); `null` restores the system clock. */
export function setAuthenticatorClock(clock: (() => number) | null): void {
  override = clock;
}
