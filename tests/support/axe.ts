// axe-core in a Playwright page: inject the engine (through the DevTools protocol, so the page's
// CSP does not apply), run the WCAG 2.0/2.1 A and AA rules, and describe any violation readably.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The WCAG 2.1 AA violations axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // After a client-side navigation (a server action's redirect) Next.js streams the page's <title>
  // in a moment after the content: give it that moment. A page that never gets one still fails below.
  await page.waitForFunction(() => document.title.length > 0, null, { timeout: 5_000 }).catch(() => {});
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  }, WCAG_21_AA_TAGS);
}

/** Throws with every violation listed when axe finds any. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length) {
    const lines = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.slice(0, 5).join("\n    ")}`);
    throw new Error(`axe found ${violations.length} WCAG 2.1 AA violation(s) on ${label}:\n${lines.join("\n")}`);
  }
}
