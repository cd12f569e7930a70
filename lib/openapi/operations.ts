// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { authenticatorOperations } from "@/lib/authenticator/openapi";
import { phoneChangesOperations } from "@/lib/phone-changes/openapi";
import { trustedAuthOperations } from "@/lib/trusted-auth/openapi";
import { webhooksOperations } from "@/lib/webhooks/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [...trustedAuthOperations, ...webhooksOperations, ...phoneChangesOperations, ...authenticatorOperations];
