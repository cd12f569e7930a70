// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/wasm or connection-pool packages stay outside the bundle (the wasm must not be copied
  // into public assets, one pg pool, one prom-client registry and one OpenTelemetry SDK must be shared by every route
  // bundle; the SDK is imported only when tracing is on). swagger-ui-dist:
  // /docs/assets reads its files from the installed package directory; geoip-lite reads its
  // offline database from its own package directory (lib/geo).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
    "@prisma/adapter-pg",
    "pino",
    "prom-client",
    "swagger-ui-dist",
    "geoip-lite",
    "@opentelemetry/api",
    "@opentelemetry/sdk-node",
    "@opentelemetry/exporter-trace-otlp-http",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() answers 403 from admin pages a reviewer may not open (lib/admin/current-admin.ts).
  // TRUSTGATE_PRELOAD_ROUTES=off: Next.js loads a route's modules on its first request instead of
  // every route's at start (read at every start, no rebuild needed; docs/benchmarks.md, "Memory").
  experimental: { authInterrupts: true, preloadEntriesOnStart: process.env.TRUSTGATE_PRELOAD_ROUTES?.trim() !== "off" },
  // The web SDK's popup must keep its opener (a partner's page on another origin) to answer it by
  // postMessage: COOP same-origin would sever it (docs/security.md, "Web SDK"). Only this page.
  async headers() {
    return [{ source: "/sdk/v1/window", headers: [{ key: "Cross-Origin-Opener-Policy", value: "unsafe-none" }] }];
  },
};

export default nextConfig;
