// POST /verify/document/upload: the type comes from the bytes (never the name or the browser's
// claim), size and emptiness are checked, a cross-origin post is refused, and a refused upload
// stores nothing. Documents are readable only through the audited admin function.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as uploadRoute } from "@/app/verify/document/upload/route";
import { createAuthorizationRequest } from "@/lib/authorize/authorization-request";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { createSession } from "@/lib/sessions/session";
import { adminDocumentResponse } from "@/lib/verification/document-response";
import { listDocuments, readDocumentForAdmin } from "@/lib/verification/documents";
import { countSubmitAttempt } from "@/lib/verification/submit-attempts";
import { apiRequest, BASE_URL, createTestClient } from "../support/fixtures";

let partner: CreatedClient;
let phoneCounter = 0;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR fake image body")]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF body")]);
const HTML = Buffer.from("<!doctype html><script>alert(1)</script>");

beforeAll(async () => {
  partner = await createTestClient();
});

async function signedInUser(status: UserStatus) {
  phoneCounter += 1;
  const user = await db().user.create({ data: { phone: `+1415555${String(4000 + phoneCounter).padStart(4, "0")}`, status } });
  const { token } = await createSession({ userId: user.id, phone: user.phone, authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) });
  return { user, cookie: `next-auth.session-token=${token}` };
}

async function standaloneRequest(state: string | null = "s-1") {
  return createAuthorizationRequest({
    clientId: partner.client_id,
    redirectUri: partner.redirect_uris[0]!,
    scope: "",
    state,
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
    userIntentId: null,
    expectedUserId: null,
    phone: null,
    phoneReadOnly: false,
    verifyForm: "document",
  });
}

type Part = { bytes: Buffer; name: string; type?: string };

function upload(rid: string, parts: { front?: Part; back?: Part }, headers: Record<string, string>) {
  const form = new FormData();
  for (const side of ["front", "back"] as const) {
    const part = parts[side];
    if (part) form.append(side, new Blob([new Uint8Array(part.bytes)], { type: part.type ?? "application/octet-stream" }), part.name);
  }
  return uploadRoute(apiRequest(`/verify/document/upload?rid=${rid}`, { method: "POST", body: form, headers: { Origin: BASE_URL, ...headers } }));
}

async function nothingStored(userId: string) {
  expect(await db().verificationDocument.count({ where: { userId } })).toBe(0);
  expect(await db().verificationSubmission.count({ where: { userId } })).toBe(0);
  expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe("document");
}

function locationOf(response: Response): URL {
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!, BASE_URL);
}

