// Trustgate ops CLI: npm run trustgate -- <command> [options] [--json]
// On the embedded database it works through a running server's socket, or opens the data
// directory itself (under the same lock) when no server runs.
import { setLogoutSettings } from "@/lib/clients/logout-settings";
import "./lib/production-env";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { createAdmin } from "@/lib/admin/create-admin";
import { resetAdminTotpByEmail } from "@/lib/admin/manage-admins";
import { removeUserAuthenticatorApp } from "@/lib/second-factor/remove-user-app";
import { createClient } from "@/lib/clients/create-client";
import { listClients } from "@/lib/clients/list-clients";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { rotateSigningSecret } from "@/lib/clients/signing-secret";
import { CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { setSandboxAutoApprove } from "@/lib/clients/update-client";
import { setClientBranding, type BrandingInput } from "@/lib/clients/branding/branding";
import { updateClientStandards } from "@/lib/clients/update-standards";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { disconnectDb } from "@/lib/db";
import { DataDirLockedError } from "@/lib/db/lock";
import { OAuthError } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { describeZodError } from "@/lib/errors/zod";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { rotateSigningKey } from "@/lib/keys/signing-keys";
import { bootDatabase } from "@/lib/server/boot";
import { setUserStatus } from "@/lib/users/set-user-status";
import { decidePhoneChange, listPhoneChanges } from "@/lib/phone-changes/decide-phone-change";
import { phoneChangeStatusSchema } from "@/lib/phone-changes/schemas";
import { rotateWebhookSecret, setWebhookUrl } from "@/lib/webhooks/configure";
import { listDevicesForAdmin, revokeDeviceAsAdmin } from "@/lib/devices/manage-devices";
import { readFileSync } from "node:fs";
import { oauthProfileProblem, TOKEN_ENDPOINT_AUTH_METHODS, updateOAuthProfile, type OAuthProfile, type OAuthProfileInput, type TokenEndpointAuthMethod } from "@/lib/clients/update-oauth-profile";
import { deleteRuleSet, listRuleSets, setRuleSet } from "@/lib/risk-actions/rule-store";
import { takeBackup } from "@/lib/backup/take-backup";
import { RestoreRefused, restoreIntoDataDir, restoreIntoPostgres } from "@/lib/backup/restore-backup";
import { dataDir, usesExternalDatabase } from "@/lib/config/settings";
import { displayValue, ENVIRONMENT, environmentProblems } from "@/lib/config/environment";
import { formatDoctorReport, runDoctor, type DoctorReport } from "@/lib/doctor/run-doctor";

process.env.LOG_LEVEL ??= "warn";
process.env.LOG_DESTINATION = "stderr";

const USAGE = `Usage: npm run trustgate -- <command> [options] [--json]

Commands:
  client create --name NAME --redirect-uri URI [--redirect-uri URI2 …] [--public] [--workspace WORKSPACE_ID] [OAUTH PROFILE FLAGS]
      [--post-logout-redirect-uri URI …] [--backchannel-logout-uri URL]
      [--resource URI …] [--id-token-alg RS256|ES256]   (RFC 8707 resources; ID token algorithm, default RS256)
  client list
  client rotate-secret CLIENT_ID [--grace]   (--grace: the old secret keeps working for 24 hours)
  client rotate-signing-secret CLIENT_ID
  client update CLIENT_ID --sandbox on|off      (sandbox: new user intents are approved at once)
  client update CLIENT_ID --trusted-auth on|off --customer-api-url URL [--customer-api-header "Name: value"]
      (trusted authentication: Trustgate calls GET URL/v1/customers/{customer_id}; "" removes the header)
  client update CLIENT_ID --webhook-url URL|none [--rotate-webhook-secret]
  client update CLIENT_ID OAUTH PROFILE FLAGS, which are:
      --token-endpoint-auth-method client_secret_basic|client_secret_post|private_key_jwt|default
      --jwks '{"keys":[…]}'|@FILE|none   --jwks-uri URL|none   (public keys for private_key_jwt)
      --require-par on|off   (authorization requests only through POST /v1/oauth/par)
      --fapi2 on|off         (FAPI 2.0 Security Profile: PAR, PKCE, private_key_jwt, DPoP-bound tokens)
  client update CLIENT_ID --resource URI [--resource URI2 …] | --resource none   (the resources it may ask tokens for)
  client update CLIENT_ID --id-token-alg RS256|ES256
      (a new signing secret is printed once: when the first URL is set, and on rotation)
  client update CLIENT_ID [--post-logout-redirect-uri URI|none …] [--backchannel-logout-uri URL|none]
      (OpenID Connect RP-Initiated Logout: where /v1/oauth/logout may return to; Back-Channel Logout receiver)
  client update CLIENT_ID [--display-name NAME|none] [--logo FILE|none] [--accent '#rrggbb'|none] [--policy-uri URL|none] [--tos-uri URL|none]
      (branding of the hosted pages: logo PNG, JPEG or WebP ≤ 100 KB and ≤ 1024 px, never SVG; the accent needs 4.5:1 contrast with the page background #f8fafc)
  phone-change list [--status pending|approved|rejected]
  phone-change approve|reject REQUEST_ID --reason REASON
  intent set-status INTENT_ID STATUS --reason REASON
  user set-status USER_ID STATUS --reason REASON
      STATUS: approved, pending, retry, document, rejected, suspended (allowed changes only)
  user remove-authenticator USER_ID --reason REASON   (lost app and recovery codes: SMS alone signs in again)
  admin create --email EMAIL --password PASSWORD [--role admin|reviewer]
  admin reset-totp --email EMAIL               (ends their sessions; they enrol a new authenticator at next sign-in)
  keys rotate                                  (new ES256 and RS256 signing keys; the old ones stay published 7 days)
  device list USER_ID                          (trusted devices, revoked and flagged ones included)
  device revoke USER_ID DEVICE_ID [--reason REASON]   (also revokes the tokens signed in through it)
  rules list CLIENT_ID                         (risk-action rules of a client, per action)
  rules set CLIENT_ID ACTION (--file rules.json | 'JSON')   (replaces that action's rules; see README)
  rules delete CLIENT_ID ACTION                (the action falls back to the default: CHALLENGE)
  backup --out FILE                            (consistent snapshot while the server runs, through it; mode 0600)
  restore --from FILE                          (into an empty data directory, or an empty DATABASE_URL database)
  doctor                                       (effective configuration, secrets redacted; checks database, keys, SMS, partner URLs)

Options:
  --json   print the result as JSON on stdout
  --help   show this help`;

class UsageError extends Error {}

/** The OAuth profile flags of client create|update (lib/clients/update-oauth-profile.ts), or null when none is given. */
function oauthProfileFlags(values: { "token-endpoint-auth-method"?: string; jwks?: string; "jwks-uri"?: string; "require-par"?: string; fapi2?: string }): OAuthProfileInput | null {
  const onOff = (value: string | undefined, flag: string) => {
    if (value !== undefined && value !== "on" && value !== "off") throw new UsageError(`${flag} must be on or off`);
    return value === undefined ? undefined : value === "on";
  };
  const input: OAuthProfileInput = {};
  const method = values["token-endpoint-auth-method"];
  if (method !== undefined) {
    if (method !== "default" && !(TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(method)) {
      throw new UsageError(`--token-endpoint-auth-method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(", ")} or default`);
    }
    input.tokenEndpointAuthMethod = method === "default" ? null : (method as TokenEndpointAuthMethod);
  }
  if (values.jwks !== undefined) {
    if (values.jwks === "none") input.jwks = null;
    else {
      const text = values.jwks.startsWith("@") ? readFileSync(values.jwks.slice(1), "utf8") : values.jwks;
      try {
        input.jwks = JSON.parse(text);
      } catch {
        throw new UsageError("--jwks must be a JWK Set as JSON, @FILE or none");
      }
    }
  }
  if (values["jwks-uri"] !== undefined) input.jwksUri = values["jwks-uri"] === "none" ? null : values["jwks-uri"];
  const par = onOff(values["require-par"], "--require-par");
  if (par !== undefined) input.requirePushedAuthorizationRequests = par;
  const fapi2 = onOff(values.fapi2, "--fapi2");
  if (fapi2 !== undefined) input.fapi2 = fapi2;
  return Object.keys(input).length ? input : null;
}

/** The branding flags of client update ("none" removes a setting), or null when none is given. */
function brandingFlags(values: { "display-name"?: string; logo?: string; accent?: string; "policy-uri"?: string; "tos-uri"?: string }): BrandingInput | null {
  const text = (value: string | undefined) => (value === undefined ? undefined : value === "none" ? null : value);
  const input: BrandingInput = {};
  if (values["display-name"] !== undefined) input.displayName = text(values["display-name"]);
  if (values.accent !== undefined) input.accentColor = text(values.accent);
  if (values["policy-uri"] !== undefined) input.policyUri = text(values["policy-uri"]);
  if (values["tos-uri"] !== undefined) input.tosUri = text(values["tos-uri"]);
  if (values.logo !== undefined) {
    if (values.logo === "none") input.logo = null;
    else {
      try {
        input.logo = new Uint8Array(readFileSync(values.logo));
      } catch {
        throw new UsageError(`--logo: cannot read ${values.logo}`);
      }
    }
  }
  return Object.keys(input).length ? input : null;
}

function idTokenAlg(value: string): "RS256" | "ES256" {
  if (value !== "RS256" && value !== "ES256") throw new UsageError("--id-token-alg must be RS256 or ES256");
  return value;
}

const CLI = { type: "cli" } as const;

/** The embedded database's generated secret goes into a backup; one the operator sets does not. */
let backupSecret: string | null = null;

type Output = { json: unknown; text: string };

async function run(argv: string[]): Promise<Output> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      "backchannel-logout-uri": { type: "string" },
      resource: { type: "string", multiple: true },
      "id-token-alg": { type: "string" },
      public: { type: "boolean" },
      grace: { type: "boolean" },
      workspace: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      reason: { type: "string" },
      sandbox: { type: "string" },
      "trusted-auth": { type: "string" },
      "customer-api-url": { type: "string" },
      "customer-api-header": { type: "string" },
      "webhook-url": { type: "string" },
      "rotate-webhook-secret": { type: "boolean" },
      "display-name": { type: "string" },
      logo: { type: "string" },
      accent: { type: "string" },
      "policy-uri": { type: "string" },
      "tos-uri": { type: "string" },
      "token-endpoint-auth-method": { type: "string" },
      jwks: { type: "string" },
      "jwks-uri": { type: "string" },
      "require-par": { type: "string" },
      fapi2: { type: "string" },
      status: { type: "string" },
      file: { type: "string" },
      out: { type: "string" },
      from: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [group, action, ...rest] = positionals;
  const command = `${group ?? ""} ${action ?? ""}`.trim();
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new UsageError(`${command} needs ${flag}`);
    return value;
  };

  switch (command) {
    case "client create": {
      // Checked before the client exists, so a mistake in them creates nothing.
      const profile = oauthProfileFlags(values);
      const type = values.public ? "public" : "confidential";
      const problem =
        profile && oauthProfileProblem({ type, tokenEndpointAuthMethod: profile.tokenEndpointAuthMethod ?? null, jwks: (profile.jwks ?? null) as never, jwksUri: profile.jwksUri ?? null, fapi2: profile.fapi2 ?? false });
      if (problem) throw new UsageError(problem);
      let created: Awaited<ReturnType<typeof createClient>> & Partial<OAuthProfile> = await createClient(
        {
          name: need(values.name, "--name"),
          redirectUris: values["redirect-uri"] ?? [],
          type,
          workspaceId: values.workspace,
          resources: values.resource ?? [],
          ...(values["id-token-alg"] ? { idTokenSignedResponseAlg: idTokenAlg(values["id-token-alg"]) } : {}),
        },
        CLI,
      );
      const postLogout = values["post-logout-redirect-uri"];
      const backchannel = values["backchannel-logout-uri"];
      if (postLogout !== undefined || backchannel !== undefined) {
        Object.assign(created, await setLogoutSettings(created.client_id, { postLogoutRedirectUris: postLogout, backchannelLogoutUri: backchannel }, CLI));
      }
      if (profile) created = { ...created, ...(await updateOAuthProfile(created.client_id, profile, CLI)) };
      const secretLine = created.client_secret ? `client_secret: ${created.client_secret}   (shown only now; store it safely)` : "public client: no secret (PKCE required)";
      return {
        json: created,
        text: `Created client "${created.name}"\nclient_id:     ${created.client_id}\n${secretLine}\nsigning_secret: ${created.signing_secret}   (verifies webhooks and callbacks; shown only now)\nworkspace_id:  ${created.workspace_id}\nproject_id:    ${created.project_id}`,
      };
    }
    case "client list": {
      const clients = await listClients();
      const text = clients.length
        ? clients.map((c) => `${c.client_id}  ${c.type.padEnd(12)}  ${c.name}${c.demo ? " (demo)" : ""}  ${c.redirect_uris.join(", ")}`).join("\n")
        : "No clients yet. Create one with: npm run trustgate -- client create --name NAME --redirect-uri URI";
      return { json: clients, text };
    }
    case "client rotate-secret": {
      const id = rest[0] ?? positionals[2];
      if (!id) throw new UsageError("client rotate-secret needs CLIENT_ID");
      const rotated = await rotateClientSecret(id, CLI, { graceS: values.grace ? CLIENT_SECRET_ROTATION_GRACE_S : 0 });
      const previous = rotated.previous_secret_valid_until ? `The previous secret keeps working until ${rotated.previous_secret_valid_until.toISOString()}.` : "The previous secret no longer works.";
      return { json: rotated, text: `New client_secret for ${rotated.client_id}: ${rotated.client_secret}\n${previous}` };
    }
    case "client rotate-signing-secret": {
      const id = rest[0] ?? positionals[2];
      if (!id) throw new UsageError("client rotate-signing-secret needs CLIENT_ID");
      const rotated = await rotateSigningSecret(id, CLI);
      return { json: rotated, text: `New signing_secret for ${rotated.client_id}: ${rotated.signing_secret}   (shown only now; webhooks and callbacks from now on are signed with it)` };
    }
    case "client update": {
      const id = rest[0];
      if (!id) throw new UsageError("client update needs CLIENT_ID");
      const onOff = (value: string | undefined, flag: string) => {
        if (value !== undefined && value !== "on" && value !== "off") throw new UsageError(`${flag} must be on or off`);
        return value === undefined ? undefined : value === "on";
      };
      const sandbox = onOff(values.sandbox, "--sandbox");
      const trustedAuth = onOff(values["trusted-auth"], "--trusted-auth");
      const customerApiUrl = values["customer-api-url"];
      const customerApiHeader = values["customer-api-header"];
      const { "webhook-url": webhookUrl, "rotate-webhook-secret": rotate } = values;
      const touchesTrustedAuth = trustedAuth !== undefined || customerApiUrl !== undefined || customerApiHeader !== undefined;
      const postLogout = values["post-logout-redirect-uri"];
      const backchannel = values["backchannel-logout-uri"];
      const touchesLogout = postLogout !== undefined || backchannel !== undefined;
      const profile = oauthProfileFlags(values);
      const touchesStandards = values.resource !== undefined || values["id-token-alg"] !== undefined;
      const branding = brandingFlags(values);
      if (sandbox === undefined && !touchesTrustedAuth && webhookUrl === undefined && !rotate && !touchesLogout && !profile && !touchesStandards && !branding) {
        throw new UsageError(
          'client update needs --sandbox on|off, --trusted-auth on|off [--customer-api-url URL] [--customer-api-header "Name: value"], --webhook-url URL|none, --rotate-webhook-secret, --resource URI|none, --id-token-alg RS256|ES256, logout, OAuth profile or branding flags',
        );
      }
      const json: Record<string, unknown> = { client_id: id };
      const lines: string[] = [];
      // Branding is checked (logo bytes, contrast, links) before anything else is written.
      if (branding) {
        const updated = await setClientBranding(id, branding, CLI);
        Object.assign(json, updated);
        lines.push(
          `Branding of ${id}: display name ${updated.display_name ?? "(the client's name)"}; logo ${updated.logo_uri ?? "(none)"}; accent ${updated.accent_color ?? "(Trustgate's)"}; policy ${updated.policy_uri ?? "(none)"}; terms ${updated.tos_uri ?? "(none)"}`,
        );
      }
      // Trusted-auth settings are validated first: a refused URL leaves the other settings untouched too.
      if (touchesTrustedAuth) {
        const updated = await updateTrustedAuth(id, { enabled: trustedAuth, customerApiUrl, customerApiHeader }, CLI);
        Object.assign(json, updated);
        lines.push(`Trusted authentication for ${updated.client_id}: ${updated.trusted_auth_enabled ? "on" : "off"}; customer API: ${updated.customer_api_url ?? "(none)"}; header: ${updated.customer_api_header_name ?? "(none)"}`);
      }
      if (touchesStandards) {
        const resources = values.resource === undefined ? undefined : values.resource.includes("none") ? [] : values.resource;
        const alg = values["id-token-alg"] === undefined ? undefined : idTokenAlg(values["id-token-alg"]);
        const updated = await updateClientStandards(id, { resources, idTokenSignedResponseAlg: alg }, CLI);
        Object.assign(json, updated);
        lines.push(`Resources for ${id}: ${updated.resources.length ? updated.resources.join(", ") : "(none: tokens are for Trustgate's own APIs)"}; ID tokens signed with ${updated.id_token_signed_response_alg}`);
      }
      if (sandbox !== undefined) {
        const updated = await setSandboxAutoApprove(id, sandbox, CLI);
        json.sandbox_auto_approve = updated.sandbox_auto_approve;
        lines.push(`Sandbox auto-approve for ${updated.client_id}: ${updated.sandbox_auto_approve ? "on (new user intents are approved at once)" : "off"}`);
      }
      if (webhookUrl !== undefined) {
        const updated = await setWebhookUrl(id, webhookUrl === "none" ? null : webhookUrl, CLI);
        Object.assign(json, updated);
        lines.push(updated.webhook_url ? `Webhook URL for ${id}: ${updated.webhook_url}` : `Webhook URL for ${id} removed: no more webhooks are queued for it`);
        if (updated.webhook_secret) lines.push(`webhook signing secret: ${updated.webhook_secret}   (shown only now; store it safely)`);
      }
      if (touchesLogout) {
        const updated = await setLogoutSettings(
          id,
          { postLogoutRedirectUris: postLogout === undefined ? undefined : postLogout.filter((uri) => uri !== "none"), backchannelLogoutUri: backchannel === undefined ? undefined : backchannel === "none" ? null : backchannel },
          CLI,
        );
        Object.assign(json, updated);
        lines.push(`Logout for ${id}: post-logout redirect URIs: ${updated.post_logout_redirect_uris.join(", ") || "(none)"}; back-channel logout URI: ${updated.backchannel_logout_uri ?? "(none)"}`);
      }
      if (profile) {
        const updated = await updateOAuthProfile(id, profile, CLI);
        Object.assign(json, updated);
        lines.push(
          `OAuth profile of ${id}: token_endpoint_auth_method ${updated.token_endpoint_auth_method}; keys: ${updated.jwks_uri ?? (updated.jwks ? "inline jwks" : "(none)")}; PAR required: ${updated.require_pushed_authorization_requests ? "yes" : "no"}; FAPI 2.0: ${updated.fapi2 ? "on" : "off"}`,
        );
      }
      if (rotate) {
        const rotated = await rotateWebhookSecret(id, CLI);
        Object.assign(json, rotated);
        lines.push(`New signing secret for ${id}: ${rotated.signing_secret}   (shown only now; the previous one no longer signs)`);
      }
      return { json, text: lines.join("\n") };
    }
    case "phone-change list": {
      const status = values.status === undefined ? "pending" : phoneChangeStatusSchema.parse(values.status);
      const requests = await listPhoneChanges(status);
      const text = requests.length ? requests.map((r) => `${r.id}  ${r.status.padEnd(8)}  user ${r.user_id}  ${r.old_phone} → ${r.new_phone}  ${r.created_at}`).join("\n") : `No ${status} phone change requests.`;
      return { json: requests, text };
    }
    case "phone-change approve":
    case "phone-change reject": {
      const id = rest[0];
      if (!id) throw new UsageError(`${command} needs REQUEST_ID`);
      const decided = await decidePhoneChange(id, action === "approve" ? "approve" : "reject", need(values.reason, "--reason REASON"), { actor: CLI });
      return { json: decided, text: `Phone change ${decided.id} ${decided.status}${decided.status === "approved" ? `: user ${decided.user_id} now has ${decided.new_phone}` : ""} (${decided.decision_reason})` };
    }
    case "intent set-status":
    case "user set-status": {
      const [id, status] = rest;
      if (!id || !status) throw new UsageError(`${command} needs ${group === "intent" ? "INTENT_ID" : "USER_ID"} and STATUS`);
      const reason = need(values.reason, "--reason REASON");
      const changed = group === "intent" ? await setUserIntentStatus(id, status, reason, CLI) : await setUserStatus(id, status, reason, CLI);
      return { json: changed, text: `${group === "intent" ? "User intent" : "User"} ${id}: ${changed.from} → ${changed.to} (${changed.reason})` };
    }
    case "user remove-authenticator": {
      const id = rest[0];
      if (!id) throw new UsageError("user remove-authenticator needs USER_ID");
      const removed = await removeUserAuthenticatorApp(id, need(values.reason, "--reason REASON"), CLI);
      return { json: removed, text: removed.removed ? `Removed the authenticator app and recovery codes of user ${id}` : `User ${id} has no authenticator app` };
    }
    case "admin create": {
      const role = values.role ?? "admin";
      if (role !== "admin" && role !== "reviewer") throw new UsageError("--role must be admin or reviewer");
      const admin = await createAdmin({ email: need(values.email, "--email"), password: need(values.password, "--password"), role }, CLI);
      return { json: admin, text: `Created ${admin.role} ${admin.email} (${admin.id})` };
    }
    case "admin reset-totp": {
      const reset = await resetAdminTotpByEmail(need(values.email, "--email"), CLI);
      return { json: reset, text: `Authenticator of ${reset.email} reset; they enrol a new one at their next sign-in.` };
    }
    case "keys rotate": {
      const rotated = await rotateSigningKey(CLI);
      return { json: rotated, text: `New active signing keys: ES256 ${rotated.kids.ES256}, RS256 ${rotated.kids.RS256}; retired: ${rotated.retired.join(", ") || "none"}` };
    }
    case "device list": {
      const userId = need(rest[0], "USER_ID");
      const devices = await listDevicesForAdmin(userId);
      const state = (d: (typeof devices)[number]) => (d.revokedAt ? "revoked" : d.flaggedAt ? "FLAGGED" : "active");
      const text = devices.length ? devices.map((d) => `${d.id}  ${state(d).padEnd(8)}  ${d.name}  last used ${d.lastUsedAt?.toISOString() ?? "never"}`).join("\n") : "No trusted devices.";
      return { json: devices, text };
    }
    case "device revoke": {
      const [userId, deviceId] = rest;
      if (!userId || !deviceId) throw new UsageError("device revoke needs USER_ID and DEVICE_ID");
      const revoked = await revokeDeviceAsAdmin({ userId, deviceId, actor: CLI, reason: values.reason ?? "cli" });
      return { json: revoked, text: `Revoked ${revoked.device.name} (${deviceId}); tokens revoked: ${revoked.revoked.refresh_tokens} refresh, ${revoked.revoked.access_tokens} access` };
    }
    case "rules list": {
      const sets = await listRuleSets(need(rest[0], "CLIENT_ID"));
      const text = sets.length
        ? sets.map((set) => `${set.action}: default ${set.ruleSet.defaultOutcome ?? "CHALLENGE"}, ${set.ruleSet.rules.length} rule(s)\n${JSON.stringify(set.ruleSet, null, 2)}`).join("\n")
        : "No rules: every action uses the default outcome (CHALLENGE).";
      return { json: sets.map((set) => ({ client_id: set.clientId, action: set.action, rules: set.ruleSet, updated_at: set.updatedAt.toISOString() })), text };
    }
    case "rules set": {
      const [clientId, actionCode, inline] = rest;
      if (!clientId || !actionCode) throw new UsageError("rules set needs CLIENT_ID and ACTION");
      if (Boolean(values.file) === Boolean(inline)) throw new UsageError("rules set needs either --file FILE or inline JSON");
      const text = values.file ? readFileSync(values.file, "utf8") : inline!;
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        throw new ProductError("action_rules_invalid", "The rules are not valid JSON");
      }
      const saved = await setRuleSet(clientId, actionCode, input, CLI);
      return {
        json: { client_id: saved.clientId, action: saved.action, rules: saved.ruleSet, updated_at: saved.updatedAt.toISOString() },
        text: `Rules for ${saved.action} on ${saved.clientId}: ${saved.ruleSet.rules.length} rule(s), default ${saved.ruleSet.defaultOutcome ?? "CHALLENGE"}`,
      };
    }
    case "rules delete": {
      const [clientId, actionCode] = rest;
      if (!clientId || !actionCode) throw new UsageError("rules delete needs CLIENT_ID and ACTION");
      await deleteRuleSet(clientId, actionCode, CLI);
      return { json: { client_id: clientId, action: actionCode, deleted: true }, text: `Deleted the rules for ${actionCode} on ${clientId}` };
    }
    case "backup": {
      const out = need(values.out, "--out FILE");
      const summary = await takeBackup({ url: process.env.DATABASE_URL!, out, source: process.env.TRUSTGATE_DB_MODE === "embedded" ? "embedded" : "postgres", secret: backupSecret });
      const keep = summary.secretIncluded
        ? "It includes this data directory's generated TRUSTGATE_SECRET: keep the file as safe as the database itself."
        : "TRUSTGATE_SECRET is NOT in it: keep that secret with the backup, or the signing keys and other secrets cannot be decrypted.";
      return { json: summary, text: `Backup written to ${summary.file}: ${summary.rows} rows in ${summary.tables} tables (${summary.bytes} bytes, schema at ${summary.migrations} migrations).\n${keep}` };
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : "No command given");
  }
}

