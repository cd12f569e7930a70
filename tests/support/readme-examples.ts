// The README's copy-paste examples, extracted and run as written: a fenced block directly after
// `<!-- example: NAME -->`.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./paths";

export function readmeExample(name: string): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const marker = `<!-- example: ${name} -->\n`;
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no example "${name}"`);
  const block = /^```(\w+)\n([\s\S]*?)\n```/.exec(readme.slice(start + marker.length));
  if (!block) throw new Error(`the example "${name}" is not directly followed by a fenced block`);
  return block[2]!;
}

export type VerifyTrustgateWebhook = (rawBody: string | Buffer, signatureHeader: string | undefined, secret: string, nowSeconds?: number) => boolean;

/** The README's verification function, loaded as a CommonJS module exactly as a partner pastes it. */
export function loadVerifyWebhook(): VerifyTrustgateWebhook {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-readme-"));
  const file = path.join(dir, "verify-webhook.cjs");
  fs.writeFileSync(file, `${readmeExample("verify-webhook")}\nmodule.exports = { verifyTrustgateWebhook };\n`);
  const load = createRequire(import.meta.url);
  return (load(file) as { verifyTrustgateWebhook: VerifyTrustgateWebhook }).verifyTrustgateWebhook;
}
