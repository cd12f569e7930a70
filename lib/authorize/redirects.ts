// Answers to the partner's redirect_uri (RFC 6749 §4.1.2, §4.1.2.1) with `iss` (RFC 9207).
import { publicUrl } from "@/lib/config/settings";
import { wireDescription } from "@/lib/errors/body";

export function successRedirect(redirectUri: string, code: string, state: string | null): string {
  const url = new URL(redirectUri);
  url.searchParams.set("code", code);
  if (state !== null) url.searchParams.set("state", state);
  url.searchParams.set("iss", publicUrl());
  return url.toString();
}

export function errorRedirect(redirectUri: string, error: string, description: string, state: string | null): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", wireDescription(description));
  if (state !== null) url.searchParams.set("state", state);
  url.searchParams.set("iss", publicUrl());
  return url.toString();
}
