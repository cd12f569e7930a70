// What a hosted page draws for a partner (components import this type, never the module that reads it).
export interface ClientBranding {
  clientId: string;
  /** The display name, or the client's name. */
  name: string;
  /** Same-origin path of the logo, or null. */
  logoPath: string | null;
  /** `#rrggbb` (button background, link colour) and its hover shade, or null for Trustgate's own. */
  accent: { colour: string; hover: string } | null;
  policyUri: string | null;
  tosUri: string | null;
}