describe("document upload", () => {
  it("front PNG + back PDF: stored as bytea with the sniffed type and SHA-256, user pending, back to redirect_uri with state", async () => {
    const { user, cookie } = await signedInUser("document");
    const rid = await standaloneRequest();
    const response = await upload(
      rid,
      { front: { bytes: PNG, name: "front.png", type: "application/pdf" }, back: { bytes: PDF, name: "scan", type: "text/html" } },
      {
        Cookie: cookie,
        // What a browser sends for a same-origin form post under Referrer-Policy: no-referrer.
        Origin: "null",
        "Sec-Fetch-Site": "same-origin",
      },
    );
    const location = locationOf(response);
    expect(`${location.origin}${location.pathname}`).toBe(partner.redirect_uris[0]);
    expect(location.searchParams.get("state")).toBe("s-1");
    expect(location.searchParams.get("code")).toBeNull();
    const documents = await listDocuments(user.id);
    expect(documents.map((d) => [d.side, d.contentType, d.byteSize, d.fileName]).sort()).toEqual([
      ["back", "application/pdf", PDF.length, "scan"],
      ["front", "image/png", PNG.length, "front.png"],
    ]);
    const front = documents.find((d) => d.side === "front")!;
    expect(front.sha256).toBe((await import("node:crypto")).createHash("sha256").update(PNG).digest("hex"));
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("pending");

    const admin = await db().admin.create({ data: { email: `docs${Date.now()}@example.com`, passwordHash: "unused" } });
    const read = await readDocumentForAdmin(front.id, admin.id);
    expect(Buffer.from(read.content).equals(PNG)).toBe(true);
    expect(read.contentType).toBe("image/png");
    expect(await db().auditEvent.count({ where: { type: "verification.document_viewed", subjectId: front.id, actorId: admin.id } })).toBe(1);

    const download = adminDocumentResponse(read);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="front-[0-9a-f]{8}\.png"$/);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(adminDocumentResponse(read, { inline: true }).headers.get("content-disposition")).toMatch(/^inline;/);
  });

  it("attempts are rate limited per user before the body is read; nothing stored", async () => {
    const { user, cookie } = await signedInUser("document");
    for (let i = 0; i < 20; i++) await countSubmitAttempt(user.id);
    const rid = await standaloneRequest();
    const location = locationOf(await upload(rid, { front: { bytes: PNG, name: "a.png" }, back: { bytes: PDF, name: "b.pdf" } }, { Cookie: cookie }));
    expect(location.searchParams.get("upload")).toBe("rate_limited");
    await nothingStored(user.id);
  });

  const refusals: [string, { front: Part; back: Part }, Record<string, string>][] = [
    ["a PNG renamed .pdf (name and bytes disagree)", { front: { bytes: PNG, name: "id.pdf", type: "application/pdf" }, back: { bytes: JPEG, name: "back.jpg" } }, { front: "name_mismatch" }],
    ["an HTML file claiming image/png", { front: { bytes: HTML, name: "id.png", type: "image/png" }, back: { bytes: HTML, name: "back", type: "image/png" } }, { front: "unsupported_type", back: "unsupported_type" }],
    ["an 11 MB file", { front: { bytes: Buffer.concat([JPEG, Buffer.alloc(11 * 1024 * 1024)]), name: "big.jpg" }, back: { bytes: JPEG, name: "back.jpeg" } }, { front: "too_large" }],
    ["an empty file", { front: { bytes: PNG, name: "front.png" }, back: { bytes: Buffer.alloc(0), name: "back.png", type: "image/png" } }, { back: "empty" }],
    ["a missing side", { front: { bytes: PNG, name: "front.png" }, back: { bytes: Buffer.alloc(0), name: "" } }, { back: "missing" }],
  ];
  for (const [what, parts, errors] of refusals) {
    it(`${what}: a clear error on the form, nothing stored`, async () => {
      const { user, cookie } = await signedInUser("document");
      const rid = await standaloneRequest();
      const location = locationOf(await upload(rid, parts, { Cookie: cookie }));
      expect(location.pathname).toBe("/verify/document");
      expect(location.searchParams.get("rid")).toBe(rid);
      expect(Object.fromEntries([...location.searchParams].filter(([key]) => key !== "rid"))).toEqual(errors);
      await nothingStored(user.id);
    });
  }

  it("a body larger than both files together is cut off: an upload error, nothing stored", async () => {
    const { user, cookie } = await signedInUser("document");
    const rid = await standaloneRequest();
    const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
    const location = locationOf(await upload(rid, { front: { bytes: big, name: "a.png" }, back: { bytes: big, name: "b.png" } }, { Cookie: cookie }));
    expect(location.searchParams.get("upload")).toBe("too_large");
    await nothingStored(user.id);
  });

  it("CSRF: a cross-origin post (by Origin or Fetch Metadata), or one proving neither, is refused with 403 and stores nothing", async () => {
    const { user, cookie } = await signedInUser("document");
    const rid = await standaloneRequest();
    const parts = { front: { bytes: PNG, name: "front.png" }, back: { bytes: PDF, name: "back.pdf" } };
    const crossOrigin: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" },
      { Origin: "null" },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
    ];
    for (const headers of crossOrigin) {
      const response = await upload(rid, parts, { Cookie: cookie, ...headers });
      expect(response.status).toBe(403);
      expect(response.headers.get("location")).toBeNull();
    }
    const form = new FormData();
    form.append("front", new Blob([new Uint8Array(PNG)]), "front.png");
    const noOrigin = await uploadRoute(apiRequest(`/verify/document/upload?rid=${rid}`, { method: "POST", body: form, headers: { Cookie: cookie } }));
    expect(noOrigin.status).toBe(403);
    await nothingStored(user.id);
  });

  it("without a session the upload goes to sign-in and stores nothing; a retry user is sent to the details form", async () => {
    const { user } = await signedInUser("document");
    const rid = await standaloneRequest();
    const anonymous = locationOf(await upload(rid, { front: { bytes: PNG, name: "a.png" }, back: { bytes: PNG, name: "b.png" } }, {}));
    expect(anonymous.pathname).toBe("/login/continue");
    await nothingStored(user.id);

    const retry = await signedInUser("retry");
    const notAllowed = locationOf(await upload(rid, { front: { bytes: PNG, name: "a.png" }, back: { bytes: PNG, name: "b.png" } }, { Cookie: retry.cookie }));
    expect(notAllowed.pathname).toBe("/verify/document"); // the page explains there is nothing to upload
    expect(await db().verificationDocument.count({ where: { userId: retry.user.id } })).toBe(0);
  });

  it("an unknown or expired rid answers an error page, not a redirect", async () => {
    const { cookie } = await signedInUser("document");
    const response = await upload("unknown-request-id-123", { front: { bytes: PNG, name: "a.png" }, back: { bytes: PNG, name: "b.png" } }, { Cookie: cookie });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });
});
