// QR approval (Authsignal "QR code authentication"): the waiting page shows a link to the approval
// page for its request, and the same link as a QR code a phone's camera opens. The link carries only
// the request id: approving still takes the user's passkey and the number typed from this screen.
import QRCode from "qrcode";
import { publicUrl } from "@/lib/config/settings";

export function approvalUrl(loginRequestId: string): string {
  return `${publicUrl()}/account/approve?request=${encodeURIComponent(loginRequestId)}`;
}

/** An SVG data URL (small, sharp at any size; CSP allows data: images). */
export async function approvalQrCode(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** What a waiting page gets back with a new request. */
export async function waitingPageFields(created: { id: string; secret: string; code: string; expiresAt: Date }) {
  const approveUrl = approvalUrl(created.id);
  return { id: created.id, secret: created.secret, code: created.code, expires_at: created.expiresAt.toISOString(), status: "pending" as const, approve_url: approveUrl, qr_code: await approvalQrCode(approveUrl) };
}
