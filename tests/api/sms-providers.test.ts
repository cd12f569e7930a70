import http from "node:http";
import type { AddressInfo } from "node:net";
import { renderToReadableStream } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import OutboxPage from "@/app/dev/outbox/page";
import { GET as outboxJson } from "@/app/dev/outbox.json/route";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { logger } from "@/lib/log/logger";
import { outboxEnabled, smsProvider } from "@/lib/sms/provider";
import { requestSignInCode } from "@/lib/sms/sign-in-code";
import { apiRequest } from "../support/fixtures";

interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  form: Record<string, string>;
}

const ACCOUNT_SID = "AC00000000000000000000000000000001";
const AUTH_TOKEN = "twilio-auth-token-that-must-not-leak";
const env = process.env as Record<string, string | undefined>;

/** A stand-in for api.twilio.com that records what it receives. */
let twilio: http.Server;
let twilioUrl: string;
let recorded: RecordedRequest[] = [];
let answer: { status: number; body: unknown } = { status: 201, body: {} };

beforeAll(async () => {
  twilio = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      recorded.push({
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization ?? null,
        contentType: req.headers["content-type"] ?? null,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
      });
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => twilio.close(resolve));
});

beforeEach(() => {
  recorded = [];
  answer = { status: 201, body: { sid: `SM${Math.random().toString(16).slice(2).padEnd(32, "0")}`, status: "queued" } };
});

