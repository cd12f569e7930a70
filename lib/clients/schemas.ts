import { z } from "zod";
import { redirectUriProblem } from "./redirect-uri";

export const redirectUriSchema = z
  .string()
  .max(2000)
  .superRefine((uri, ctx) => {
    const problem = redirectUriProblem(uri);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const createClientInput = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  redirectUris: z.array(redirectUriSchema).min(1, "at least one redirect URI is required").max(20),
  type: z.enum(["confidential", "public"]).default("confidential"),
  workspaceId: z.uuid("workspace must be a workspace id").optional(),
  workspaceName: z.string().trim().min(1).max(120).optional(),
  demo: z.boolean().default(false),
});
export type CreateClientInput = z.input<typeof createClientInput>;
