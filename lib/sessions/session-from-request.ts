// The signed-in end user of a route handler's Request, read from next-auth's session cookie
// directly (currentSessionUser() needs Next's request scope; this works on any Request).
import { getToken } from "next-auth/jwt";
import { publicUrl } from "@/lib/config/settings";
import type { SessionUser } from "./auth-options";
import { sessionSecret } from "./session-secret";

function cookiesOf(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const raw = part.slice(index + 1).trim();
    try {
      cookies.set(part.slice(0, index).trim(), decodeURIComponent(raw));
    } catch {
      cookies.set(part.slice(0, index).trim(), raw);
    }
  }
  return cookies;
}

export async function sessionFromRequest(req: Request): Promise<SessionUser | null> {
  const token = await getToken({
    req: { cookies: cookiesOf(req), headers: req.headers } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: sessionSecret(),
    secureCookie: publicUrl().startsWith("https://"),
  }).catch(() => null);
  if (!token?.sub || typeof token.phone !== "string" || typeof token.authMethod !== "string" || typeof token.authTime !== "number") return null;
  return { id: token.sub, phone: token.phone, authMethod: token.authMethod as SessionUser["authMethod"], authTime: token.authTime };
}
