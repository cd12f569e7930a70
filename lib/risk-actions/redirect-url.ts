// Where the hosted challenge page may send the user back: only to an origin the partner registered
// (the origin of one of its OAuth redirect URIs) — never an open redirect.
import { ProductError } from "@/lib/errors/product";

export function assertRegisteredOrigin(redirectUrl: string, registeredRedirectUris: string[]): string {
  let origin: string;
  try {
    const url = new URL(redirectUrl);
    if (url.username || url.password) throw new Error("credentials in URL");
    origin = url.origin;
  } catch {
    throw new ProductError("redirect_url_not_registered");
  }
  const allowed = registeredRedirectUris.some((uri) => {
    try {
      return new URL(uri).origin === origin;
    } catch {
      return false;
    }
  });
  if (!allowed) throw new ProductError("redirect_url_not_registered");
  return redirectUrl;
}

/** redirectUrl with the action's token and outcome appended (the partner validates the token). */
export function returnUrl(redirectUrl: string, params: { token: string; state: string; idempotencyKey: string }): string {
  const url = new URL(redirectUrl);
  url.searchParams.set("token", params.token);
  url.searchParams.set("state", params.state);
  url.searchParams.set("idempotencyKey", params.idempotencyKey);
  return url.toString();
}
