// Verification forms on the server: what is validated, what is stored (SSN and EIN encrypted,
// shown masked), that a failed submit stores nothing, which statuses may submit which form, and
// that two racing submits move the user to pending exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { ProductError } from "@/lib/errors/product";
import { purgeStagedDocuments, stageDocuments } from "@/lib/verification/document-store";
import { checkDocumentFile } from "@/lib/verification/document-file";
import { listDocuments } from "@/lib/verification/documents";
import { listVerificationSubmissions, revealSubmissionSecret } from "@/lib/verification/submissions";
import { submitBusinessVerification, submitDocumentVerification, submitPersonalVerification } from "@/lib/verification/submit";
import { createTestClient } from "../support/fixtures";

let partner: CreatedClient;
let phoneCounter = 0;
const NOW = () => new Date("2026-11-24T12:00:00Z");

beforeAll(async () => {
  partner = await createTestClient();
});

async function userWithStatus(status: UserStatus) {
  phoneCounter += 1;
  return db().user.create({ data: { phone: `+1415555${String(3000 + phoneCounter).padStart(4, "0")}`, status } });
}

function personal(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    first_name: "Ada",
    last_name: "Lovelace",
    date_of_birth: "1990-12-10",
    ssn: "123-45-6789",
    address1: "1 Market St",
    address2: "Apt 4",
    city: "San Francisco",
    state: "CA",
    postal_code: "94105",
    ...overrides,
  };
}

function business(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    business_name: "Analytical Engines LLC",
    ein: "12-3456789",
    business_address1: "2 Market St",
    business_address2: "",
    business_city: "San Francisco",
    business_state: "CA",
    business_postal_code: "94105",
    controller_first_name: "Charles",
    controller_last_name: "Babbage",
    controller_title: "CEO",
    controller_date_of_birth: "1971-12-26",
    controller_ssn: "234-56-7890",
    controller_address1: "3 Market St",
    controller_address2: "",
    controller_city: "Oakland",
    controller_state: "ca",
    controller_postal_code: "94607-1234",
    ...overrides,
  };
}

