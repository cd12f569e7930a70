import { describe, expect, it } from "vitest";
import { UserIntentStatus, UserStatus } from "@/lib/db/generated/enums";
import { canTransitionIntent, USER_INTENT_STATUS_TRANSITIONS } from "@/lib/intents/status";
import { canTransitionUser, USER_STATUS_TRANSITIONS } from "@/lib/users/status";

const userStatuses = Object.values(UserStatus);
const intentStatuses = Object.values(UserIntentStatus);

describe("user status machine", () => {
  it("has a row for every status, and only known statuses as targets", () => {
    expect(Object.keys(USER_STATUS_TRANSITIONS).sort()).toEqual([...userStatuses].sort());
    for (const targets of Object.values(USER_STATUS_TRANSITIONS)) for (const to of targets) expect(userStatuses).toContain(to);
  });

  it("review-decisions: pending can be approved, sent to retry or document, rejected or suspended", () => {
    expect([...USER_STATUS_TRANSITIONS.pending].sort()).toEqual(["approved", "document", "rejected", "retry", "suspended"]);
  });

  it("verification-resubmitted: retry and document go back to pending (or straight to a decision)", () => {
    for (const from of ["retry", "document"] as const) {
      for (const to of ["pending", "approved", "rejected", "suspended"] as const) expect(canTransitionUser(from, to)).toBe(true);
    }
    expect(canTransitionUser("retry", "document")).toBe(true);
    expect(canTransitionUser("document", "retry")).toBe(true);
  });

  it("approved-only-suspends and suspended-only-reinstates", () => {
    expect(USER_STATUS_TRANSITIONS.approved).toEqual(["suspended"]);
    expect(USER_STATUS_TRANSITIONS.suspended).toEqual(["approved"]);
    expect(canTransitionUser("approved", "pending")).toBe(false);
    expect(canTransitionUser("suspended", "pending")).toBe(false);
  });

  it("rejected-is-final", () => {
    for (const to of userStatuses) expect(canTransitionUser("rejected", to)).toBe(false);
  });

  it("no-self-transitions (a status change always changes something)", () => {
    for (const status of userStatuses) expect(canTransitionUser(status, status)).toBe(false);
  });
});

describe("user intent status machine", () => {
  it("has a row for every status", () => {
    expect(Object.keys(USER_INTENT_STATUS_TRANSITIONS).sort()).toEqual([...intentStatuses].sort());
  });

  it("matches the user machine on every status the two share", () => {
    for (const from of userStatuses) expect(USER_INTENT_STATUS_TRANSITIONS[from]).toEqual(USER_STATUS_TRANSITIONS[from]);
  });

  it("converted-to-user-only-by-conversion: no reviewer transition reaches it", () => {
    for (const from of intentStatuses) expect(canTransitionIntent(from, "converted_to_user")).toBe(false);
  });

  it("converted-to-user-is-terminal", () => {
    for (const to of intentStatuses) expect(canTransitionIntent("converted_to_user", to)).toBe(false);
  });
});
