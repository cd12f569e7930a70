// Words for the document upload's error codes (`?front=`, `?back=`, `?upload=` after a plain post).
import { VERIFICATION_DOCUMENT_MAX_BYTES } from "@/lib/config/limits";
import type { Translate } from "@/lib/i18n/format";

export function documentFileMessage(t: Translate, code: string | undefined): string | undefined {
  const key = `verify.file.${code}`;
  return code && t.has(key) ? t(key, { mb: VERIFICATION_DOCUMENT_MAX_BYTES / 1024 / 1024 }) : undefined;
}

export function uploadMessage(t: Translate, code: string | undefined): string | undefined {
  const key = `verify.upload.${code}`;
  return code && t.has(key) ? t(key) : undefined;
}
