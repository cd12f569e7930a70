// 403 for dashboard pages the signed-in role may not open (forbidden() in lib/admin/current-admin.ts).
import Link from "next/link";

export default function AdminForbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p className="mt-2 text-slate-700">Your role cannot open this page. Client and admin management are for admins only.</p>
      <Link href="/admin" className="mt-4 inline-block text-brand-700 underline">
        Back to the review queue
      </Link>
    </main>
  );
}
