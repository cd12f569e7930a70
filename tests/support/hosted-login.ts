// Drives the hosted sign-in as a person would: phone, the code from the SMS outbox, consent.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { TMP } from "./paths";

let phoneCounter = 0;

/** Where workers sharing one server claim their blocks of phone numbers (shared-server-global-setup.ts empties it). */
export const PHONE_BLOCKS_DIR = path.join(TMP, "phone-blocks");
const PHONE_BLOCK = 100;
let phoneBlock: { first: number; used: number } | null = null;

/** The next free block of numbers: creating its file is atomic across processes ("wx"). */
function claimPhoneBlock(): number {
  for (let block = 2000 / PHONE_BLOCK; block < 10000 / PHONE_BLOCK; block++) {
    try {
      fs.closeSync(fs.openSync(path.join(PHONE_BLOCKS_DIR, String(block)), "wx"));
      return block;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new Error(`no block of test phone numbers left in ${PHONE_BLOCKS_DIR}`);
}

/**
 * A distinct, valid US number per call (and per worker process). Workers sharing one server
 * (TRUSTGATE_TEST_PHONE_BLOCKS=1, the "e2e-shared" project) never hand out the same number twice.
 */
export function testPhone(): string {
  if (process.env.TRUSTGATE_TEST_PHONE_BLOCKS === "1") {
    if (!phoneBlock || phoneBlock.used === PHONE_BLOCK) phoneBlock = { first: claimPhoneBlock() * PHONE_BLOCK, used: 0 };
    return `+1415555${String(phoneBlock.first + phoneBlock.used++).padStart(4, "0")}`;
  }
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
