// What a person's authenticator app does: read the QR code, keep the secret, show codes.
import jsQR from "jsqr";
import { generate } from "otplib";
import { PNG } from "pngjs";

/** Decodes a `data:image/png;base64,…` QR code back to the text it carries. */
export function decodeQrDataUrl(dataUrl: string): string {
  const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error("not a PNG data URL");
  const png = PNG.sync.read(Buffer.from(match[1]!, "base64"));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error("no QR code found in the image");
  return decoded.data;
}

/** The code an app that scanned `otpauthUri` shows at `epochMs`. */
export async function appCode(otpauthUri: string, epochMs: number): Promise<string> {
  const url = new URL(otpauthUri);
  const secret = url.searchParams.get("secret");
  if (url.protocol !== "otpauth:" || url.host !== "totp" || !secret) throw new Error(`not a TOTP URI: ${otpauthUri}`);
  const period = Number(url.searchParams.get("period") ?? 30);
  const digits = Number(url.searchParams.get("digits") ?? 6) as 6 | 8;
  return generate({ secret, epoch: Math.floor(epochMs / 1000), period, digits });
}
