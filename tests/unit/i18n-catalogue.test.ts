// The message catalogue of the hosted pages (lib/i18n): every language has exactly the English
// keys, with the same ICU placeholders and tags; every key is used by the code; each message
// formats in its language; and the language is chosen from ui_locales, then Accept-Language,
// then English.
import fs from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { CATALOGUES, clientMessages, translatorFor } from "@/lib/i18n/catalog";
import { chooseLocale, directionOf, LOCALES, matchAcceptLanguage, matchUiLocales } from "@/lib/i18n/locales";
import { en, type MessageKey } from "@/lib/i18n/messages/en";
import { localizeFieldErrors } from "@/lib/verification/localize-errors";
import { validateBusinessForm, validatePersonalForm } from "@/lib/verification/validate-form";
import { ROOT } from "../support/paths";

const KEYS = Object.keys(en) as MessageKey[];

/** Placeholder and tag names of an ICU message, with the kind of each (plural, tag, …). */
function placeholders(message: string): string[] {
  const out = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      if (element.type === TYPE.tag) {
        out.add(`<${element.value}>`);
        walk(element.children);
        continue;
      }
      out.add(`${element.value}:${TYPE[element.type]}`);
      if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...out].sort();
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Keys the code builds from a code it received: [how the source builds it (`loginErrors.${code}`), the keys so built]. */
const DYNAMIC_PREFIXES: [string, string][] = [
  ["loginErrors.", "loginErrors."],
  ["deviceErrors.", "deviceErrors."],
  ["secondFactor.", "secondFactor.second_factor_"],
  ["scope.", "scope."],
  ["security.off.", "security.off."],
  ["verify.file.", "verify.file."],
  ["verify.upload.", "verify.upload."],
];

