// The FAPI 2.0 conformance modules share one production server (started once, like the OpenID
// Foundation suite tests one deployment) and two FAPI 2.0 clients registered through the CLI with
// private_key_jwt (ES256) and the fapi2 switch. The lead may fold this into the `conformance`
// project's shared globalSetup (issue 17a); the provided values are all a module needs.
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { TestProject } from "vitest/node";
import { runCli, startServer, type RunningServer } from "../../support/server";
import type { ExpiringFlows } from "./expiring";

export interface ConformanceClient {
  client_id: string;
  redirect_uri: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

declare module "vitest" {
  export interface ProvidedContext {
    fapi2: { url: string; dataDir: string; clients: ConformanceClient[]; expiring?: ExpiringFlows };
  }
}

let server: RunningServer | undefined;

async function registerFapiClient(name: string, url: string, dataDir: string): Promise<ConformanceClient> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `${name.toLowerCase().replace(/\W+/g, "-")}-key`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "ES256" };
  const redirectUri = `${url}/demo/callback`;
  const created = await runCli(["client", "create", "--name", name, "--redirect-uri", redirectUri, "--token-endpoint-auth-method", "private_key_jwt", "--jwks", JSON.stringify({ keys: [publicJwk] }), "--fapi2", "on", "--json"], {
    TRUSTGATE_DATA_DIR: dataDir,
  });
  if (created.code !== 0) throw new Error(`client create failed: ${created.stderr}`);
  const client = JSON.parse(created.stdout) as { client_id: string; fapi2: boolean; token_endpoint_auth_method: string };
  if (!client.fapi2 || client.token_endpoint_auth_method !== "private_key_jwt") throw new Error(`client create did not set the FAPI 2.0 profile: ${created.stdout}`);
  return { client_id: client.client_id, redirect_uri: redirectUri, privateJwk, publicJwk };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await startServer();
  const clients = [await registerFapiClient("FAPI Bank One", server.url, server.dataDir), await registerFapiClient("FAPI Bank Two", server.url, server.dataDir)];
  // Two modules wait out a lifetime of at most 60 s (a request_uri's, an authorization code's): their
  // first half runs here, so the wait passes while the other modules run instead of adding to them.
  const { nameServer } = await import("./fapi-client");
  const { startExpiringFlows } = await import("./expiring");
  nameServer({ url: server.url, dataDir: server.dataDir, clients });
  const expiring = await startExpiringFlows(clients[0]!).catch(async (error: unknown) => {
    await server?.stop();
    throw error;
  });
  project.provide("fapi2", { url: server.url, dataDir: server.dataDir, clients, expiring });
  return async () => {
    await server?.stop();
  };
}
