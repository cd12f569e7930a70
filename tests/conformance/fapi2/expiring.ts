// The first half of the two modules that wait out a lifetime (fapi2-security-profile-final-
// attempt-to-use-expired-auth-code: 62 s after the code; -par-attempt-to-use-expired-request-uri:
// the request_uri's expires_in). It runs in the global setup, so the wait passes while the other
// modules run; each module file then waits whatever is left and does the second half.
import { exportJWK, importJWK, type CryptoKey, type JWK } from "jose";
import { launchBrowser } from "../../support/browser";
import type { ConformanceClient } from "./global-setup";
import { newDpopKey, obtainCode, push, type DpopKey } from "./fapi-client";

export interface ExpiringFlows {
  /** A code from a full front channel (PAR with a DPoP proof, sign-in, consent), not redeemed. */
  code: { code: string; verifier: string; dpop: { alg: string; privateJwk: JWK; publicJwk: JWK; jkt: string }; receivedAt: number };
  /** A pushed request whose request_uri was never used. */
  pushed: { requestUri: string; expiresIn: number; pushedAt: number };
}

export async function startExpiringFlows(client: ConformanceClient): Promise<ExpiringFlows> {
  const key = await newDpopKey();
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    const { code, checks } = await obtainCode(page, client, { dpop: key });
    const receivedAt = Date.now();
    const { answer } = await push(client);
    if (answer.status !== 201) throw new Error(`PAR failed: ${JSON.stringify(answer.body)}`);
    const pushedAt = Date.now();
    return {
      code: { code, verifier: checks.verifier, dpop: { alg: key.alg, privateJwk: await exportJWK(key.privateKey), publicJwk: key.publicJwk, jkt: key.jkt }, receivedAt },
      pushed: { requestUri: answer.body.request_uri as string, expiresIn: answer.body.expires_in as number, pushedAt },
    };
  } finally {
    await browser.close();
  }
}

/** The DPoP key the setup's code is bound to, usable again in a test worker. */
export async function dpopKeyOf(saved: ExpiringFlows["code"]["dpop"]): Promise<DpopKey> {
  return { alg: saved.alg, privateKey: (await importJWK(saved.privateJwk, saved.alg)) as CryptoKey, publicJwk: saved.publicJwk, jkt: saved.jkt };
}

/** Waits until `ms` after `since` (epoch ms): the part of a lifetime the other modules did not already use up. */
export async function waitUntilPast(since: number, ms: number): Promise<void> {
  const left = since + ms - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