async function restore(argv: string[], asJson: boolean): Promise<number> {
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { from: { type: "string" }, json: { type: "boolean" } } });
  if (!values.from) throw new UsageError("restore needs --from FILE");
  const target = usesExternalDatabase() ? "the database at DATABASE_URL" : dataDir();
  const summary = usesExternalDatabase() ? await restoreIntoPostgres(values.from, process.env.DATABASE_URL!) : await restoreIntoDataDir(values.from, dataDir());
  const secret = summary.secretRestored ? "The data directory's TRUSTGATE_SECRET was restored with it." : "Start Trustgate with the TRUSTGATE_SECRET this backup was taken with.";
  console.log(asJson ? JSON.stringify(summary, null, 2) : `Restored ${summary.rows} rows in ${summary.tables} tables (snapshot of ${summary.createdAt}) into ${target}.\n${secret}`);
  return 0;
}

/** doctor reports even when the database cannot be opened: that is then its finding. */
async function doctor(asJson: boolean): Promise<number> {
  let report: DoctorReport;
  let booted: Awaited<ReturnType<typeof bootDatabase>> | null = null;
  try {
    booted = await bootDatabase("tool");
    report = await runDoctor({ mode: booted.database.mode, viaServer: !booted.database.ownsEmbedded });
  } catch (error) {
    const problems = environmentProblems();
    report = {
      configuration: Object.keys(ENVIRONMENT).map((name) => ({ name, value: displayValue(name, process.env[name]) })),
      checks: [
        { name: "environment", verdict: problems.length ? "fail" : "ok", detail: problems.length ? problems.join("; ") : "valid" },
        { name: "database", verdict: "fail", detail: `cannot open: ${error instanceof Error ? error.message : String(error)}` },
      ],
      ok: false,
    };
  } finally {
    await disconnectDb().catch(() => {});
    await booted?.database.close();
  }
  console.log(asJson ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
  return report.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const asJson = argv.includes("--json");
  if (argv.length === 0 || argv.includes("--help")) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const fail = (error: string, description: string, code: number) => {
    if (asJson) console.error(JSON.stringify({ error, error_description: description }));
    else console.error(`Error: ${description}`);
    return code;
  };
  let booted: Awaited<ReturnType<typeof bootDatabase>> | null = null;
  try {
    // Parse before touching the database so usage errors are instant.
    const early = parseArgs({ args: argv, allowPositionals: true, strict: false });
    // restore creates the database: it must not be opened (and migrated) like for other commands.
    if (early.positionals[0] === "restore") return await restore(argv, asJson);
    if (early.positionals[0] === "doctor") return await doctor(asJson);
    const secretFromEnv = Boolean(process.env.TRUSTGATE_SECRET);
    booted = await bootDatabase("tool");
    if (!secretFromEnv && booted.database.mode === "embedded") backupSecret = process.env.TRUSTGATE_SECRET ?? null;
    const output = await run(argv);
    console.log(asJson ? JSON.stringify(output.json, null, 2) : output.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      return fail("usage", `${error.message}\n\n${USAGE}`, 2);
    }
    if (error instanceof ProductError || error instanceof OAuthError) return fail(error instanceof ProductError ? error.code : error.error, error.description, 1);
    if (error instanceof ZodError) return fail("invalid_input", describeZodError(error).description, 1);
    if (error instanceof DataDirLockedError) return fail("database_locked", error.message, 1);
    if (error instanceof RestoreRefused) return fail("restore_refused", error.message, 1);
    return fail("error", error instanceof Error ? error.message : String(error), 1);
  } finally {
    await disconnectDb().catch(() => {});
    await booted?.database.close();
  }
}

process.exit(await main());
