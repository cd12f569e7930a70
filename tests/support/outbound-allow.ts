// Test receivers (webhooks, callbacks, customer APIs) listen on this machine, which the outbound
// policy refuses by default: the suites opt loopback in, as an operator would for local development.
// Imported for its effect by the API setup and by tests/support/server.ts (so every spawned server,
// worker and CLI inherits it). tests/security/ssrf.test.ts unsets it to see the default policy.
export const TEST_OUTBOUND_ALLOW = "localhost,127.0.0.1,::1";

process.env.TRUSTGATE_OUTBOUND_ALLOW ??= TEST_OUTBOUND_ALLOW;
