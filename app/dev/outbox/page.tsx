// GET /dev/outbox — development outbox: SMS messages stored instead of sent, newest first.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { outboxEnabled } from "@/lib/sms/provider";
import { OUTBOX_MAX_LIMIT } from "@/lib/sms/schemas";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false, follow: false } };

export default async function OutboxPage() {
  if (!outboxEnabled()) notFound();
  const messages = await listOutboxMessages({ limit: OUTBOX_MAX_LIMIT });
  return (
    <PageShell>
      <div role="alert" className="rounded-2xl border-2 border-amber-500 bg-amber-50 p-4 font-semibold text-amber-900">
        Development outbox — not for production: messages are stored, not sent.
      </div>
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">SMS outbox</h1>
        <p className="mt-2 text-sm text-slate-600">
          The {OUTBOX_MAX_LIMIT} newest messages. As JSON:{" "}
          <a className="text-brand-700 underline" href="/dev/outbox.json">
            /dev/outbox.json
          </a>
        </p>
        {messages.length === 0 ? (
          <p className="mt-6 text-slate-700">No messages yet.</p>
        ) : (
          <ol className="mt-6 space-y-4">
            {messages.map((message, index) => (
              <li key={`${message.created_at}-${index}`} className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                  <span className="font-medium">To {message.to}</span>
                  <time dateTime={message.created_at} className="text-slate-600">
                    {message.created_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")}
                  </time>
                </div>
                <pre className="mt-2 whitespace-pre-wrap break-words font-mono text-sm">{message.body}</pre>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </PageShell>
  );
}
