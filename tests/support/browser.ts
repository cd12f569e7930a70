// Debian Chromium driven by playwright-core. Every page of a context gets its own WebAuthn
// virtual authenticator (one belongs to one page; without it navigator.credentials hangs).
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
}

export interface VirtualAuthenticator {
  authenticatorId: string;
  credentials(): Promise<{ credentialId: string; signCount: number; userHandle?: string }[]>;
  /**
   * Puts credentials read from another page's authenticator into this one. A real browser profile
   * shares its passkeys with every window; a CDP virtual authenticator belongs to one page, so a
   * popup (the web SDK's window) starts empty — copy the device's passkeys in before it asks.
   */
  addCredentials(credentials: unknown[]): Promise<void>;
  /** From now on the authenticator reports (or not) that it verified the user (biometric/PIN). */
  setUserVerified(verified: boolean): Promise<void>;
}

/** A platform authenticator with user verification, like a phone's or laptop's passkey store. */
export async function attachVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials;
    },
    async addCredentials(credentials) {
      for (const credential of credentials) await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: credential as never });
    },
    async setUserVerified(verified) {
      await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: verified });
    },
  };
}

const authenticators = new WeakMap<Page, Promise<VirtualAuthenticator>>();

/** A context whose every page (including popups) has a virtual authenticator. */
export async function newContextWithAuthenticators(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.on("page", (page) => {
    authenticators.set(page, attachVirtualAuthenticator(page));
  });
  return context;
}

export async function authenticatorOf(page: Page): Promise<VirtualAuthenticator> {
  let pending = authenticators.get(page);
  if (!pending) {
    pending = attachVirtualAuthenticator(page);
    authenticators.set(page, pending);
  }
  return pending;
}

/** Races a page promise against a timeout: WebAuthn calls hang forever when something is wrong. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
