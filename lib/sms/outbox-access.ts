// The development outbox shows every sign-in code: it answers only requests from this machine
// (the client IP the HTTP front determined; behind TRUSTGATE_TRUST_PROXY, the forwarded one).
import { refusedAddressClass } from "@/lib/outbound/ip-ranges";

export function isLoopbackClient(ip: string | null | undefined): boolean {
  if (!ip) return false;
  const bare = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  return refusedAddressClass(bare) === "loopback";
}
