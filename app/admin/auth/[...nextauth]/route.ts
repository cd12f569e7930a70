// /admin/auth/* — the admin next-auth instance (CSRF token, TOTP credential callback, session,
// sign-out). Separate from /api/auth (end users): own secret, own cookies scoped to /admin.
import NextAuth from "next-auth";
import { adminAuthOptions } from "@/lib/admin/auth-options";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: Context) {
  return NextAuth(req as never, context as never, adminAuthOptions());
}

export { handler as GET, handler as POST };
