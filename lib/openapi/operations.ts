// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { phoneChangesOperations } from "@/lib/phone-changes/openapi";
import { webhooksOperations } from "@/lib/webhooks/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [...webhooksOperations, ...phoneChangesOperations];
