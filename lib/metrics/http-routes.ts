// Route templates for the request metrics: a bounded label set whatever paths clients send. The
// lean dispatch path knows its route; Next.js routes are matched against the build's own route
// manifest (.next/routes-manifest.json): exact pages by lookup, dynamic ones (`/v1/user_intent/[id]`)
// by their regexes. Anything else is "unmatched" (404s, probes), never the raw path.
import fs from "node:fs";
import path from "node:path";

interface Manifest {
  staticRoutes?: { page: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

export interface RouteTemplates {
  /** The template serving `pathname` (the path without its query). */
  match(pathname: string): string;
}

export const UNMATCHED = "unmatched";

/** Answered by the node:http front itself (lib/server/http-server.ts), not by a Next.js route. */
const FRONT_ROUTES = ["/readyz", "/metrics"];

export function routeTemplatesFromManifest(manifest: Manifest): RouteTemplates {
  const exact = new Map<string, string>(FRONT_ROUTES.map((route) => [route, route]));
  for (const { page } of manifest.staticRoutes ?? []) {
    exact.set(page, page);
    if (page !== "/") exact.set(`${page}/`, page);
  }
  const dynamic = (manifest.dynamicRoutes ?? []).map(({ page, regex }) => ({ page, regex: new RegExp(regex) }));
  return {
    match(pathname) {
      const hit = exact.get(pathname);
      if (hit) return hit;
      if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next";
      for (const route of dynamic) if (route.regex.test(pathname)) return route.page;
      return UNMATCHED;
    },
  };
}

/** The templates of the production build in `root`; without a build everything is "unmatched". */
export function loadRouteTemplates(root: string): RouteTemplates {
  try {
    return routeTemplatesFromManifest(JSON.parse(fs.readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8")) as Manifest);
  } catch {
    return routeTemplatesFromManifest({});
  }
}
