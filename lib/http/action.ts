// Declared pipelines for server actions, the form-post counterpart of route() (route.ts): who may
// call (anyone, the signed-in end user, an admin of a role), one context — the form, its fields,
// the caller's IP and request id, the actor — and one mapping from a known failure to what a form
// shows. Next.js itself refuses cross-origin action posts (Origin vs Host): that is their CSRF
// protection. An action can be posted to any path, so each declares its guard here, never a layout.
//
// An action is called as `(form)` by <form action> or as `(previous, form)` by useActionState: the
// pipeline accepts both, and hands the previous state to the handler.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { requireAdmin } from "@/lib/admin/current-admin";
import type { SignedInAdmin } from "@/lib/admin/sessions";
import type { AdminRole } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";
import { describeZodError } from "@/lib/errors/zod";
import { clientIpFrom, requestIdFrom } from "@/lib/log/request-context";
import { may, type Capability } from "@/lib/sessions/capabilities";
import { currentSessionUser } from "@/lib/sessions/current-session";
import type { SessionUser } from "@/lib/sessions/session-user";

export interface ActionContext<S = unknown> {
  form: FormData;
  /** A text field of the form ("" when missing or a file). */
  field: (name: string) => string;
  /** The previous state when called through useActionState. */
  previous: S | undefined;
  headers: Headers;
  /** The caller's IP ("unknown" outside the Trustgate server) and the server's request id. */
  ip: string;
  requestId: string | null;
}

export interface UserActionContext<S = unknown> extends ActionContext<S> {
  user: SessionUser;
}

export interface AdminActionContext<S = unknown> extends ActionContext<S> {
  admin: SignedInAdmin;
}

/** What a server action export is: callable by a form (`form`) and by useActionState (`previous, form`). */
export type ServerAction<S, R> = (input: S | FormData, form?: FormData) => Promise<R>;

async function contextOf<S>(input: S | FormData, form: FormData | undefined): Promise<ActionContext<S>> {
  const data = (form ?? input) as FormData;
  const requestHeaders = await headers();
  return {
    form: data,
    field: (name) => {
      const value = data.get(name);
      return typeof value === "string" ? value : "";
    },
    previous: form === undefined ? undefined : (input as S),
    headers: requestHeaders,
    ip: clientIpFrom(requestHeaders),
    requestId: requestIdFrom(requestHeaders),
  };
}

/** An action anyone may post (sign-in steps, hosted challenge pages). */
export function publicAction<S = unknown, R = void>(handler: (ctx: ActionContext<S>) => Promise<R>): ServerAction<S, R> {
  return async (input, form) => handler(await contextOf(input, form));
}

/**
 * An action of the signed-in end user (the session is read by currentSessionUser, the one lookup);
 * without a session — or when the session's sign-in method does not hold `options.may`
 * (lib/sessions/capabilities.ts) — the browser goes to `signInPage`, which explains why.
 */
export function userAction<S = unknown, R = void>(signInPage: string, handler: (ctx: UserActionContext<S>) => Promise<R>, options: { may?: Capability } = {}): ServerAction<S, R> {
  return async (input, form) => {
    const user = await currentSessionUser();
    if (!user || (options.may && !may(user, options.may))) redirect(signInPage);
    return handler({ ...(await contextOf(input, form)), user });
  };
}

/** A dashboard action: a signed-in admin of at least `role` (requireAdmin: sign-in redirect or 403). */
export function adminAction<S = unknown, R = void>(role: AdminRole, handler: (ctx: AdminActionContext<S>) => Promise<R>): ServerAction<S, R> {
  return async (input, form) => {
    const admin = await requireAdmin(role);
    return handler({ ...(await contextOf(input, form)), admin });
  };
}

export type ActionFailure = { code: string; message: string };

/**
 * The one error → form-message mapping: a known failure (a product error, a zod refusal) becomes
 * its code (for a `?error=` redirect) and its sentence (for a message on the form). Anything else
 * — Next's redirect()/forbidden() signals included — is thrown on.
 */
export function actionFailure(error: unknown): ActionFailure {
  if (error instanceof ProductError) return { code: error.code, message: error.description };
  if (error instanceof ZodError) return { code: "validation_failed", message: describeZodError(error).description };
  throw error;
}

/** Runs `work`; a known failure comes back as a value (see actionFailure). */
export async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & ActionFailure)> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, ...actionFailure(error) };
  }
}

/** For forms that show the result in place (ActionForm): a known failure becomes `{ error: message }`. */
export async function formResult<R>(work: () => Promise<R>): Promise<R | { error: string }> {
  const outcome = await attempt(work);
  return outcome.ok ? outcome.value : { error: outcome.message };
}
