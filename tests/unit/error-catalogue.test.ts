// error-text-charset: every error_description Trustgate can send stays within RFC 6749 §5.2's
// characters (%x20-21 / %x23-5B / %x5D-7E) and never repeats what the client sent. Three layers:
// the product catalogue as written; every message constructed across lib/ (read from the source:
// each `new <OAuthError>(…)`, `new ProductError(code, …)`, `errorRedirect(…)` and authorize
// `fail(…)`), whose literal parts must be in the set and whose interpolated parts must be server
// values listed below with the reason they are safe; and wireDescription, the guard on the wire.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ERROR_DESCRIPTION_CHARACTERS, wireDescription } from "@/lib/errors/body";
import * as oauthErrors from "@/lib/errors/oauth";
import { PRODUCT_ERRORS } from "@/lib/errors/product";
import { ROOT } from "../support/paths";

const OAUTH_ERROR_CLASSES = Object.entries(oauthErrors)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof oauthErrors.OAuthError)
  .map(([name]) => name);

/**
 * Interpolations and non-literal arguments allowed in error descriptions, by file. Each is a value
 * the server produced (a status from the database, a constant, a count) or a library message that
 * wireDescription maps into the character set; none is text the client sent.
 */
const SERVER_VALUES: Record<string, string[]> = {
  "lib/admin/create-admin.ts": ["problem"], // the password policy's own sentence
  "lib/admin/status-decisions.ts": ["DECISION_LABELS[decision]", "from"], // label table; stored status
  "lib/authenticator/create-challenge.ts": ["factor.status"], // stored status
  "lib/authenticator/json-patch.ts": ["JSON_PATCH_MEDIA_TYPE", 'error.message.split("\\n")[0]', "index", "describe(parsed.error)"], // constant; JSON Patch / zod messages (types and indexes, no values)
  "lib/authenticator/verify-challenge.ts": ["outcome.challenge.status", "base + tail", "undefined"], // stored status; fixed sentences
  "lib/authorize/check-authorize-request.ts": ["error.description", "description", "validated.description", "prompt.error", "maxAge.error"], // an InvalidTarget's fixed description; fail()'s own argument (each call checked); parsePrompt/parseMaxAge fixed sentences
  "lib/clients/authenticate.ts": ["CLIENT_ASSERTION_TYPE"], // constant
  "lib/clients/branding/branding.ts": ["field", "problem"], // a field name of this file; the logo, colour and link checkers' own sentences (never the value)
  "lib/clients/logout-settings.ts": ["problem"], // the outbound URL policy's own sentence
  "lib/clients/update-oauth-profile.ts": ["problem"], // the profile checker's own sentence
  "lib/devices/sdk-window.ts": ["PHONE_FORMAT_MESSAGE"], // constant
  "lib/oauth/dpop.ts": ["why", "currentDpopNonce(now)"], // fixed reasons; the server's nonce
  "lib/oauth/presented-access-token.ts": ["description"], // fixed sentences of this module
  "lib/users/status-transition.ts": ["reason.error.issues[0]!.message", "from", "check.to", 'check.why?.(check.to) ?? ""'], // zod message; stored and validated statuses; fixed text
  "lib/validation/body.ts": ["limit"], // the server's byte limit
  "lib/devices/login-requests.ts": ["left", 'left === 1 ? "try" : "tries"'], // tries left: a server count; fixed words
  "lib/authorize/next-step.ts": ["description"], // the denial reason chosen by the server
  "lib/clients/update-trusted-auth.ts": ["parsed.problem", "problem", "stored"], // URL checker sentences
  "lib/http/parse.ts": ["knownParameter(key)", "limit"], // a parameter name only if it is one of ours; a constant
  "lib/intents/set-intent-status.ts": ["to.error.issues[0]!.message"], // zod enum message
  "lib/intents/status.ts": ["change.to", "from", "why", "reason.error.issues[0]!.message"], // validated status values; fixed text; zod message
  "lib/oauth/grants/authorization-code.ts": ["INVALID_CODE"],
  "lib/oauth/grants/refresh-token.ts": ["INVALID_REFRESH_TOKEN"],
  "lib/oauth/openapi.ts": ["INVALID_CODE"],
  "lib/oauth/resources.ts": ["MAX_RESOURCES"],
  "lib/oauth/token-request.ts": ['GRANT_TYPES.join(", ")'],
  "lib/phone-changes/decide-phone-change.ts": ["locked.status", "parsedReason.error.issues[0]!.message"],
  "lib/risk-actions/rule-store.ts": ["description"], // zod paths and messages of the rule schema
  "lib/sms/sign-in-code.ts": ["minutes", 'minutes === 1 ? "" : "s"', "waitS", 'waitS === 1 ? "" : "s"'],
  "lib/trusted-auth/exchange-token.ts": ["user.status"],
  "lib/trusted-auth/subject.ts": ["intent.status", "intent.user.status", "user.status"],
  "lib/users/set-user-status.ts": ["to.error.issues[0]!.message"],
  "lib/users/status.ts": ["change.to", "from", "reason.error.issues[0]!.message"],
  "lib/verification/submissions.ts": ["input.field.toUpperCase()"], // a field name from the server's own list
  "lib/verification/submit.ts": ['formNotAvailableMessage(current.status, "document")', "formNotAvailableMessage(locked.status, submission.kind)"],
  "lib/webhooks/configure.ts": ["problem"], // the URL checker's sentence
  "lib/devices/login-identifier.ts": ["PHONE_FORMAT_MESSAGE"], // constant sentence (lib/phone/normalize.ts)
  "lib/intents/create-intent.ts": ["PHONE_FORMAT_MESSAGE"], // constant sentence
};