describe("message catalogue (lib/i18n/messages)", () => {
  it("every language has exactly the English keys", () => {
    for (const locale of LOCALES) {
      const keys = Object.keys(CATALOGUES[locale]).sort();
      expect({ locale, missing: KEYS.filter((key) => !keys.includes(key)), extra: keys.filter((key) => !(key in en)) }).toEqual({ locale, missing: [], extra: [] });
    }
  });

  it("every translation has the English message's placeholders and tags, and formats", () => {
    const sample = {
      clientName: "Acme",
      phone: "+1 ••• 0101",
      code: "123456",
      minutes: 5,
      seconds: 2,
      digits: 6,
      left: 3,
      last4: "0101",
      name: "Pixel",
      time: "10:00",
      since: "2026-01-01",
      added: "x",
      lastUsed: "y",
      message: "m",
      reason: "r",
      slot: 2,
      count: 2,
      mb: 10,
      field: "City",
      max: 100,
      years: 18,
      min: 25,
      total: "120",
      b: (chunks: unknown[]) => chunks.join(""),
      policy: (chunks: unknown[]) => chunks.join(""),
      terms: (chunks: unknown[]) => chunks.join(""),
    };
    for (const key of KEYS) {
      const expected = placeholders(en[key]);
      for (const locale of LOCALES) {
        const message = CATALOGUES[locale][key];
        expect({ key, locale, placeholders: placeholders(message) }).toEqual({ key, locale, placeholders: expected });
        expect(message.trim(), `${locale} ${key} is empty`).not.toBe("");
        const t = translatorFor(locale);
        expect(() => t.rich(key, sample), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  it("Spanish and Arabic translate (a message equal to its English is a product name or a format)", () => {
    const sameAsEnglish = (locale: "es" | "ar") => KEYS.filter((key) => CATALOGUES[locale][key] === en[key]);
    expect(sameAsEnglish("es")).toEqual([]);
    expect(sameAsEnglish("ar")).toEqual([]);
  });

  it("every key is used by the code (no stale messages)", () => {
    const source = [...sourceFiles("app"), ...sourceFiles("components"), ...sourceFiles("lib")]
      .filter((file) => !file.includes(`${path.sep}lib${path.sep}i18n${path.sep}messages${path.sep}`) && !file.includes(`${path.sep}generated${path.sep}`))
      .map((file) => fs.readFileSync(file, "utf8"))
      .join("\n");
    for (const [built] of DYNAMIC_PREFIXES) expect(source.includes(`\`${built}\${`), `a key built as \`${built}\${…}\``).toBe(true);
    const unused = KEYS.filter((key) => !source.includes(`"${key}"`) && !DYNAMIC_PREFIXES.some(([, prefix]) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it("keeps the accessible names the guide lists in English", () => {
    const t = translatorFor("en");
    expect([
      t("phone.label"),
      t("common.verificationCode"),
      t("consent.authorize"),
      t("consent.deny"),
      t("device.add"),
      t("device.signInWithThis"),
      t("device.approveOnOther"),
      t("device.checkRequests"),
      t("device.approve"),
      t("device.reject"),
    ]).toEqual(["Phone number", "Verification code", "Authorize", "Deny", "Add this device", "Sign in with this device", "Approve on my other device", "Check for sign-in requests", "Approve", "Reject"]);
  });

  it("plurals follow each language's rules", () => {
    expect(translatorFor("en")("code.triesLeft", { message: "No.", left: 1 })).toBe("No. 1 try left.");
    expect(translatorFor("en")("code.triesLeft", { message: "No.", left: 4 })).toBe("No. 4 tries left.");
    expect(translatorFor("es")("code.triesLeft", { message: "No.", left: 1 })).toBe("No. Te queda 1 intento.");
    expect(translatorFor("ar")("code.triesLeft", { message: "لا.", left: 2 })).toBe("لا. بقيت محاولتان.");
  });

  it("sends client components only the client namespaces", () => {
    const sent = Object.keys(clientMessages("es"));
    expect(sent).toContain("device.approveOnOther");
    expect(sent).not.toContain("consent.heading");
    expect(sent).not.toContain("sms.signInCode");
  });
});

describe("choosing the language", () => {
  it("ui_locales: the first supported tag, by exact tag or language", () => {
    expect(matchUiLocales("fr-CA es-MX ar")).toBe("es");
    expect(matchUiLocales("ar-EG")).toBe("ar");
    expect(matchUiLocales("fr de")).toBeNull();
    expect(matchUiLocales("")).toBeNull();
    expect(matchUiLocales(null)).toBeNull();
  });

  it("Accept-Language: highest q first, then order; q=0 refuses", () => {
    expect(matchAcceptLanguage("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.7")).toBe("es");
    expect(matchAcceptLanguage("en;q=0.5, ar;q=0.9")).toBe("ar");
    expect(matchAcceptLanguage("es;q=0, de")).toBeNull();
    expect(matchAcceptLanguage("*")).toBeNull();
    expect(matchAcceptLanguage("es;q=abc, ar")).toBe("ar");
  });

  it("the remembered ui_locales choice beats Accept-Language; English otherwise", () => {
    expect(chooseLocale({ remembered: "ar", acceptLanguage: "es-ES,es;q=0.9" })).toBe("ar");
    expect(chooseLocale({ remembered: "xx", acceptLanguage: "es-ES" })).toBe("es");
    expect(chooseLocale({ remembered: null, acceptLanguage: "de-DE" })).toBe("en");
    expect(chooseLocale({})).toBe("en");
    expect([directionOf("en"), directionOf("es"), directionOf("ar")]).toEqual(["ltr", "ltr", "rtl"]);
  });
});

describe("the verification forms' checks in the page's language", () => {
  const now = () => new Date("2026-06-01T00:00:00Z");
  const tooLong = "x".repeat(300);
  const personal: Record<string, string>[] = [
    {},
    { first_name: "R2-D2", last_name: tooLong, date_of_birth: "2026-02-30", ssn: "12", address1: "a\u0001b", city: "x", state: "ZZ", postal_code: "1" },
    { date_of_birth: "2020-01-01" },
    { date_of_birth: "2030-01-01" },
    { date_of_birth: "1800-01-01" },
  ];
  const owner = (slot: number, percent: string) => ({ [`owner${slot}_first_name`]: "Ada", [`owner${slot}_last_name`]: "Lovelace", [`owner${slot}_date_of_birth`]: "1990-01-01", [`owner${slot}_percent`]: percent });
  const business: Record<string, string>[] = [{}, { ein: "1", ...owner(1, "5") }, { ...owner(1, "70"), ...owner(2, "50") }];

  it("every message a form check can give is worded again in Spanish and Arabic (none stays English)", () => {
    const english = [
      ...personal.map((fields) => validatePersonalForm(fields, now)),
      ...business.map((fields) => validateBusinessForm(fields, now)),
      {
        ok: false as const,
        errors: { form: "This form may only be sent from this page. Reload it and try again.", form2: "This page has expired. Return to the application and start again.", form3: "Too many attempts. Try again in 7 minutes." },
      },
    ].flatMap((result) => (result.ok ? [] : [result.errors]));
    const kinds = new Set<string>();
    for (const errors of english) {
      for (const locale of ["es", "ar"] as const) {
        const localized = localizeFieldErrors(translatorFor(locale), errors);
        for (const [field, message] of Object.entries(errors)) {
          expect({ field, message, localized: localized[field] === message ? "unchanged" : "reworded" }).toEqual({ field, message, localized: "reworded" });
          kinds.add(message.replace(/\d+/g, "#").slice(0, 24));
        }
      }
      expect(localizeFieldErrors(translatorFor("en"), errors)).toEqual(errors);
    }
    // The fixtures reach the message kinds (required, too long, characters, dates, identifiers, state, ZIP, percentages, form-wide).
    expect(kinds.size).toBeGreaterThan(14);
    expect(localizeFieldErrors(translatorFor("es"), { controller_city: "Enter the controller's city" })).toEqual({ controller_city: "Completa el campo «Ciudad»." });
  });
});
