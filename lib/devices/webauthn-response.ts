// Reads the challenge out of a browser's clientDataJSON, so the stored challenge can be found and
// consumed before the response is verified (the verification then checks it again, signed).
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { ProductError } from "@/lib/errors/product";

export function challengeOf(clientDataJSON: string): string {
  try {
    const data = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON)) as { challenge?: unknown };
    if (typeof data.challenge === "string") return data.challenge;
  } catch {
    /* malformed */
  }
  throw new ProductError("webauthn_verification_failed", "clientDataJSON is malformed");
}

/** The challenge string we stored, as the bytes WebAuthn signs (so options carry it verbatim). */
export function challengeBytes(challenge: string): Uint8Array<ArrayBuffer> {
  return isoBase64URL.toBuffer(challenge) as Uint8Array<ArrayBuffer>;
}
