// Frame of every dashboard page: navigation (management links for the admin role only — the
// pages and actions check the role themselves), who is signed in, sign-out.
import Link from "next/link";
import { adminSecondaryButton } from "./ui";

export function AdminShell({ admin, signOutAction, children }: { admin: { email: string; role: string }; signOutAction: (form: FormData) => Promise<void>; children: React.ReactNode }) {
  const links = [
    { href: "/admin", label: "Review queue" },
    { href: "/admin/search", label: "Search" },
    { href: "/admin/phone-changes", label: "Phone changes" },
    { href: "/admin/audit", label: "Audit log" },
    ...(admin.role === "admin"
      ? [
          { href: "/admin/clients", label: "Clients" },
          { href: "/admin/admins", label: "Admins" },
          { href: "/admin/reasons", label: "Canned reasons" },
        ]
      : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <span className="flex items-center gap-2 font-semibold text-brand-700">
            <span aria-hidden="true" className="inline-block h-5 w-5 rounded bg-brand-600" />
            Trustgate admin
          </span>
          <nav aria-label="Dashboard" className="flex flex-wrap gap-3 text-sm">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className="text-slate-700 hover:text-brand-700 hover:underline">
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span>
              {admin.email} ({admin.role})
            </span>
            <form action={signOutAction}>
              <button type="submit" className={adminSecondaryButton}>
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">{children}</main>
    </div>
  );
}

export function Panel({ title, children, id }: { title: string; children: React.ReactNode; id?: string }) {
  return (
    <section aria-labelledby={id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Notice({ tone, children }: { tone: "error" | "info"; children: React.ReactNode }) {
  const style = tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-emerald-300 bg-emerald-50 text-emerald-900";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${style}`}>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const tone: Record<string, string> = {
    approved: "bg-emerald-100 text-emerald-900",
    pending: "bg-amber-100 text-amber-900",
    retry: "bg-sky-100 text-sky-900",
    document: "bg-sky-100 text-sky-900",
    rejected: "bg-red-100 text-red-900",
    suspended: "bg-red-100 text-red-900",
    converted_to_user: "bg-slate-200 text-slate-800",
  };
  return <span className={`rounded px-2 py-0.5 text-xs font-semibold ${tone[status] ?? "bg-slate-100 text-slate-800"}`}>{status}</span>;
}
