// GET /account/approve — on a trusted device: list pending sign-in requests and approve or reject
// them with this device's passkey (no session needed: the passkey says who you are).
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { SignInRequests } from "@/components/devices/SignInRequests";

export const metadata = { title: "Sign-in requests" };

export default function ApprovePage() {
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Sign-in requests</h1>
        <p className="mt-2 text-slate-700">Someone is signing in to your account on another device? Check here, compare the number with the other screen, and approve it with this device’s fingerprint, face or PIN.</p>
        <div className="mt-6">
          <SignInRequests />
        </div>
      </Card>
    </PageShell>
  );
}
