// The sign-out control of the account pages: a plain form (works without JavaScript) posting to
// a server action that ends the session row, not just the cookie.
import { secondaryButton } from "@/components/login/Button";
import { getT } from "@/lib/i18n/request";

export async function SignOutForm({ action, label }: { action: (form: FormData) => Promise<void>; label?: string }) {
  const t = await getT();
  return (
    <form action={action} className="mt-6">
      <button type="submit" className={secondaryButton}>
        {label ?? t("account.signOut")}
      </button>
    </form>
  );
}
