// GET /admin/login/totp — step 2: the authenticator code; on the first sign-in, enrol the
// authenticator first (QR code and manual key), confirmed by its first code.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { AdminTotpForm } from "@/components/admin/AdminTotpForm";
import { ADMIN_TICKET_COOKIE, findLoginTicket } from "@/lib/admin/login-ticket";
import { pendingEnrolment } from "@/lib/admin/sign-in";
import { adminTotpUri, totpQrDataUrl } from "@/lib/admin/totp";

export const metadata = { title: "Admin sign-in" };

export default async function AdminTotpPage() {
  const token = (await cookies()).get(ADMIN_TICKET_COOKIE)?.value;
  const ticket = await findLoginTicket(token);
  if (!ticket) redirect("/admin/login?error=expired");
  const enrolment = await pendingEnrolment(token);
  if (!enrolment) {
    return (
      <PageShell>
        <Card>
          <h1 className="text-2xl font-bold">Enter your authenticator code</h1>
          <p className="mt-2 text-slate-700">Open your authenticator app and enter the 6-digit code for Trustgate Admin.</p>
          <AdminTotpForm submitLabel="Sign in" />
        </Card>
      </PageShell>
    );
  }
  const qr = await totpQrDataUrl(adminTotpUri(enrolment.email, enrolment.secret));
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Set up your authenticator</h1>
        <p className="mt-2 text-slate-700">Admins sign in with a second factor. Scan this code with an authenticator app, then enter the code it shows.</p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated per request */}
        <img src={qr} alt="QR code to add Trustgate Admin to an authenticator app" width={220} height={220} className="mx-auto mt-4" />
        <p className="mt-4 text-sm text-slate-700">
          Cannot scan? Enter this key manually:{" "}
          <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 font-mono">
            {enrolment.secret}
          </code>
        </p>
        <AdminTotpForm submitLabel="Confirm and sign in" />
      </Card>
    </PageShell>
  );
}