async function storedFor(userId: string) {
  const [submissions, documents, user, events] = await Promise.all([
    db().verificationSubmission.count({ where: { userId } }),
    db().verificationDocument.count({ where: { userId } }),
    db().user.findUniqueOrThrow({ where: { id: userId } }),
    db().auditEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { submissions, documents, status: user.status, events: events.map((event) => event.type) };
}

describe("personal verification", () => {
  it("stores the details with the SSN encrypted, moves retry → pending and emits user.updated with the partner", async () => {
    const user = await userWithStatus("retry");
    const result = await submitPersonalVerification({ userId: user.id, clientId: partner.client_id, ip: "203.0.113.5", now: NOW }, personal());
    expect(result.ok).toBe(true);
    const row = await db().verificationSubmission.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.kind).toBe("personal");
    expect(row.ssnEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toMatch(/6789|123-?45/);
    expect(row.data).toMatchObject({ first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", state: "CA", postal_code: "94105" });
    const stored = await storedFor(user.id);
    expect(stored.status).toBe("pending");
    expect(stored.events).toEqual(["user.updated", "verification.submitted"]);
    const updated = await db().auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "user.updated" } });
    expect(updated.clientId).toBe(partner.client_id);
    expect(updated.data).toMatchObject({ from: "retry", to: "pending" });
  });

  it("shows the SSN only masked; an admin reveal returns it in full and is audited", async () => {
    const user = await userWithStatus("retry");
    await submitPersonalVerification({ userId: user.id, clientId: partner.client_id, now: NOW }, personal({ ssn: "123456789" }));
    const [view] = await listVerificationSubmissions(user.id);
    expect(view!.ssnMasked).toBe("***-**-6789");
    expect(view!.einMasked).toBeNull();
    expect(JSON.stringify(view)).not.toContain("12345");
    const admin = await db().admin.create({ data: { email: `reviewer${Date.now()}@example.com`, passwordHash: "unused" } });
    await expect(revealSubmissionSecret({ submissionId: view!.id, field: "ssn", adminId: admin.id })).resolves.toBe("123-45-6789");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { type: "verification.secret_revealed", subjectId: view!.id } });
    expect(audit).toMatchObject({ actorType: "admin", actorId: admin.id, userId: user.id });
    await expect(revealSubmissionSecret({ submissionId: view!.id, field: "ssn", adminId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(ProductError);
  });

  it("invalid input: a message per field, values kept except the SSN, nothing stored", async () => {
    const user = await userWithStatus("retry");
    const result = await submitPersonalVerification(
      { userId: user.id, clientId: partner.client_id, now: NOW },
      personal({ first_name: " ", date_of_birth: "2001-02-30", ssn: "000-12-3456", state: "ZZ", postal_code: "941", city: "San\u0000Francisco" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["city", "date_of_birth", "first_name", "postal_code", "ssn", "state"]);
    expect(result.errors.date_of_birth).toMatch(/real date/);
    expect(result.values.last_name).toBe("Lovelace");
    expect(result.values.postal_code).toBe("941");
    expect("ssn" in result.values).toBe(false);
    expect(await storedFor(user.id)).toMatchObject({ submissions: 0, status: "retry", events: [] });
  });

  it("refuses minors (18th birthday is the first allowed day) and future dates", async () => {
    const user = await userWithStatus("retry");
    const minor = await submitPersonalVerification({ userId: user.id, clientId: null, now: NOW }, personal({ date_of_birth: "2008-11-25" }));
    expect(!minor.ok && minor.errors.date_of_birth).toMatch(/at least 18/);
    const future = await submitPersonalVerification({ userId: user.id, clientId: null, now: NOW }, personal({ date_of_birth: "2027-01-01" }));
    expect(!future.ok && future.errors.date_of_birth).toMatch(/future/);
    expect((await submitPersonalVerification({ userId: user.id, clientId: null, now: NOW }, personal({ date_of_birth: "2008-11-24" }))).ok).toBe(true);
  });

  it("only a retry user may send details; other statuses get verification_not_allowed and nothing is stored", async () => {
    for (const status of ["approved", "pending", "document", "rejected", "suspended"] as const) {
      const user = await userWithStatus(status);
      const attempt = submitPersonalVerification({ userId: user.id, clientId: partner.client_id, now: NOW }, personal());
      await expect(attempt).rejects.toMatchObject({ code: "verification_not_allowed" });
      expect(await storedFor(user.id)).toMatchObject({ submissions: 0, status, events: [] });
    }
  });

  it("two racing submits: exactly one is stored and the other is refused", async () => {
    const user = await userWithStatus("retry");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => submitPersonalVerification({ userId: user.id, clientId: partner.client_id, now: NOW }, personal())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const rejected of results.filter((r) => r.status === "rejected")) expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "verification_not_allowed" });
    expect(await storedFor(user.id)).toMatchObject({ submissions: 1, status: "pending" });
  });
});

describe("business verification", () => {
  it("stores the business, controller and owners; EIN and controller SSN encrypted and masked", async () => {
    const user = await userWithStatus("retry");
    const result = await submitBusinessVerification(
      { userId: user.id, clientId: partner.client_id, now: NOW },
      business({
        owner1_first_name: "Ada",
        owner1_last_name: "Lovelace",
        owner1_date_of_birth: "1990-12-10",
        owner1_percent: "60",
        owner3_first_name: "Mary",
        owner3_last_name: "Somerville",
        owner3_date_of_birth: "1980-02-26",
        owner3_percent: "25.5",
      }),
    );
    expect(result.ok).toBe(true);
    const [view] = await listVerificationSubmissions(user.id);
    expect(view).toMatchObject({ kind: "business", einMasked: "**-***6789", ssnMasked: "***-**-7890" });
    expect(view!.data).toMatchObject({ business_name: "Analytical Engines LLC", controller_state: "CA", controller_postal_code: "94607-1234" });
    expect(view!.data.owners).toEqual([
      { first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", percent: 60 },
      { first_name: "Mary", last_name: "Somerville", date_of_birth: "1980-02-26", percent: 25.5 },
    ]);
    const row = await db().verificationSubmission.findFirstOrThrow({ where: { userId: user.id } });
    expect(JSON.stringify(row)).not.toMatch(/3456789|234-?56/);
    expect((await storedFor(user.id)).status).toBe("pending");
  });

  it("owners: below 25 %, incomplete, or more than 100 % together are refused; nothing stored", async () => {
    const user = await userWithStatus("retry");
    const low = await submitBusinessVerification({ userId: user.id, clientId: null, now: NOW }, business({ owner1_first_name: "A", owner1_last_name: "B", owner1_date_of_birth: "1990-01-01", owner1_percent: "20" }));
    expect(!low.ok && low.errors.owner1_percent).toMatch(/25 to 100/);
    const partial = await submitBusinessVerification({ userId: user.id, clientId: null, now: NOW }, business({ owner2_first_name: "Only" }));
    expect(!partial.ok && Object.keys(partial.errors).sort()).toEqual(["owner2_date_of_birth", "owner2_last_name", "owner2_percent"]);
    const owners: Record<string, string> = {};
    for (const slot of [1, 2, 3]) Object.assign(owners, { [`owner${slot}_first_name`]: "X", [`owner${slot}_last_name`]: "Y", [`owner${slot}_date_of_birth`]: "1990-01-01", [`owner${slot}_percent`]: "40" });
    const total = await submitBusinessVerification({ userId: user.id, clientId: null, now: NOW }, business(owners));
    expect(!total.ok && total.errors.owners).toMatch(/120%/);
    const badEin = await submitBusinessVerification({ userId: user.id, clientId: null, now: NOW }, business({ ein: "07-1234567", controller_ssn: "" }));
    expect(!badEin.ok && Object.keys(badEin.errors).sort()).toEqual(["controller_ssn", "ein"]);
    expect(!badEin.ok && ("ein" in badEin.values || "controller_ssn" in badEin.values)).toBe(false);
    expect(await storedFor(user.id)).toMatchObject({ submissions: 0, status: "retry" });
  });
});

describe("document verification", () => {
  it("only a document user may upload; a retry user is refused", async () => {
    const user = await userWithStatus("retry");
    const png = { name: "front.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) };
    await expect(submitDocumentVerification({ userId: user.id, clientId: null }, { front: png, back: png })).rejects.toMatchObject({ code: "verification_not_allowed" });
    expect(await storedFor(user.id)).toMatchObject({ submissions: 0, documents: 0, status: "retry" });
  });

  it("racing uploads: exactly one submission keeps its two files and no staged bytes are left behind", async () => {
    const user = await userWithStatus("document");
    const png = { name: "id.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]) };
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => submitDocumentVerification({ userId: user.id, clientId: partner.client_id }, { front: png, back: png })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const rejected of results.filter((r) => r.status === "rejected")) expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "verification_not_allowed" });
    expect(await db().verificationDocument.count({ where: { userId: user.id } })).toBe(2);
    expect(await db().verificationDocument.count({ where: { userId: user.id, submissionId: null } })).toBe(0);
    expect((await listDocuments(user.id)).map((d) => d.side).sort()).toEqual(["back", "front"]);
  });

  it("staged bytes of a submit that never finished are invisible to admins and purged after an hour", async () => {
    const user = await userWithStatus("document");
    const checked = checkDocumentFile({ name: "id.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]) });
    if (!checked.ok) throw new Error("fixture");
    const [staged] = await stageDocuments(user.id, [{ side: "front", file: checked.file }]);
    expect(await listDocuments(user.id)).toEqual([]);
    expect(await purgeStagedDocuments(new Date())).toBe(0);
    expect(await purgeStagedDocuments(new Date(Date.now() + 2 * 3600 * 1000))).toBeGreaterThanOrEqual(1);
    expect(await db().verificationDocument.findUnique({ where: { id: staged! } })).toBeNull();
  });
});
