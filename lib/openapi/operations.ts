// Every documented API operation. Add one import line per capability (`lib/<capability>/openapi.ts`).
import { authenticatorOperations } from "@/lib/authenticator/openapi";
import { actionsOperations } from "@/lib/risk-actions/openapi";
import { authorizeOperations } from "@/lib/authorize/openapi";
import { devicesOperations } from "@/lib/devices/openapi";
import { healthOperations } from "@/lib/health/openapi";
import { intentsOperations } from "@/lib/intents/openapi";
import { keysOperations } from "@/lib/keys/openapi";
import { oauthOperations } from "@/lib/oauth/openapi";
import { parOperations } from "@/lib/oauth/par-openapi";
import { phoneChangesOperations } from "@/lib/phone-changes/openapi";
import { trustedAuthOperations } from "@/lib/trusted-auth/openapi";
import { usersOperations } from "@/lib/users/openapi";
import { webhooksOperations } from "@/lib/webhooks/openapi";
import type { ApiOperation } from "./types";

export const API_OPERATIONS: ApiOperation[] = [
  ...authorizeOperations,
  ...oauthOperations,
  ...parOperations,
  ...intentsOperations,
  ...usersOperations,
  ...keysOperations,
  ...healthOperations,
  ...trustedAuthOperations,
  ...webhooksOperations,
  ...phoneChangesOperations,
  ...devicesOperations,
  ...actionsOperations,
  ...authenticatorOperations,
];
