// The lean path's Request (lib/server/http-server.ts): standard in every way a route can observe,
// although its body is materialised only when someone reads it.
import http from "node:http";
import { Socket, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawBodyOf } from "@/lib/validation/raw-body";
import { toRequest } from "@/lib/server/http-server";

let server: http.Server;
let url: string;
let inspect: (request: Request) => Promise<unknown>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = req.method === "GET" ? null : Buffer.concat(chunks);
      inspect(toRequest(req, body)).then(
        (result) => res.end(JSON.stringify(result)),
        (error: unknown) => res.end(JSON.stringify({ error: String(error) })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function roundTrip(check: (request: Request) => Promise<unknown>, init: RequestInit & { path?: string } = {}): Promise<unknown> {
  inspect = check;
  return (await fetch(`${url}${init.path ?? "/v1/oauth/token?x=1"}`, init)).json();
}

describe("the lean path's Request", () => {
  const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic YTpi" }, body: "grant_type=client_credentials&x=%C3%A9" };

  it("carries method, URL and headers, and hands the raw body to the route's parser", async () => {
    const seen = await roundTrip(
      async (request) => ({
        method: request.method,
        url: request.url,
        type: request.headers.get("content-type"),
        auth: request.headers.get("authorization"),
        raw: Buffer.from(rawBodyOf(request) as Uint8Array).toString("utf8"),
        used: request.bodyUsed,
      }),
      form,
    );
    expect(seen).toMatchObject({ method: "POST", type: "application/x-www-form-urlencoded", auth: "Basic YTpi", raw: form.body, used: false });
    expect((seen as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/oauth\/token\?x=1$/);
  });

  it("reads the same body through text(), formData(), arrayBuffer() and the body stream", async () => {
    expect(await roundTrip(async (request) => request.text(), form)).toBe(form.body);
    expect(await roundTrip(async (request) => Object.fromEntries(await request.formData()), form)).toEqual({ grant_type: "client_credentials", x: "é" });
    expect(await roundTrip(async (request) => Buffer.from(await request.arrayBuffer()).toString("utf8"), form)).toBe(form.body);
    const streamed = await roundTrip(async (request) => {
      const chunks: Uint8Array[] = [];
      const reader = request.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
      return { text: Buffer.concat(chunks).toString("utf8"), used: request.bodyUsed };
    }, form);
    expect(streamed).toEqual({ text: form.body, used: true });
    expect(await roundTrip(async (request) => request.json(), { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":[1]}' })).toEqual({ a: [1] });
  });

  it("a body is read once, as with any Request", async () => {
    const second = await roundTrip(async (request) => {
      await request.text();
      return request.text().then(
        () => "read twice",
        (error: unknown) => (error instanceof TypeError ? "refused" : String(error)),
      );
    }, form);
    expect(second).toBe("refused");
  });

  it("has no body for GET, and keeps repeated headers", async () => {
    const seen = await roundTrip(async (request) => ({ body: request.body, raw: rawBodyOf(request) ?? null, text: await request.text() }), { path: "/.well-known/jwks.json" });
    expect(seen).toEqual({ body: null, raw: null, text: "" });
    // Node joins most repeated headers into one string; set-cookie arrives as an array.
    const message = new http.IncomingMessage(new Socket());
    Object.assign(message, { method: "GET", url: "/x", headers: { host: "localhost:3000", "set-cookie": ["a=1", "b=2"], accept: "*/*" } });
    const request = toRequest(message, null);
    const cookies = request.headers.getSetCookie();
    expect(request.headers.get("accept")).toBe("*/*");
    expect(cookies).toEqual(["a=1", "b=2"]);
  });
});
