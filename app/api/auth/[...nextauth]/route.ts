// /api/auth/* — next-auth (end-user sessions: CSRF token, credential callbacks, session, sign-out).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/sign-in/auth-options";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: Context) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
