// What the hosted sign-in pages show, read in one place (pages never query the database).
import { brandingOf, type ClientBranding } from "@/lib/clients/branding/branding";
import { sql } from "@/lib/db";
import { passkeyAutofillOptions } from "@/lib/devices/device-sign-in";
import { maskPhone } from "@/lib/phone/normalize";
import { loadAuthorizationRequestForPage, type AuthorizationRequest, type PagePartner } from "./authorization-request";
import { SCOPE_DESCRIPTIONS, type Scope } from "./scopes";
import { scopeSet } from "@/lib/oauth/scopes";

export interface SignInPageModel {
  request: AuthorizationRequest;
  /** The partner's display name (or its name). */
  clientName: string;
  brand: ClientBranding | null;
  /** Prefilled phone (editable unless locked). */
  phone: string | null;
  phoneLocked: boolean;
  /** When the partner named the user: the masked phone the code goes to. */
  expectedPhoneMasked: string | null;
  scopes: { scope: string; description: string }[];
}

export async function signInPageModel(requestId: string | undefined): Promise<SignInPageModel | null> {
  // One statement: the request, the partner's name and branding, the named user's phone.
  const loaded = requestId ? await loadAuthorizationRequestForPage(requestId) : null;
  if (!loaded) return null;
  const { request, partner, expectedPhone } = loaded;
  const brand = partner ? brandingOf(partner) : null;
  return {
    request,
    clientName: brand?.name ?? "the application",
    brand,
    phone: request.phone,
    phoneLocked: request.phoneReadOnly,
    expectedPhoneMasked: expectedPhone ? maskPhone(expectedPhone) : null,
    scopes: scopeSet(request.scope).map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope as Scope] ?? scope })),
  };
}

/** A sign-in that already ended (answered, or past its life): where the user can go back to. */
export interface EndedSignIn {
  clientName: string;
  brand: ClientBranding | null;
  /** The partner's site: the origin of the registered redirect_uri (null for app schemes). */
  returnTo: string | null;
  answered: boolean;
}

/** For Back after authorizing, or an old tab: who the partner was and a safe way back to it. */
export async function endedSignIn(requestId: string | undefined): Promise<EndedSignIn | null> {
  if (!requestId || !/^[A-Za-z0-9_-]{16,64}$/.test(requestId)) return null;
  // One statement: the request's partner (with its branding) and whether it was answered.
  const [request] = await sql<{ redirectUri: string; completedAt: Date | null; partner: PagePartner | null }>(
    `SELECT r.redirect_uri AS "redirectUri", r.completed_at AS "completedAt",
       CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'displayName', c.display_name, 'logoHash', c.logo_hash,
         'accentColor', c.accent_color, 'policyUri', c.policy_uri, 'tosUri', c.tos_uri) END AS partner
     FROM authorization_requests r LEFT JOIN clients c ON c.id = r.client_id WHERE r.id = $1`,
    [requestId],
  );
  if (!request) return null;
  const brand = request.partner ? brandingOf(request.partner) : null;
  let returnTo: string | null = null;
  try {
    // Only the origin: never the redirect_uri itself (a link without a code would look like an error to the partner).
    const { origin, protocol } = new URL(request.redirectUri);
    if (protocol === "https:" || protocol === "http:") returnTo = origin;
  } catch {
    returnTo = null;
  }
  return { clientName: brand?.name ?? "the application", brand, returnTo, answered: request.completedAt !== null };
}

/** The phone page: its model and the passkey-autofill challenge it hands the browser (lib/devices/device-sign-in.ts). */
export async function phonePageModel(requestId: string | undefined, ip: string) {
  const model = await signInPageModel(requestId);
  if (!model) return null;
  return { ...model, passkeyAutofill: await passkeyAutofillOptions(model.request, ip) };
}
