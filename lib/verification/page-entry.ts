// What a /verify/* page does with its query: `?rid=` continues a stored request (authorize flow
// or standalone link); `?client_id=&redirect_uri=[&state=]` starts a standalone one, then the flow
// signs the user in if needed and comes back (through /login/continue) to the form.
import type { VerificationKind } from "@/lib/db/generated/enums";
import type { SessionUser } from "@/lib/sessions/current-session";
import { startStandaloneVerification } from "./start-verification";
import { verificationPageState, type VerificationPageState } from "./verification-step";

export type VerifyPageEntry = VerificationPageState | { kind: "error_page"; title: string; message: string };

export type SearchParams = Record<string, string | string[] | undefined>;

export function toQuery(params: SearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, item);
  }
  return query;
}

export async function verifyPageEntry(form: VerificationKind, params: SearchParams, session: () => Promise<SessionUser | null>): Promise<VerifyPageEntry> {
  const query = toQuery(params);
  const rid = query.get("rid");
  if (rid !== null && !query.has("client_id")) return verificationPageState(form, rid, await session());
  const started = await startStandaloneVerification(form, query);
  if (started.kind === "error_page") return started;
  return { kind: "go", location: `/login/continue?rid=${encodeURIComponent(started.requestId)}` };
}
