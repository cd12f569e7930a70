import { z } from "zod";
import { MAX_RESOURCES, resourceProblem } from "@/lib/oauth/resources";
import { SIGNING_ALGS } from "@/lib/keys/signing-keys";
import { redirectUriProblem } from "./redirect-uri";

export const redirectUriSchema = z
  .string()
  .max(2000)
  .superRefine((uri, ctx) => {
    const problem = redirectUriProblem(uri);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** RFC 8707 §2: a resource indicator is an absolute URI without a fragment. */
export const resourceSchema = z.string().superRefine((uri, ctx) => {
  const problem = resourceProblem(uri);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
export const resourcesSchema = z.array(resourceSchema).max(MAX_RESOURCES);

/** OpenID Connect Registration §2 id_token_signed_response_alg: RS256 (the default) or ES256. */
export const idTokenAlgSchema = z.enum(SIGNING_ALGS);

export const createClientInput = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  redirectUris: z.array(redirectUriSchema).min(1, "at least one redirect URI is required").max(20),
  type: z.enum(["confidential", "public"]).default("confidential"),
  workspaceId: z.uuid("workspace must be a workspace id").optional(),
  workspaceName: z.string().trim().min(1).max(120).optional(),
  demo: z.boolean().default(false),
  resources: resourcesSchema.default([]),
  idTokenSignedResponseAlg: idTokenAlgSchema.default("RS256"),
});
export type CreateClientInput = z.input<typeof createClientInput>;
