// The "second-factor" credential: redeems the ticket from a right SMS code together with an
// authenticator or recovery code (lib/authenticator/second-factor.ts). Only this step creates the
// session of a user who has an authenticator app.
import CredentialsProvider from "next-auth/providers/credentials";
import { redeemSecondFactor, SecondFactorError } from "@/lib/second-factor/second-factor";
import { logger } from "@/lib/log/logger";
import { SignInError } from "./sms-sign-in";
import { clientIpFrom } from "@/lib/log/request-context";

export function secondFactorProvider() {
  return CredentialsProvider({
    id: "second-factor",
    name: "Authenticator or recovery code",
    credentials: { ticket: { type: "hidden" }, method: { type: "hidden" }, code: { type: "text" } },
    async authorize(credentials, req) {
      const ip = clientIpFrom(req.headers);
      try {
        return await redeemSecondFactor({
          ticket: credentials?.ticket ?? "",
          method: credentials?.method === "recovery_code" ? "recovery_code" : "totp",
          code: credentials?.code ?? "",
          ip,
        });
      } catch (error) {
        if (error instanceof SecondFactorError) throw new SignInError(error.reason);
        logger.error({ err: error }, "second-factor sign-in failed");
        throw new SignInError("server_error");
      }
    },
  });
}
