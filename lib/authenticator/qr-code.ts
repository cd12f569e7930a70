// The QR code of an otpauth:// URI as a PNG data URL (`data:image/png;base64,…`), as tru.ID returns it.
import QRCode from "qrcode";

export async function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { type: "image/png", errorCorrectionLevel: "M", margin: 2, scale: 6 });
}
