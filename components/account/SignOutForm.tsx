// The sign-out control of the account pages: a plain form (works without JavaScript) posting to
// a server action that ends the session row, not just the cookie.
import { secondaryButton } from "@/components/login/Button";

export function SignOutForm({ action, label = "Sign out" }: { action: (form: FormData) => Promise<void>; label?: string }) {
  return (
    <form action={action} className="mt-6">
      <button type="submit" className={secondaryButton}>
        {label}
      </button>
    </form>
  );
}
