// fapi2-security-profile-final-ensure-mismatched-dpop-jkt-fails — a dpop_jkt that differs from the key of the DPoP proof sent to PAR is refused (RFC 9449 §10.1).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, newDpopKey, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-mismatched-dpop-jkt-fails", () => {
  it("PAR with a proof and a different dpop_jkt is refused", async () => {
    const client = clients()[0]!;
    const proofKey = await newDpopKey();
    const other = await newDpopKey();
    const { answer } = await push(client, { dpop: proofKey, params: { dpop_jkt: other.jkt } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_dpop_proof");
  });
});
