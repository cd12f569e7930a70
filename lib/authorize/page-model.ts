// What the hosted sign-in pages show, read in one place (pages never query the database).
import { db } from "@/lib/db";
import { maskPhone } from "@/lib/phone/normalize";
import { loadAuthorizationRequest, type AuthorizationRequest } from "./authorization-request";
import { SCOPE_DESCRIPTIONS, type Scope } from "./scopes";
import { scopeSet } from "@/lib/oauth/scopes";

export interface SignInPageModel {
  request: AuthorizationRequest;
  clientName: string;
  /** Prefilled phone (editable unless locked). */
  phone: string | null;
  phoneLocked: boolean;
  /** When the partner named the user: the masked phone the code goes to. */
  expectedPhoneMasked: string | null;
  scopes: { scope: string; description: string }[];
}

export async function signInPageModel(requestId: string | undefined): Promise<SignInPageModel | null> {
  const request = requestId ? await loadAuthorizationRequest(requestId) : null;
  if (!request) return null;
  const client = await db().client.findUnique({ where: { id: request.clientId }, select: { name: true } });
  const expected = request.expectedUserId ? await db().user.findUnique({ where: { id: request.expectedUserId }, select: { phone: true } }) : null;
  return {
    request,
    clientName: client?.name ?? "the application",
    phone: request.phone,
    phoneLocked: request.phoneReadOnly,
    expectedPhoneMasked: expected ? maskPhone(expected.phone) : null,
    scopes: scopeSet(request.scope).map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope as Scope] ?? scope })),
  };
}
