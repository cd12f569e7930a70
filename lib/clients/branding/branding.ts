// Per-client branding of the hosted pages: a display name, a logo stored here and served by
// Trustgate itself (/branding/logo/{client_id}/{hash}: immutable, strict type, nosniff), an accent
// colour with WCAG AA contrast, and the partner's privacy policy and terms links (https) on consent.
// Set by the CLI (`client update --display-name --logo --accent --policy-uri --tos-uri`) and the
// admin client page; every change is audited as client.updated.
import { publicUrl } from "@/lib/config/settings";
import { CLIENT_DISPLAY_NAME_MAX_LENGTH } from "@/lib/config/limits";
import { db, sql } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { displayTextProblem, LINE_CONTROL_CHARACTERS } from "@/lib/validation/text";
import { accentColourProblem, hoverShade, normalizeHexColour } from "./accent-colour";
import { checkLogo, LOGO_PROBLEMS } from "./logo-image";
import type { ClientBranding } from "./types";

export type { ClientBranding } from "./types";

/** The columns branding needs (never the logo's bytes). */
export const BRANDING_SELECT = { id: true, name: true, displayName: true, logoHash: true, accentColor: true, policyUri: true, tosUri: true } as const;

type BrandingRow = { id: string; name: string; displayName: string | null; logoHash: string | null; accentColor: string | null; policyUri: string | null; tosUri: string | null };

export function logoPath(clientId: string, hash: string): string {
  return `/branding/logo/${encodeURIComponent(clientId)}/${hash}`;
}

export function brandingOf(row: BrandingRow): ClientBranding {
  return {
    clientId: row.id,
    name: row.displayName ?? row.name,
    logoPath: row.logoHash ? logoPath(row.id, row.logoHash) : null,
    accent: row.accentColor ? { colour: row.accentColor, hover: hoverShade(row.accentColor) } : null,
    policyUri: row.policyUri,
    tosUri: row.tosUri,
  };
}

export async function clientBranding(clientId: string): Promise<ClientBranding | null> {
  const row = await db().client.findUnique({ where: { id: clientId }, select: BRANDING_SELECT });
  return row ? brandingOf(row) : null;
}

/** The logo's bytes for its immutable URL (the hash must be the current one). */
export async function clientLogo(clientId: string, hash: string): Promise<{ bytes: Uint8Array; type: string; hash: string } | null> {
  if (!/^[0-9a-f]{16}$/.test(hash) || clientId.length > 200) return null;
  // Plain SQL: Prisma's Bytes handling is slow (docs/NOTES), and this is a public, cacheable read.
  const rows = await sql<{ content: Buffer; content_type: string }>(
    `SELECT l.content, l.content_type FROM client_logos l JOIN clients c ON c.id = l.client_id AND c.logo_hash = l.hash WHERE l.client_id = $1 AND l.hash = $2 AND c.disabled_at IS NULL`,
    [clientId, hash],
  );
  const row = rows[0];
  return row ? { bytes: new Uint8Array(row.content), type: row.content_type, hash } : null;
}

/** What may be changed; undefined leaves a setting as it is, null removes it. */
export interface BrandingInput {
  displayName?: string | null;
  logo?: Uint8Array | null;
  accentColor?: string | null;
  policyUri?: string | null;
  tosUri?: string | null;
}

/** The branding as the CLI's --json and the admin page report it (field names of OpenID Connect Registration). */
export interface BrandingSettings {
  client_id: string;
  display_name: string | null;
  logo_uri: string | null;
  accent_color: string | null;
  policy_uri: string | null;
  tos_uri: string | null;
}

function httpsLinkProblem(value: string): string | null {
  if (value.length > 2_048) return "must be at most 2048 characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute https URL";
  }
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.username || url.password) return "must not contain a user name or password";
  if (LINE_CONTROL_CHARACTERS.test(value)) return "must not contain control characters";
  return null;
}

function invalid(field: string, problem: string): never {
  throw new ProductError("validation_failed", `${field} ${problem}`);
}

/** Everything is checked before anything is written: a refused value changes nothing. */
export async function setClientBranding(clientId: string, input: BrandingInput, actor: DomainEvent["actor"]): Promise<BrandingSettings> {
  const data: { displayName?: string | null; logoHash?: string | null; accentColor?: string | null; policyUri?: string | null; tosUri?: string | null } = {};
  let logo: { content: Uint8Array<ArrayBuffer>; contentType: string; hash: string } | null | undefined;
  if (input.displayName !== undefined) {
    const name = input.displayName === null ? "" : input.displayName.trim();
    const nameProblem = name ? displayTextProblem(name) : null;
    if (nameProblem) invalid("display_name", nameProblem);
    if (name.length > CLIENT_DISPLAY_NAME_MAX_LENGTH) invalid("display_name", `must be at most ${CLIENT_DISPLAY_NAME_MAX_LENGTH} characters`);
    data.displayName = name || null;
  }
  if (input.logo !== undefined) {
    if (input.logo === null) [logo, data.logoHash] = [null, null];
    else {
      const checked = checkLogo(input.logo);
      if (!checked.ok) invalid("logo:", LOGO_PROBLEMS[checked.problem]);
      logo = { content: new Uint8Array(checked.logo.bytes), contentType: checked.logo.type, hash: checked.logo.hash };
      data.logoHash = checked.logo.hash;
    }
  }
  if (input.accentColor !== undefined) {
    if (input.accentColor === null || input.accentColor.trim() === "") data.accentColor = null;
    else {
      const problem = accentColourProblem(input.accentColor);
      if (problem) invalid("accent_color", problem);
      data.accentColor = normalizeHexColour(input.accentColor);
    }
  }
  for (const [key, field] of [
    ["policyUri", "policy_uri"],
    ["tosUri", "tos_uri"],
  ] as const) {
    const value = input[key];
    if (value === undefined) continue;
    const text = value === null ? "" : value.trim();
    if (text) {
      const problem = httpsLinkProblem(text);
      if (problem) invalid(field, problem);
    }
    data[key] = text || null;
  }
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { id: true } });
    if (!client) throw new ProductError("client_not_found");
    if (logo === null) await tx.clientLogo.deleteMany({ where: { clientId } });
    if (logo) await tx.clientLogo.upsert({ where: { clientId }, create: { clientId, ...logo }, update: logo });
    const saved = await tx.client.update({ where: { id: clientId }, data, select: BRANDING_SELECT });
    const settings = brandingSettingsOf(saved);
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { branding: { ...settings, client_id: undefined, logo_uri: saved.logoHash } } });
    return settings;
  });
}

export function brandingSettingsOf(row: BrandingRow): BrandingSettings {
  return {
    client_id: row.id,
    display_name: row.displayName,
    logo_uri: row.logoHash ? `${publicUrl()}${logoPath(row.id, row.logoHash)}` : null,
    accent_color: row.accentColor,
    policy_uri: row.policyUri,
    tos_uri: row.tosUri,
  };
}

export async function brandingSettings(clientId: string): Promise<BrandingSettings | null> {
  const row = await db().client.findUnique({ where: { id: clientId }, select: BRANDING_SELECT });
  return row ? brandingSettingsOf(row) : null;
}
