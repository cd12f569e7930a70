// Words for the error codes the hosted sign-in pages receive (catalogue keys `loginErrors.<code>`).
import type { Translate } from "@/lib/i18n/format";

export function loginErrorMessage(t: Translate, code: string | undefined): string | null {
  if (!code) return null;
  const key = `loginErrors.${code}`;
  return t.has(key) ? t(key) : t("common.somethingWrong");
}
