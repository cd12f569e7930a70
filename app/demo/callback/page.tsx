// GET /demo/callback — the demo partner's redirect URI: shows what the authorize flow returned.
import Link from "next/link";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";

export const metadata = { title: "Demo partner callback" };

type Search = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export default async function DemoCallbackPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const code = first(params.code);
  const error = first(params.error);
  const rows: [string, string | null][] = [
    ["code", code],
    ["state", first(params.state)],
    ["error", error],
    ["error_description", first(params.error_description)],
  ];
  return (
    <PageShell>
      <Card>
        <p className="text-sm font-medium uppercase tracking-wide text-slate-500">Demo partner</p>
        <h1 className="mt-1 text-2xl font-bold">{error ? "The sign-in returned an error" : code ? "Signed in: authorization code received" : "Nothing returned yet"}</h1>
        <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          {rows
            .filter(([, value]) => value !== null)
            .map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="font-medium">{name}</dt>
                <dd>
                  <code className="break-all" data-testid={`callback-${name}`}>
                    {value}
                  </code>
                </dd>
              </div>
            ))}
        </dl>
        <p className="mt-6 text-sm text-slate-600">
          A real partner would now exchange the code at <code>/v1/oauth/token</code> with its client secret.
        </p>
        <Link href="/" className="mt-4 inline-block text-brand-700 underline">
          Back to Trustgate
        </Link>
      </Card>
    </PageShell>
  );
}
