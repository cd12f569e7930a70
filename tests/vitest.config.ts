import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
const alias = { "@": root };

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "api",
          include: ["tests/api/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          globalSetup: ["tests/support/api-global-setup.ts"],
          setupFiles: ["tests/support/api-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The security suite: route handlers on a fresh database per file (like api), plus
          // tests/security/http-*.test.ts, which also start the production build (like e2e; they
          // build it first if it is missing).
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          globalSetup: ["tests/support/api-global-setup.ts"],
          setupFiles: ["tests/support/api-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          globalSetup: ["tests/support/e2e-global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Each file starts its own production server; two cores run two at a time.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        resolve: { alias },
        test: {
          // OpenID Foundation conformance plans re-enacted against the production build (issue 17):
          // tests/conformance/fapi2/ holds the FAPI 2.0 Security Profile modules, sharing one
          // server and two registered FAPI 2.0 clients (tests/conformance/fapi2/global-setup.ts).
          name: "conformance",
          include: ["tests/conformance/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          globalSetup: ["tests/support/e2e-global-setup.ts", "tests/conformance/fapi2/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One shared server: modules run one at a time, like the suite runs a plan.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          // Spawned production servers over a private PostgreSQL cluster: needs the build.
          globalSetup: ["tests/support/e2e-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file owns a database cluster and server processes: one at a time on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
