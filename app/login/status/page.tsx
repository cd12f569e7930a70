// GET /login/status?rid= — screens that end a sign-in: a rejected or suspended account, or a
// sign-up link that does not fit the signed-in user.
import { redirect } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { primaryButton } from "@/components/login/Button";
import { ExpiredNotice } from "@/components/login/ExpiredNotice";
import { ReloadIfRestored } from "@/components/login/ReloadIfRestored";
import { SubmitButton } from "@/components/login/SubmitButton";
import { assessRequest } from "@/lib/authorize/next-step";
import { endedSignIn, signInPageModel } from "@/lib/authorize/page-model";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { returnToPartnerAction, useAnotherNumberAction } from "../actions";
import { UseAnotherNumber } from "@/components/login/UseAnotherNumber";

export const metadata = { title: "Sign-in stopped" };

type Search = Promise<Record<string, string | undefined>>;

const INTENT_PROBLEMS: Record<string, { title: string; body: string }> = {
  intent_phone_mismatch: {
    title: "This sign-up link is for another phone number",
    body: "You are signed in with a different number than the one this application registered. Sign in with that number, or ask the application for a new link.",
  },
  intent_converted_to_other_user: {
    title: "This sign-up link is out of date",
    body: "It belongs to an account whose phone number has changed. Developers: use user_id instead of user_intent_id.",
  },
  intent_not_found: { title: "Unknown sign-up link", body: "The application sent a sign-up link Trustgate does not know." },
};

export default async function StatusPage({ searchParams }: { searchParams: Search }) {
  const { rid } = await searchParams;
  const model = await signInPageModel(rid);
  if (!model) return <ExpiredNotice ended={await endedSignIn(rid)} />;
  const assessment = await assessRequest(model.request, await currentSessionUser());
  if (assessment.kind === "intent_problem") {
    const problem = INTENT_PROBLEMS[assessment.code]!;
    return (
      <PageShell brand={model.brand}>
        <ReloadIfRestored rid={model.request.id} />
        <Card>
          <h1 className="text-2xl font-bold">{problem.title}</h1>
          <p className="mt-3 text-slate-700">{problem.body}</p>
          <ReturnToPartner rid={model.request.id} clientName={model.clientName} />
          <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
        </Card>
      </PageShell>
    );
  }
  if (assessment.kind !== "blocked") redirect(`/login/continue?rid=${encodeURIComponent(model.request.id)}`);
  const suspended = assessment.user.status === "suspended";
  return (
    <PageShell brand={model.brand}>
      <ReloadIfRestored rid={model.request.id} />
      <Card>
        <h1 className="text-2xl font-bold">{suspended ? "Your account is suspended" : "We could not approve your account"}</h1>
        <p className="mt-3 text-slate-700">
          {suspended
            ? `You cannot sign in to ${model.clientName} right now. Contact ${model.clientName} support to find out more.`
            : `${model.clientName} cannot open an account for you. Contact ${model.clientName} support if you think this is a mistake.`}
        </p>
        <ReturnToPartner rid={model.request.id} clientName={model.clientName} />
        <UseAnotherNumber rid={model.request.id} action={useAnotherNumberAction} />
      </Card>
    </PageShell>
  );
}

/** Ends the request with access_denied and sends the user back to the partner. */
function ReturnToPartner({ rid, clientName }: { rid: string; clientName: string }) {
  return (
    <form action={returnToPartnerAction} className="mt-6" data-answers-request>
      <input type="hidden" name="rid" value={rid} />
      <SubmitButton className={primaryButton} pendingLabel="Returning…">
        Return to {clientName}
      </SubmitButton>
    </form>
  );
}