/** Runs `fn` with some environment variables changed (undefined = unset), then restores them. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

const twilioEnv = (overrides: Record<string, string | undefined> = {}) => ({
  SMS_PROVIDER: "twilio",
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_FROM: "+14155550100",
  TWILIO_MESSAGING_SERVICE_SID: undefined,
  TWILIO_API_BASE_URL: twilioUrl,
  ...overrides,
});

async function productErrorOf(promise: Promise<unknown>): Promise<ProductError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProductError);
  return error as ProductError;
}

let phoneSeq = 300;
const newPhone = () => `+1202555${String(phoneSeq++).padStart(4, "0")}`;

describe("twilio provider", () => {
  it("posts the message form to the Messages resource with HTTP Basic account credentials", async () => {
    const sid = (answer.body as { sid: string }).sid;
    const to = newPhone();
    const sent = await withEnv(twilioEnv(), () => smsProvider().send(to, "hello"));
    expect(sent).toEqual({ providerMessageId: sid });
    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request!.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
    expect(request!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request!.form).toEqual({ To: to, Body: "hello", From: "+14155550100" });

    // A record of the message, without its body.
    const row = await db().smsMessage.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({ provider: "twilio", body: "[redacted]", providerMessageId: sid });
  });

  it("uses the messaging service instead of a sender number when one is configured", async () => {
    await withEnv(twilioEnv({ TWILIO_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: "MG0000000000000000000000000000000a" }), () => smsProvider().send(newPhone(), "hi"));
    expect(recorded[0]!.form.MessagingServiceSid).toBe("MG0000000000000000000000000000000a");
    expect(recorded[0]!.form).not.toHaveProperty("From");
  });

  it("delivers sign-in codes without ever storing the code", async () => {
    const phone = newPhone();
    await withEnv(twilioEnv(), () => requestSignInCode({ phone, ip: "192.0.2.10" }));
    const code = recorded[0]!.form.Body!.match(/code is (\d{6})\./)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const stored = JSON.stringify([await db().smsMessage.findMany({ where: { to: phone } }), await db().smsCode.findMany({ where: { phone } }), await db().auditEvent.findMany({ where: { ip: "192.0.2.10" } })]);
    expect(stored).not.toContain(code);
    // The dev outbox shows only outbox messages.
    expect(await (await outboxJson(apiRequest(`/dev/outbox.json?to=${encodeURIComponent(phone)}`, { ip: "127.0.0.1" }))).json()).toEqual([]);
  });

  it("turns a Twilio error into sms_provider_failed, logs the details and leaks nothing", async () => {
    answer = { status: 401, body: { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 } };
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      const error = await productErrorOf(withEnv(twilioEnv(), () => smsProvider().send(newPhone(), "Your Trustgate code is 424242.")));
      expect(error.code).toBe("sms_provider_failed");
      expect(error.status).toBe(502);
      const wire = JSON.stringify(error.toJSON());
      for (const secret of [AUTH_TOKEN, ACCOUNT_SID, "424242", "Authenticate", "20003"]) expect(wire).not.toContain(secret);

      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ provider: "twilio", status: 401, twilioCode: 20003, twilioMessage: "Authenticate" }), "SMS provider failed");
      const logs = JSON.stringify(logged.mock.calls);
      expect(logs).not.toContain(AUTH_TOKEN);
      expect(logs).not.toContain("424242");
    } finally {
      logged.mockRestore();
    }
  });

  it("answers sms_provider_failed on a 500, and drops the undelivered code so a resend is not blocked", async () => {
    answer = { status: 500, body: { message: "internal" } };
    const phone = newPhone();
    const error = await productErrorOf(withEnv(twilioEnv(), () => requestSignInCode({ phone, ip: "192.0.2.11" })));
    expect(error.code).toBe("sms_provider_failed");
    expect(await db().smsCode.count({ where: { phone } })).toBe(0);
    expect(await db().auditEvent.count({ where: { type: "sms_code.send_failed", ip: "192.0.2.11" } })).toBe(1);

    answer = { status: 201, body: { sid: "SM00000000000000000000000000000042" } };
    await withEnv(twilioEnv(), () => requestSignInCode({ phone, ip: "192.0.2.11" }));
    expect(recorded).toHaveLength(2);
  });

  it("answers sms_provider_failed when Twilio cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await productErrorOf(withEnv(twilioEnv({ TWILIO_API_BASE_URL: deadUrl }), () => smsProvider().send(newPhone(), "x")));
    expect(error.code).toBe("sms_provider_failed");
  });

  it("answers sms_provider_not_configured when its credentials are missing, before anything is sent", async () => {
    for (const missing of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"]) {
      const error = await productErrorOf(withEnv(twilioEnv({ [missing]: undefined }), async () => smsProvider()));
      expect(error.code).toBe("sms_provider_not_configured");
    }
    const phone = newPhone();
    await productErrorOf(withEnv(twilioEnv({ TWILIO_AUTH_TOKEN: undefined }), () => requestSignInCode({ phone, ip: "192.0.2.12" })));
    expect(await db().smsCode.count({ where: { phone } })).toBe(0);
    expect(recorded).toHaveLength(0);
  });
});

describe("provider choice", () => {
  it("uses the outbox by default outside production", async () => {
    await withEnv({ SMS_PROVIDER: undefined }, () => {
      expect(outboxEnabled()).toBe(true);
      expect(smsProvider().name).toBe("outbox");
    });
  });

  it("outbox-refused-in-production: production uses Twilio unless SMS_PROVIDER=outbox is set explicitly", async () => {
    await withEnv({ NODE_ENV: "production", SMS_PROVIDER: undefined }, async () => {
      expect(outboxEnabled()).toBe(false);
      expect((await productErrorOf(Promise.resolve().then(() => smsProvider()))).code).toBe("sms_provider_not_configured");
    });
    await withEnv({ ...twilioEnv({ SMS_PROVIDER: undefined }), NODE_ENV: "production" }, () => {
      expect(smsProvider().name).toBe("twilio");
    });
    await withEnv({ NODE_ENV: "production", SMS_PROVIDER: "outbox" }, () => {
      expect(outboxEnabled()).toBe(true);
      expect(smsProvider().name).toBe("outbox");
    });
    expect(env.NODE_ENV).toBe("test");
  });

  it("refuses an unknown SMS_PROVIDER instead of guessing", async () => {
    await withEnv({ SMS_PROVIDER: "carrier-pigeon" }, async () => {
      expect(outboxEnabled()).toBe(false);
      expect((await productErrorOf(Promise.resolve().then(() => smsProvider()))).code).toBe("sms_provider_not_configured");
    });
  });
});

describe("/dev/outbox", () => {
  it("lists outbox messages as JSON, newest first, filtered by a normalised phone", async () => {
    const phone = "+14155550177";
    await smsProvider().send(phone, "first");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await smsProvider().send(phone, "second");
    await smsProvider().send(newPhone(), "someone else");

    const response = await outboxJson(apiRequest(`/dev/outbox.json?to=${encodeURIComponent("(415) 555-0177")}`, { ip: "127.0.0.1" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const messages = (await response.json()) as { to: string; body: string; created_at: string }[];
    expect(messages.map((m) => m.body)).toEqual(["second", "first"]);
    for (const message of messages) {
      expect(Object.keys(message).sort()).toEqual(["body", "created_at", "to"]);
      expect(message.to).toBe(phone);
      expect(new Date(message.created_at).toISOString()).toBe(message.created_at);
    }

    const limited = (await (await outboxJson(apiRequest("/dev/outbox.json?limit=1", { ip: "::1" }))).json()) as unknown[];
    expect(limited).toHaveLength(1);
    const all = (await (await outboxJson(apiRequest("/dev/outbox.json", { ip: "127.0.0.1" }))).json()) as { created_at: string }[];
    expect(all.length).toBeGreaterThan(1);
    expect(all.map((m) => m.created_at)).toEqual([...all.map((m) => m.created_at)].sort().reverse());
  });

  it.each([["limit=101"], ["limit=0"], ["limit=ten"], ["to=not-a-phone"]])("rejects ?%s with a clear JSON error", async (query) => {
    const response = await outboxJson(apiRequest(`/dev/outbox.json?${query}`, { ip: "127.0.0.1" }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(/limit|to/);
  });

  it("outbox-loopback-only: a request from another machine gets the same 404 as a disabled outbox", async () => {
    await smsProvider().send(newPhone(), "Your Trustgate code is 222222.");
    for (const ip of ["203.0.113.7", "10.0.0.2", "192.168.1.20", "2001:db8::1", "unknown"]) {
      const response = await outboxJson(apiRequest("/dev/outbox.json", { ip }));
      expect(response.status, ip).toBe(404);
      expect(await response.text()).not.toContain("222222");
    }
    for (const ip of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect((await outboxJson(apiRequest("/dev/outbox.json", { ip }))).status, ip).toBe(200);
  });

  it("is a 404 when the outbox is not enabled", async () => {
    await smsProvider().send(newPhone(), "Your Trustgate code is 111111.");
    await withEnv({ NODE_ENV: "production", SMS_PROVIDER: undefined }, async () => {
      const response = await outboxJson(apiRequest("/dev/outbox.json"));
      expect(response.status).toBe(404);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ error: "not_found" });
      expect(body).not.toContain("111111");
      await expect(OutboxPage()).rejects.toMatchObject({ digest: expect.stringMatching(/404/) });
    });
  });

  it("shows the messages under a not-for-production banner", async () => {
    await smsProvider().send(newPhone(), "Your Trustgate code is 987654.");
    // The page shell is an async server component (it translates its footer): a streaming render waits for it.
    const stream = await renderToReadableStream(await OutboxPage());
    await stream.allReady;
    const html = await new Response(stream).text();
    expect(html).toContain("Development outbox — not for production: messages are stored, not sent");
    expect(html).toMatch(/<pre[^>]*>Your Trustgate code is 987654\.<\/pre>/);
  });
});
