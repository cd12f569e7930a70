import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";

export function ExpiredNotice() {
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">This sign-in has expired</h1>
        <p className="mt-3 text-slate-700">Return to the application you came from and start again.</p>
      </Card>
    </PageShell>
  );
}
