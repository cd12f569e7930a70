// A single-page app on its own origin, as a partner would ship it: a PUBLIC client using
// oauth4webapi in the browser — discovery, authorization code with PKCE, the token call
// cross-origin (CORS), userinfo, then a refresh. Results land in window.__spa for the test.
import * as oauth from "./oauth4webapi.js";

const config = JSON.parse(document.getElementById("config").textContent);
const issuer = new URL(config.issuer);
const client = { client_id: config.clientId };
const redirectUri = `${location.origin}/callback`;
const insecure = { [oauth.allowInsecureRequests]: true };
// DPoP hook (issue 17b): set window.__spaDPoP to oauth.DPoP(client, keyPair) to bind the tokens.
const withDPoP = () => (window.__spaDPoP ? { ...insecure, DPoP: window.__spaDPoP } : insecure);

async function run() {
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure, algorithm: "oidc" }));
  if (location.pathname !== "/callback") {
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
    }).toString();
    location.assign(url);
    return;
  }
  const { verifier, state } = JSON.parse(sessionStorage.getItem("pkce"));
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, withDPoP());
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  const userinfo = await oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, withDPoP()));
  const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, withDPoP()));
  window.__spa = {
    ok: true,
    sub: claims.sub,
    idTokenAlg: JSON.parse(atob(tokens.id_token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).alg,
    phone: userinfo.phone_number,
    refreshedAccessToken: refreshed.access_token !== tokens.access_token,
    rotatedRefreshToken: refreshed.refresh_token !== tokens.refresh_token,
  };
}

run().catch((error) => {
  window.__spa = { ok: false, error: String(error && (error.message || error)), cause: String(error && error.cause && (error.cause.message || JSON.stringify(error.cause))) };
});
