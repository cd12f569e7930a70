// Masked phone numbers read as what they are: the calling code, then only the last four digits.
import { describe, expect, it } from "vitest";
import { maskPhone } from "@/lib/phone/normalize";

describe("maskPhone", () => {
  it("us-number-masked-readably: a US number shows +1, never '+14'", () => {
    expect(maskPhone("+14155550101")).toBe("+1 (•••) •••-0101");
    expect(maskPhone("+15555550100")).toBe("+1 (•••) •••-0100");
  });

  it("other countries keep their calling code and the last four digits", () => {
    expect(maskPhone("+447911123456")).toBe("+44 ••• ••• 3456");
    expect(maskPhone("+4915112345678")).toBe("+49 ••• ••• 5678");
    expect(maskPhone("+353851234567")).toBe("+353 ••• ••• 4567");
  });
});
