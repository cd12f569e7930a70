import { afterEach, describe, expect, it } from "vitest";
import { cleanDeviceName, deviceNameFromUserAgent } from "@/lib/devices/device-name";
import { loginRequestTtlS } from "@/lib/devices/login-request-ttl";

describe("device names from the user agent", () => {
  it.each([
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36", "Chrome on Android"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox on Mac"],
    ["curl/8.0", "This device"],
    [null, "This device"],
  ])("%s → %s", (ua, name) => {
    expect(deviceNameFromUserAgent(ua)).toBe(name);
  });

  it("user-chosen names lose control characters and stay bounded", () => {
    expect(cleanDeviceName("  Work\u0000 phone\n ")).toBe("Work phone");
    expect(cleanDeviceName("x".repeat(200))).toHaveLength(64);
    expect(cleanDeviceName(" \u0007 ")).toBeNull();
  });
});

describe("login request lifetime", () => {
  afterEach(() => {
    delete process.env.TRUSTGATE_LOGIN_REQUEST_TTL_S;
  });

  it("is 5 minutes, and the setting can only shorten it", () => {
    expect(loginRequestTtlS()).toBe(300);
    process.env.TRUSTGATE_LOGIN_REQUEST_TTL_S = "20";
    expect(loginRequestTtlS()).toBe(20);
    process.env.TRUSTGATE_LOGIN_REQUEST_TTL_S = "3600";
    expect(loginRequestTtlS()).toBe(300);
    process.env.TRUSTGATE_LOGIN_REQUEST_TTL_S = "0";
    expect(loginRequestTtlS()).toBe(300);
  });
});
