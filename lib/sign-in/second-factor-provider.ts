// The "second-factor" credential: redeems the ticket from a right SMS code — read from this
// browser's httpOnly cookie, never from the form (lib/sign-in/second-factor-cookie.ts) — together
// with an authenticator or recovery code (lib/second-factor/second-factor.ts). Only this step
// creates the session of a user who has an authenticator app.
import CredentialsProvider from "next-auth/providers/credentials";
import { redeemSecondFactor, SecondFactorError } from "@/lib/second-factor/second-factor";
import { logger } from "@/lib/log/logger";
import { SignInError } from "./sms-sign-in";
import { forgetTicket, ticketOfBrowser } from "./second-factor-cookie";
import { clientIpFrom } from "@/lib/log/request-context";

export function secondFactorProvider() {
  return CredentialsProvider({
    id: "second-factor",
    name: "Authenticator or recovery code",
    credentials: { method: { type: "hidden" }, code: { type: "text" } },
    async authorize(credentials, req) {
      const ip = clientIpFrom(req.headers);
      try {
        const user = await redeemSecondFactor({
          ticket: await ticketOfBrowser(),
          method: credentials?.method === "recovery_code" ? "recovery_code" : "totp",
          code: credentials?.code ?? "",
          ip,
        });
        await forgetTicket();
        return user;
      } catch (error) {
        if (error instanceof SecondFactorError) {
          // Spent, expired or out of tries: nothing left for this browser to present.
          if (error.reason === "second_factor_expired") await forgetTicket();
          throw new SignInError(error.reason);
        }
        logger.error({ err: error }, "second-factor sign-in failed");
        throw new SignInError("server_error");
      }
    },
  });
}