interface Found {
  file: string;
  line: number;
  literals: string[];
  expressions: string[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The description argument of every error constructed in lib/. */
function constructedMessages(): Found[] {
  const found: Found[] = [];
  for (const file of sourceFiles(path.join(ROOT, "lib"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const relative = path.relative(ROOT, file);
    const visit = (node: ts.Node) => {
      let arg: ts.Expression | undefined;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        if (OAUTH_ERROR_CLASSES.includes(node.expression.text)) arg = node.arguments?.[0];
        if (node.expression.text === "ProductError") arg = node.arguments?.[1];
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        if (node.expression.text === "errorRedirect") arg = node.arguments[2];
        if (node.expression.text === "fail" && node.arguments.length === 2) arg = node.arguments[1];
      }
      if (arg) {
        const line = source.getLineAndCharacterOfPosition(arg.getStart(source)).line + 1;
        if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) found.push({ file: relative, line, literals: [arg.text], expressions: [] });
        else if (ts.isTemplateExpression(arg)) {
          found.push({
            file: relative,
            line,
            literals: [arg.head.text, ...arg.templateSpans.map((span) => span.literal.text)],
            expressions: arg.templateSpans.map((span) => span.expression.getText(source)),
          });
        } else found.push({ file: relative, line, literals: [], expressions: [arg.getText(source)] });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("error-text-charset", () => {
  it("every product error message is within RFC 6749 §5.2's characters", () => {
    const outside = Object.entries(PRODUCT_ERRORS).filter(([, entry]) => !ERROR_DESCRIPTION_CHARACTERS.test(entry.message));
    expect(outside).toEqual([]);
  });

  it("every OAuth error class's default description is within the set", () => {
    const defaults = [new oauthErrors.InvalidClient(), new oauthErrors.InvalidToken()].map((error) => error.description);
    for (const text of defaults) expect(text).toMatch(ERROR_DESCRIPTION_CHARACTERS);
  });

  const messages = constructedMessages();

  it("finds the messages it checks (the scan is not silently empty)", () => {
    expect(messages.length).toBeGreaterThan(100);
    expect(OAUTH_ERROR_CLASSES).toEqual(expect.arrayContaining(["InvalidRequest", "InvalidGrant", "InvalidTarget", "UnsupportedGrantType"]));
  });

  it("every message constructed across lib/ has its literal text within the set", () => {
    const outside = messages.flatMap((m) => m.literals.filter((text) => !ERROR_DESCRIPTION_CHARACTERS.test(text)).map((text) => `${m.file}:${m.line} ${JSON.stringify(text)}`));
    expect(outside).toEqual([]);
  });

  it("no message interpolates anything but a listed server value (never the client's input)", () => {
    const unlisted = messages.flatMap((m) => m.expressions.filter((expression) => !(SERVER_VALUES[m.file] ?? []).includes(expression)).map((expression) => `${m.file}:${m.line} \${${expression}}`));
    expect(unlisted).toEqual([]);
  });

  it("wireDescription maps any text into the set, and leaves text already in it alone", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const wire = wireDescription(text);
        return ERROR_DESCRIPTION_CHARACTERS.test(wire) && (!ERROR_DESCRIPTION_CHARACTERS.test(text) || wire === text);
      }),
      { numRuns: 300 },
    );
    expect(wireDescription('grant_type "café" is not supported')).toBe("grant_type 'caf?' is not supported");
  }, 30_000);
});
