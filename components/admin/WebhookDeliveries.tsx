// A client's webhook delivery log on its admin page (newest first, keyset-paged): status,
// attempts, last error and response status, and a Resend button per delivery.
import { Pager } from "./Pager";
import { adminSecondaryButton, adminTable, adminTd, adminTh } from "./ui";
import type { DeliveryPage } from "@/lib/webhooks/deliveries";

export function WebhookDeliveries({ clientId, page, after, resendAction }: { clientId: string; page: DeliveryPage; after?: string; resendAction: (form: FormData) => Promise<void> }) {
  const base = `/admin/clients/${clientId}`;
  return (
    <div className="overflow-x-auto">
      {page.data.length === 0 ? (
        <p className="text-sm text-slate-600">No webhook deliveries yet.</p>
      ) : (
        <table className={adminTable} aria-label="Webhook deliveries">
          <thead>
            <tr>
              <th className={adminTh}>Created</th>
              <th className={adminTh}>Event</th>
              <th className={adminTh}>Status</th>
              <th className={adminTh}>Attempts</th>
              <th className={adminTh}>Last response</th>
              <th className={adminTh}>Last error</th>
              <th className={adminTh}>Resend</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.data.map((delivery) => (
              <tr key={delivery.id} data-testid="webhook-delivery">
                <td className={adminTd}>{delivery.created_at.replace("T", " ").slice(0, 19)} UTC</td>
                <td className={adminTd}>
                  {delivery.event_type}
                  <span className="block font-mono text-xs text-slate-500">{delivery.webhook_id}</span>
                </td>
                <td className={adminTd} data-testid="delivery-status">
                  {delivery.status}
                </td>
                <td className={adminTd}>{delivery.attempts}</td>
                <td className={adminTd}>{delivery.last_response_status ?? "—"}</td>
                <td className={`${adminTd} max-w-xs break-words`}>{delivery.last_error ?? "—"}</td>
                <td className={adminTd}>
                  <form action={resendAction}>
                    <input type="hidden" name="client_id" value={clientId} />
                    <input type="hidden" name="delivery_id" value={delivery.id} />
                    <button type="submit" className={adminSecondaryButton}>
                      Resend
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager next={page.next_cursor ? `${base}?deliveries_after=${page.next_cursor}#webhooks` : null} first={after ? `${base}#webhooks` : null} />
    </div>
  );
}
