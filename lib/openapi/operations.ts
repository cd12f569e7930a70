// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { actionsOperations } from "@/lib/actions/openapi";
import { devicesOperations } from "@/lib/devices/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [...devicesOperations, ...actionsOperations];
