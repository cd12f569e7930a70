// Shown on account pages to a session that may not change the account (a sign-in an application
// vouched for: docs/security.md, "Sessions").
export function SessionNotAllowed({ title }: { title: string }) {
  return (
    <>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-700" data-testid="session-not-allowed">
        You were signed in by an application, which cannot change your Trustgate account. Sign out, then sign in with a text message code or a passkey to make changes here.
      </p>
    </>
  );
}
