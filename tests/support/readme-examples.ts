// The README's copy-paste examples, run for real: each fenced block right after a marker line
// `<!-- example: NAME -->` is extracted and executed — ```sh with bash (errexit, pipefail),
// ```js as an ES module with node — with the environment variables the README tells the reader
// to set; ```html is a page a test serves (`readmeHtmlExample`, placeholders `%NAME%` filled the
// way the README tells the reader to). Any test may run any example by name.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./paths";

export interface ReadmeExample {
  name: string;
  lang: "sh" | "js" | "html";
  code: string;
}

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MARKED_BLOCK = /<!--\s*example:\s*([\w-]+)\s*-->\s*\n```(\w+)[^\n]*\n([\s\S]*?)\n```/g;

export function readmeExamples(readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8")): Map<string, ReadmeExample> {
  const examples = new Map<string, ReadmeExample>();
  for (const [, name, lang, code] of readme.matchAll(MARKED_BLOCK)) {
    const normalized = lang === "bash" || lang === "shell" ? "sh" : lang === "javascript" || lang === "mjs" ? "js" : lang;
    if (normalized !== "sh" && normalized !== "js" && normalized !== "html") throw new Error(`README example ${name}: unsupported language ${lang}`);
    if (examples.has(name!)) throw new Error(`README example ${name} appears twice`);
    examples.set(name!, { name: name!, lang: normalized, code: code! });
  }
  return examples;
}

export function readmeExample(name: string): ReadmeExample {
  const example = readmeExamples().get(name);
  if (!example) throw new Error(`README.md has no block marked <!-- example: ${name} -->`);
  return example;
}

/** Runs one example with `env` on top of a minimal environment; resolves with its output. */
export async function runReadmeExample(name: string, env: Record<string, string>, options: { stdin?: string; timeoutMs?: number } = {}): Promise<ExampleRun> {
  const example = readmeExample(name);
  if (example.lang === "html") throw new Error(`README example ${name} is a page: serve it with readmeHtmlExample`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-readme-"));
  try {
    const file = path.join(dir, example.lang === "sh" ? "example.sh" : "example.mjs");
    fs.writeFileSync(file, example.code);
    const command = example.lang === "sh" ? "bash" : process.execPath;
    const args = example.lang === "sh" ? ["-e", "-o", "pipefail", file] : [file];
    const child = spawn(command, args, {
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
      // Only what a reader's shell would have, plus what the README asks them to export.
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? dir, ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.end(options.stdin ?? "");
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`README example ${name} did not finish within ${options.timeoutMs ?? 30_000} ms`));
      }, options.timeoutMs ?? 30_000);
      child.once("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    return { code, stdout, stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An ```html example with its `%NAME%` placeholders replaced; every placeholder must be given. */
export function readmeHtmlExample(name: string, values: Record<string, string>): string {
  const example = readmeExample(name);
  if (example.lang !== "html") throw new Error(`README example ${name} is not an html block`);
  const filled = example.code.replace(/%([A-Z_]+)%/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`README example ${name}: no value for ${whole}`);
    return values[key]!;
  });
  return filled;
}

/** Runs an example that must succeed and print one JSON document; returns it parsed. */
export async function runReadmeExampleJson<T = Record<string, unknown>>(name: string, env: Record<string, string>): Promise<T> {
  const run = await runReadmeExample(name, env);
  if (run.code !== 0) throw new Error(`README example ${name} exited with ${run.code}:\n${run.stderr}\n${run.stdout}`);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`README example ${name} did not print JSON:\n${run.stdout}`);
  }
}

export type VerifyTrustgateWebhook = (rawBody: string | Buffer, signatureHeader: string | undefined, secret: string, nowSeconds?: number) => boolean;

/** The README's webhook verification function, loaded as a CommonJS module exactly as a partner pastes it. */
export function loadVerifyWebhook(name = "verify-webhook"): VerifyTrustgateWebhook {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-readme-"));
  const file = path.join(dir, "verify-webhook.cjs");
  fs.writeFileSync(file, `${readmeExample(name).code}\nmodule.exports = { verifyTrustgateWebhook };\n`);
  const load = createRequire(import.meta.url);
  return (load(file) as { verifyTrustgateWebhook: VerifyTrustgateWebhook }).verifyTrustgateWebhook;
}
