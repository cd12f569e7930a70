// US taxpayer identifiers: format checks and the masked forms every page and admin view shows.
// A full SSN or EIN is only ever decrypted for an admin who asks (and that is audited).

/** 9 digits from "123-45-6789" or "123456789", or null. SSA never issues area 000, 666 or 9xx, group 00 or serial 0000. */
export function normalizeSsn(input: string): string | null {
  const match = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(input.trim());
  if (!match) return null;
  const [, area, group, serial] = match as unknown as [string, string, string, string];
  if (area === "000" || area === "666" || area.startsWith("9") || group === "00" || serial === "0000") return null;
  return `${area}${group}${serial}`;
}

// IRS campus prefixes that have never been assigned (IRS "How EINs are assigned").
const UNASSIGNED_EIN_PREFIXES = new Set(["00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"]);

/** 9 digits from "12-3456789" or "123456789", or null. */
export function normalizeEin(input: string): string | null {
  const match = /^(\d{2})-?(\d{7})$/.exec(input.trim());
  if (!match || UNASSIGNED_EIN_PREFIXES.has(match[1]!)) return null;
  return `${match[1]}${match[2]}`;
}

export function maskSsn(ssn: string): string {
  return `***-**-${ssn.slice(-4)}`;
}

export function maskEin(ein: string): string {
  return `**-***${ein.slice(-4)}`;
}

export function formatSsn(ssn: string): string {
  return `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`;
}

export function formatEin(ein: string): string {
  return `${ein.slice(0, 2)}-${ein.slice(2)}`;
}
