// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [];
