// A single-page app on its own origin, as a partner would ship it: a PUBLIC client using
// oauth4webapi in the browser — discovery, authorization code with PKCE and DPoP (RFC 9449: a
// key pair made by WebCrypto in this page, its private half never extractable), the token call
// cross-origin (CORS), userinfo with the DPoP-bound token, then refreshes. The server may demand a
// DPoP nonce (use_dpop_nonce): the app reads DPoP-Nonce through CORS and retries once, as
// oauth4webapi's documentation shows. Results land in window.__spa for the test.
import * as oauth from "./oauth4webapi.js";

const config = JSON.parse(document.getElementById("config").textContent);
const issuer = new URL(config.issuer);
const client = { client_id: config.clientId };
const redirectUri = `${location.origin}/callback`;
const insecure = { [oauth.allowInsecureRequests]: true };
let nonceChallenges = 0;

/** Runs `call` (request + processing); on use_dpop_nonce, once more with the nonce the handler cached. */
async function withNonceRetry(call) {
  try {
    return await call();
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error;
    nonceChallenges += 1;
    return call();
  }
}

/** The OAuth error a refused call ended with (or "accepted" when it was not refused). */
async function refusal(call) {
  try {
    await withNonceRetry(call);
    return "accepted";
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return error.error;
    if (error instanceof oauth.WWWAuthenticateChallengeError) return `${error.response.status} ${error.cause.map((c) => `${c.scheme} ${c.parameters.error ?? ""}`.trim()).join(", ")}`;
    return String(error && (error.message || error));
  }
}

/** IndexedDB keeps CryptoKey objects as they are (structured clone), non-extractable ones included. */
function keyStore(mode, operation) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("spa-dpop", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = operation(open.result.transaction("keys", mode).objectStore("keys"));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    };
  });
}
const saveKeyPair = (keyPair) => keyStore("readwrite", (store) => store.put(keyPair, "dpop"));
const loadKeyPair = () => keyStore("readonly", (store) => store.get("dpop"));

const payloadOf = (jwt) => JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
const headerOf = (jwt) => JSON.parse(atob(jwt.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));

/** A token endpoint call whose raw token_type is kept (oauth4webapi lower-cases it). */
async function tokenCall(request, process) {
  const response = await request();
  const raw = response.ok ? await response.clone().json() : null;
  const tokens = await process(response);
  return { tokens, rawTokenType: raw?.token_type };
}

async function run() {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure, algorithm: "oidc" }));
  if (location.pathname !== "/callback") {
    // The DPoP key pair: WebCrypto, private half not extractable, kept in IndexedDB across the redirect.
    const keyPair = await oauth.generateKeyPair("ES256");
    await saveKeyPair(keyPair);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    sessionStorage.setItem("pkce", JSON.stringify({ verifier, state }));
    const url = new URL(as.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "openid phone offline_access",
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      // RFC 9449 §10: the code is bound to this key too.
      dpop_jkt: await oauth.DPoP(client, keyPair).calculateThumbprint(),
    }).toString();
    location.assign(url);
    return;
  }
  const { verifier, state } = JSON.parse(sessionStorage.getItem("pkce"));
  const keyPair = await loadKeyPair();
  if (keyPair.privateKey.extractable) throw new Error("the DPoP private key is extractable");
  const DPoP = oauth.DPoP(client, keyPair);
  const jkt = await DPoP.calculateThumbprint();
  const withDPoP = { ...insecure, DPoP };

  const params = oauth.validateAuthResponse(as, client, new URL(location.href), state);
  const first = await withNonceRetry(() =>
    tokenCall(
      () => oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, withDPoP),
      (response) => oauth.processAuthorizationCodeResponse(as, client, response, { requireIdToken: true }),
    ),
  );
  const tokens = first.tokens;
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  const userinfo = await withNonceRetry(async () => oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, withDPoP)));
  // The DPoP-bound access token presented as a plain Bearer token (no proof): refused.
  const userinfoAsBearer = await refusal(async () => oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, insecure)));

  // The refresh token is bound to the key: without a proof, or with another key's, it is refused (and stays usable).
  const refreshWithoutProof = await refusal(async () => oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, insecure)));
  const otherKey = oauth.DPoP(client, await oauth.generateKeyPair("ES256"));
  const refreshWithOtherKey = await refusal(async () => oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, { ...insecure, DPoP: otherKey })));
  const second = await withNonceRetry(() =>
    tokenCall(
      () => oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, withDPoP),
      (response) => oauth.processRefreshTokenResponse(as, client, response),
    ),
  );
  const refreshed = second.tokens;
  const refreshedUserinfo = await withNonceRetry(async () => oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, refreshed.access_token, withDPoP)));
  window.__spa = {
    ok: true,
    sub: claims.sub,
    idTokenAlg: headerOf(tokens.id_token).alg,
    phone: userinfo.phone_number,
    tokenType: first.rawTokenType,
    accessTokenBoundToKey: payloadOf(tokens.access_token).cnf?.jkt === jkt,
    userinfoAsBearer,
    refreshWithoutProof,
    refreshWithOtherKey,
    refreshedTokenType: second.rawTokenType,
    refreshedAccessTokenBoundToKey: payloadOf(refreshed.access_token).cnf?.jkt === jkt,
    refreshedUserinfoSub: refreshedUserinfo.sub === claims.sub,
    refreshedAccessToken: refreshed.access_token !== tokens.access_token,
    rotatedRefreshToken: refreshed.refresh_token !== tokens.refresh_token,
    nonceChallenges,
  };
}

run().catch((error) => {
  window.__spa = { ok: false, error: String(error && (error.message || error)), cause: String(error && error.cause && (error.cause.message || JSON.stringify(error.cause))) };
});
