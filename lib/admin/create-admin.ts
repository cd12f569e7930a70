import { z } from "zod";
import { db, isUniqueViolation } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { hashPassword, passwordPolicyProblem } from "./password";

export const createAdminInput = z.object({
  email: z.email("email must be an email address").transform((email) => email.toLowerCase()),
  password: z.string(),
  role: z.enum(["admin", "reviewer"]).default("admin"),
});

export async function createAdmin(input: z.input<typeof createAdminInput>, actor: DomainEvent["actor"]): Promise<{ id: string; email: string; role: string }> {
  const parsed = createAdminInput.parse(input);
  const problem = passwordPolicyProblem(parsed.password);
  if (problem) throw new ProductError("weak_password", problem);
  const passwordHash = await hashPassword(parsed.password);
  try {
    return await db().$transaction(async (tx) => {
      const admin = await tx.admin.create({ data: { email: parsed.email, passwordHash, role: parsed.role } });
      await emit(tx, { type: "admin.created", actor, subjectId: admin.id, data: { email: admin.email, role: admin.role } });
      return { id: admin.id, email: admin.email, role: admin.role };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProductError("admin_exists");
    throw error;
  }
}
