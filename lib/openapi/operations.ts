// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { trustedAuthOperations } from "@/lib/trusted-auth/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [...trustedAuthOperations];
