// GET / — what Trustgate is; in demo mode, the demo partner and a ready sign-in link.
import Link from "next/link";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { findDemoClient } from "@/lib/clients/list-clients";
import { publicUrl } from "@/lib/config/settings";
import { demoAuthorizeUrl } from "@/lib/demo/seed-demo";
import { outboxEnabled } from "@/lib/sms/provider";

export default async function HomePage() {
  const demo = await findDemoClient();
  const baseUrl = publicUrl();
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Hosted login and onboarding for partner apps</h1>
        <p className="mt-4 leading-relaxed text-slate-700">
          Trustgate is an open-source, self-hostable identity portal. Partners redirect their users here; users sign in with an SMS code, a passkey on a trusted device, a partner&apos;s trusted-auth token or approval from another
          trusted device, get verified, authorize the partner and go back with an OAuth authorization code.
        </p>
        <ul className="mt-4 list-disc space-y-1 ps-5 text-slate-700">
          <li>
            OAuth 2.0 / OpenID Connect for partners (
            <a className="text-brand-700 underline" href="/.well-known/openid-configuration">
              discovery
            </a>
            ,{" "}
            <a className="text-brand-700 underline" href="/.well-known/jwks.json">
              JWKS
            </a>
            ) —{" "}
            <a className="text-brand-700 underline" href="/docs">
              API reference
            </a>
          </li>
          <li>UserIntents, trusted authentication, TOTP authenticator factors and risk actions</li>
          <li>An admin dashboard for reviewing users</li>
        </ul>
      </Card>
      {demo ? (
        <Card className="border-s-4 border-brand-600">
          <h2 className="text-xl font-semibold">Demo mode</h2>
          <p className="mt-2 text-slate-700">This server runs on the embedded database with a demo partner:</p>
          <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium">Partner</dt>
            <dd>{demo.name}</dd>
            <dt className="font-medium">client_id</dt>
            <dd>
              <code className="break-all" data-testid="demo-client-id">
                {demo.client_id}
              </code>
            </dd>
            <dt className="font-medium">redirect_uri</dt>
            <dd>
              <code className="break-all">{demo.redirect_uris[0]}</code>
            </dd>
          </dl>
          <a href={demoAuthorizeUrl(baseUrl, demo.client_id)} className="mt-6 inline-block rounded-lg bg-brand-600 px-5 py-3 font-semibold text-on-accent hover:bg-brand-700">
            Try the hosted login
          </a>
          {outboxEnabled() ? (
            <p className="mt-4 text-sm text-slate-600">
              Sign in with any US phone number: the text message with your code appears in the{" "}
              <Link className="text-brand-700 underline" href="/dev/outbox" target="_blank">
                development SMS outbox
              </Link>
              .
            </p>
          ) : null}
        </Card>
      ) : null}
    </PageShell>
  );
}
