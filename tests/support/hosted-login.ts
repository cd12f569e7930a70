// Drives the hosted sign-in as a person would: phone, the code from the SMS outbox, consent.
import type { Page } from "playwright-core";

let phoneCounter = 0;

/** A distinct, valid US number per call (and per worker process). */
export function testPhone(): string {
  phoneCounter += 1;
  return `+1415555${String(2000 + ((process.pid * 37 + phoneCounter) % 8000)).padStart(4, "0")}`;
}

export async function latestCode(baseUrl: string, phone: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl}/dev/outbox.json?to=${encodeURIComponent(phone)}`);
    if (response.ok) {
      const messages = (await response.json()) as { to: string; body: string }[];
      const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].body)?.[1] : undefined;
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS code for ${phone} in the outbox`);
}

/** From the phone page to wherever the flow goes after the code (consent, status or the partner). */
export async function signInWithSms(page: Page, baseUrl: string, phone: string, options: { phoneIsPrefilled?: boolean } = {}): Promise<void> {
  await page.waitForURL(/\/login\?rid=/);
  if (!options.phoneIsPrefilled) await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  const code = await latestCode(baseUrl, phone);
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login/code"));
}
