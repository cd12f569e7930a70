import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
const alias = { "@": root };

/**
 * e2e files that share ONE production server and ONE Chromium ("e2e-shared", like the conformance
 * project): each makes its own clients, users and phones, restarts nothing, changes no global
 * setting and counts no rows it did not make. Together they stay within one address's SMS budget
 * (30 codes an hour; ~17 today). Everything else starts its own server ("e2e").
 */
const SHARED_SERVER_E2E = ["api-docs", "browser", "oauth-partner", "status-paths", "authenticator-app"].map((name) => `tests/e2e/${name}.test.ts`);

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
          exclude: SHARED_SERVER_E2E,
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
          // The e2e files above that share one server and one browser (shared-server-global-setup.ts):
          // one start instead of one per file. Runs beside "e2e" (same maxWorkers, same group).
          name: "e2e-shared",
          include: SHARED_SERVER_E2E,
          environment: "node",
          env: { NODE_ENV: "test", TRUSTGATE_TEST_PHONE_BLOCKS: "1" },
          globalSetup: ["tests/support/e2e-global-setup.ts", "tests/support/shared-server-global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One module graph per worker (playwright-core, openid-client imported once), as conformance.
          isolate: false,
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        resolve: { alias },
        test: {
          // The OpenID Foundation's Basic OP plan, one file per module (docs/conformance.md), against
          // ONE production server and ONE Chromium shared by every file (conformance-global-setup.ts).
          name: "conformance",
          include: ["tests/conformance/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test" },
          globalSetup: ["tests/support/e2e-global-setup.ts", "tests/support/conformance-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The files share no state but the server's: one module graph per worker (no re-import
          // of jose and playwright-core per file), two workers so the 30-second module runs beside the rest.
          isolate: false,
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        resolve: { alias },
        test: {
          // The FAPI 2.0 Security Profile plan (tests/conformance/fapi2/): its own production server
          // and two registered FAPI 2.0 clients (tests/conformance/fapi2/global-setup.ts).
          name: "conformance-fapi2",
          include: ["tests/conformance/fapi2/**/*.test.ts"],
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
