// Where challenge callbacks may be sent: https anywhere; plain http only to this machine, and only
// on a development instance (a production instance must not be pointed at its own loopback).
import { afterEach, describe, expect, it, vi } from "vitest";
import { callbackUrlProblem } from "@/lib/authenticator/callback-url";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("challenge_callback_url policy", () => {
  it("accepts https and refuses other schemes, credentials and fragments", () => {
    expect(callbackUrlProblem("https://example.com/app/challenges")).toBeNull();
    expect(callbackUrlProblem("http://example.com/app/challenges")).toMatch(/https/);
    expect(callbackUrlProblem("ftp://example.com/x")).toMatch(/https/);
    expect(callbackUrlProblem("https://user:pw@example.com/x")).toMatch(/credentials/);
    expect(callbackUrlProblem("https://example.com/x#frag")).toMatch(/fragment/);
    expect(callbackUrlProblem("/relative")).toMatch(/absolute/);
  });

  it("allows http://localhost on a development instance only", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(callbackUrlProblem("http://localhost:4000/cb")).toBeNull();
    expect(callbackUrlProblem("http://127.0.0.1:4000/cb")).toBeNull();
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("TRUSTGATE_URL", "https://login.example.com");
    expect(callbackUrlProblem("http://localhost:4000/cb")).toMatch(/https/);
    vi.stubEnv("TRUSTGATE_URL", "http://localhost:3000");
    expect(callbackUrlProblem("http://localhost:4000/cb")).toBeNull();
  });
});
