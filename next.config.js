// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/wasm or connection-pool packages stay outside the bundle (the wasm must not be copied
  // into public assets, one pg pool and one prom-client registry must be shared by every route bundle). swagger-ui-dist:
  // /docs/assets reads its files from the installed package directory.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg", "pino", "prom-client", "swagger-ui-dist"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() answers 403 from admin pages a reviewer may not open (lib/admin/current-admin.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
