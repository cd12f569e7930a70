import { USER_INTENTS_PER_EMAIL } from "@/lib/config/limits";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { fictionalPhonesAccepted, isFictionalPhone, PHONE_FORMAT_MESSAGE } from "@/lib/phone/normalize";
import type { CreateUserIntentInput } from "./schemas";
import { serializeUserIntent, type UserIntentResource } from "./serialize";

/**
 * Creates a UserIntent for `clientId` from input parsed with createUserIntentInput.
 *
 * Status: Trustgate has no KYC vendor, so a new intent is `pending` until an admin reviews it.
 * A client with the sandbox switch on (`sandboxAutoApprove`, set with
 * `npm run trustgate -- client update ID --sandbox on`) gets its intents `approved` at once, so a
 * partner can integrate end to end without a reviewer; the `user_intent.created` event records
 * `auto_approved: true` for the audit log.
 */
export async function createUserIntent(clientId: string, input: CreateUserIntentInput, actor: DomainEvent["actor"], context: { ip?: string | null; requestId?: string | null } = {}): Promise<UserIntentResource> {
  const ssnEnc = encryptSecret(input.ssn, "pii");
  return db().$transaction(async (tx) => {
    // Serialise creations for one client + email so that concurrent requests cannot all pass the
    // count below (a plain count-then-insert lets every racer through).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${clientId}:${input.email}`}::text))`;
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { sandboxAutoApprove: true, demo: true } });
    if (!client) throw new ProductError("client_not_found");
    // Fictional numbers (555-01xx, the seeds' +15555551234) only where no real SMS is sent.
    if (isFictionalPhone(input.phone) && !fictionalPhonesAccepted({ sandboxClient: client.sandboxAutoApprove || client.demo })) {
      throw new ProductError("validation_failed", `phone: ${PHONE_FORMAT_MESSAGE}`, [{ path: "phone", message: PHONE_FORMAT_MESSAGE }]);
    }
    if (input.client_user_id && (await tx.userIntent.count({ where: { clientId, clientUserId: input.client_user_id } }))) throw new ProductError("client_user_id_taken");
    const existing = await tx.userIntent.count({ where: { clientId, email: input.email } });
    if (existing >= USER_INTENTS_PER_EMAIL) throw new ProductError("intent_limit_reached");
    const status = client.sandboxAutoApprove ? "approved" : "pending";
    const intent = await tx.userIntent.create({
      data: {
        clientId,
        status,
        type: input.type,
        email: input.email,
        phone: input.phone,
        firstName: input.first_name,
        lastName: input.last_name,
        dateOfBirth: input.date_of_birth,
        ssnEnc,
        address1: input.address1,
        address2: input.address2,
        city: input.city,
        state: input.state,
        postalCode: input.postal_code,
        ipAddress: input.ip_address,
        metadata: input.metadata ?? {},
        clientUserId: input.client_user_id ?? null,
      },
    });
    await emit(tx, {
      type: "user_intent.created",
      actor,
      clientId,
      subjectId: intent.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { status, type: intent.type, auto_approved: client.sandboxAutoApprove },
    });
    return serializeUserIntent(intent);
  });
}
