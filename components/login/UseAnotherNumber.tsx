// "Not you? Use another number": on every hosted screen that shows a signed-in user. A plain form
// (works without JavaScript); the server action ends the session row, then the cookie.
import { getT } from "@/lib/i18n/request";

export async function UseAnotherNumber({ rid, action }: { rid: string; action: (form: FormData) => Promise<void> }) {
  const t = await getT();
  return (
    <form action={action} className="mt-4">
      <input type="hidden" name="rid" value={rid} />
      <button type="submit" className="text-sm text-brand-700 underline">
        {t("common.notYou")}
      </button>
    </form>
  );
}
