// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { authenticatorOperations } from "@/lib/authenticator/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [...authenticatorOperations];
