// Imported first by server entry points: module-level code elsewhere reads these.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";
env.NEXT_TELEMETRY_DISABLED = "1";
env.CHECKPOINT_DISABLE = "1";
