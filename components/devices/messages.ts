// Words for the trusted-device errors the pages can meet (catalogue keys `deviceErrors.<code>`).
import type { Translate } from "@/lib/i18n/format";

export function describeDeviceError(t: Translate, error: unknown): string {
  const code = error && typeof error === "object" ? ((error as { code?: string }).code ?? (error as { name?: string }).name) : undefined;
  // @simplewebauthn/browser wraps DOMExceptions: its `cause` carries the original name.
  const cause = (error as { cause?: { name?: string } } | null)?.cause?.name;
  for (const candidate of [code, cause]) if (candidate && t.has(`deviceErrors.${candidate}`)) return t(`deviceErrors.${candidate}` as "deviceErrors.server_error");
  return typeof code === "string" && code.startsWith("ERROR_") ? t("deviceErrors.NotAllowedError") : t("deviceErrors.server_error");
}
