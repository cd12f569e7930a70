// next-auth credential providers for trusted devices: "passkey" (an assertion JSON for the hosted
// request `rid`) and "trusted-device" (a login request approved elsewhere, redeemed with its secret).
// Errors reach the browser's URL, so only our own error codes pass.
import CredentialsProvider from "next-auth/providers/credentials";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { SignInError } from "@/lib/sign-in/sms-sign-in";
import { signInWithApproval, signInWithPasskey } from "./device-sign-in";
import { clientIpFrom, requestIdFrom } from "@/lib/log/request-context";

const ipOf = (req: { headers?: Record<string, unknown> }) => clientIpFrom(req.headers);
const requestIdOf = (req: { headers?: Record<string, unknown> }) => requestIdFrom(req.headers);

async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ProductError) throw new SignInError(error.code);
    logger.error({ err: error }, `${what} failed`);
    throw new SignInError("server_error");
  }
}

export function deviceSignInProviders() {
  return [
    CredentialsProvider({
      id: "passkey",
      name: "Passkey",
      credentials: { response: { type: "text" }, rid: { type: "hidden" } },
      authorize: (credentials, req) =>
        guarded("passkey sign-in", async () => ({
          ...(await signInWithPasskey({ response: credentials?.response ?? "", rid: credentials?.rid ?? "", ip: ipOf(req), requestId: requestIdOf(req) })),
        })),
    }),
    CredentialsProvider({
      id: "trusted-device",
      name: "Approval from a trusted device",
      credentials: { id: { type: "hidden" }, secret: { type: "hidden" }, rid: { type: "hidden" } },
      authorize: (credentials, req) =>
        guarded("trusted-device sign-in", async () => ({
          ...(await signInWithApproval({ id: credentials?.id ?? "", secret: credentials?.secret ?? "", rid: credentials?.rid ?? "", ip: ipOf(req), requestId: requestIdOf(req) })),
        })),
    }),
  ];
}
