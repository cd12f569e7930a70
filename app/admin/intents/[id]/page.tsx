// GET /admin/intents/{id} — a user intent: the partner's data, status history, review decisions.
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminShell, Notice, Panel, StatusBadge } from "@/components/admin/AdminShell";
import { DecisionForm } from "@/components/admin/DecisionForm";
import { listReviewReasons } from "@/lib/admin/review-reasons";
import { personLabel, when } from "@/components/admin/format";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { StatusHistory } from "@/components/admin/StatusHistory";
import { adminLink } from "@/components/admin/ui";
import { requireAdmin } from "@/lib/admin/current-admin";
import { DECISION_LABELS, decisionsFor } from "@/lib/admin/status-decisions";
import { adminEmails, intentDetail } from "@/lib/admin/user-detail";
import { decideAction, signOutAction } from "../../actions";

export const metadata = { title: "User intent" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function IntentPage({ params, searchParams }: Props) {
  const admin = await requireAdmin("reviewer");
  const { id } = await params;
  const { notice, error } = await searchParams;
  const detail = await intentDetail(id);
  if (!detail) notFound();
  const { intent, history } = detail;
  const actors = await adminEmails(history.map((event) => event.actorId));
  const decisions = decisionsFor("intent", intent.status).map((value) => ({ value, label: DECISION_LABELS[value] }));
  const rows: [string, React.ReactNode][] = [
    [
      "Intent id",
      <span key="id" className="font-mono">
        {intent.id}
      </span>,
    ],
    ["Partner", intent.client.name],
    ["Type", intent.type],
    [
      "Status",
      <span key="s" data-testid="intent-status">
        {intent.status}
      </span>,
    ],
    [
      "User",
      intent.userId ? (
        <Link key="u" href={`/admin/users/${intent.userId}`} className={adminLink}>
          {intent.userId}
        </Link>
      ) : (
        "not converted yet"
      ),
    ],
    ["Email", intent.email],
    ["Phone", intent.phone],
    ["Date of birth", intent.dateOfBirth ?? "—"],
    ["SSN", intent.ssnLast4 ? `•••-••-${intent.ssnLast4}` : "—"],
    ["Address", [intent.address1, intent.address2, intent.city, intent.state, intent.postalCode].filter(Boolean).join(", ") || "—"],
    ["IP address", intent.ipAddress ?? "—"],
    ["Created", when(intent.createdAt)],
  ];
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">
        {personLabel(intent)} <StatusBadge status={intent.status} />
      </h1>
      {notice ? <Notice tone="info">Status changed to {notice}.</Notice> : null}
      {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
      <Panel title="User intent" id="intent">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-600">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </Panel>
      <Panel title="Decision" id="decision">
        <DecisionForm kind="intent" id={intent.id} decisions={decisions} action={decideAction} reasons={await listReviewReasons()} />
      </Panel>
      <Panel title="Status history" id="history">
        <StatusHistory events={history} actors={actors} />
      </Panel>
    </AdminShell>
  );
}
