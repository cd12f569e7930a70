// Coarse location of a client IP (Cotter's event `location`, the trusted device's "where"): a city
// or country code from geoip-lite's offline database, which ships inside the npm package (nothing is
// downloaded at install or run time; `npm run updatedb` of geoip-lite is never called). Loopback,
// private, documentation and other non-public addresses, and addresses the database does not know,
// are "unknown". The database is loaded on the first lookup, not at import.
import { createRequire } from "node:module";
import { refusedAddressClass } from "@/lib/outbound/ip-ranges";

export const UNKNOWN_LOCATION = "unknown";

interface GeoLookup {
  lookup(ip: string): { country: string; region: string; city: string } | null;
}

let geoip: GeoLookup | null = null;

function database(): GeoLookup {
  // A plain require at call time: the package stays external to the Next bundle (next.config.js).
  geoip ??= createRequire(import.meta.url)("geoip-lite") as GeoLookup;
  return geoip;
}

/** The city as Cotter shows it ("San Francisco"), else the country code ("US"), else "unknown". */
export function coarseLocation(ip: string | null | undefined): string {
  if (!ip || refusedAddressClass(ip) !== null) return UNKNOWN_LOCATION;
  try {
    const found = database().lookup(ip);
    if (!found?.country) return UNKNOWN_LOCATION;
    return found.city || found.country;
  } catch {
    return UNKNOWN_LOCATION;
  }
}
