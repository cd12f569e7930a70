// POST /v1/user/phone_change_request — {new_phone} sends a code to the new phone (202);
// {new_phone, code} creates the pending request (201). GET — the latest request and its status.
// Bearer access token issued to the user.
import { parseJsonBody } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { withUserToken } from "@/lib/http/route";
import { latestPhoneChange, requestPhoneChange } from "@/lib/phone-changes/request-phone-change";
import { phoneChangeRequestInput } from "@/lib/phone-changes/schemas";
import { ProductError } from "@/lib/errors/product";
import { may } from "@/lib/sessions/capabilities";

export const dynamic = "force-dynamic";

export const POST = withUserToken(async ({ req, token, ip, requestId }) => {
  // A grant born from a partner's trusted-auth token may not move the account (capabilities table).
  if (!may({ authMethod: token.auth_method }, "change_phone")) throw new ProductError("session_not_allowed");
  const input = await parseJsonBody(req, phoneChangeRequestInput);
  const result = await requestPhoneChange(token.sub, input, { ip, requestId });
  return json(result.body, { status: result.step === "created" ? 201 : 202 });
});

export const GET = withUserToken(async ({ token }) => latestPhoneChange(token.sub));
