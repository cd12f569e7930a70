// GET /admin/login — admin sign-in, step 1: email and password.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { Alert } from "@/components/login/Alert";
import { adminLoginError } from "@/components/admin/messages";
import { adminButton, adminInput, adminLabel } from "@/components/admin/ui";
import { adminPasswordAction } from "./actions";

export const metadata = { title: "Admin sign-in" };

type Search = Promise<Record<string, string | undefined>>;

export default async function AdminLoginPage({ searchParams }: { searchParams: Search }) {
  const { error, expired } = await searchParams;
  const message = adminLoginError(error);
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Admin sign-in</h1>
        {expired ? (
          <div className="mt-4">
            <Alert tone="info">Your session ended. Sign in again.</Alert>
          </div>
        ) : null}
        {message ? (
          <div className="mt-4">
            <Alert id="login-error">{message}</Alert>
          </div>
        ) : null}
        <form action={adminPasswordAction} className="mt-6 space-y-4">
          <div>
            <label htmlFor="email" className={adminLabel}>
              Email
            </label>
            <input id="email" name="email" type="email" autoComplete="username" required className={adminInput} />
          </div>
          <div>
            <label htmlFor="password" className={adminLabel}>
              Password
            </label>
            <input id="password" name="password" type="password" autoComplete="current-password" required className={adminInput} />
          </div>
          <button type="submit" className={`${adminButton} w-full`}>
            Continue
          </button>
        </form>
      </Card>
    </PageShell>
  );
}
