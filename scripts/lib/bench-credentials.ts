// What npm run bench presents to each system: single-use refresh tokens (rotation; presenting one
// twice revokes its family) and single-use authorization codes, so every such request needs one of
// its own, minted before the window by the system's own code (each system in its own way, see
// bench-systems.ts), plus — Trustgate only — one user access token for GET /v1/user.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "@/tests/support/paths";
import { waitForExit } from "@/tests/support/server";

export interface BenchCredentials {
  userAccessToken?: string;
  refreshTokens: string[];
  /** Authorization codes, all issued for the S256 challenge of codeVerifier. */
  codes: string[];
  codeVerifier: string;
}

const MINT_TIMEOUT_MS = 5 * 60_000;

/** Runs `node --import tsx <script> <args> --out FILE` with env and reads the JSON it wrote. */
export async function mintWith(script: string, args: string[], env: Record<string, string>, root = ROOT): Promise<BenchCredentials> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-bench-"));
  const out = path.join(dir, "credentials.json");
  try {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script), ...args, "--out", out], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await waitForExit(child, MINT_TIMEOUT_MS).catch((error: unknown) => {
      child.kill("SIGKILL");
      throw error;
    });
    if (code !== 0) throw new Error(`minting with ${script} failed (exit ${code}):\n${output}`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as BenchCredentials;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Hands out each token once; null when none is left. */
export class TokenPool {
  private next = 0;

  constructor(private readonly tokens: readonly string[]) {}

  get size(): number {
    return this.tokens.length;
  }

  get remaining(): number {
    return this.tokens.length - this.next;
  }

  get used(): number {
    return this.next;
  }

  take(): string | null {
    const token = this.tokens[this.next];
    if (token === undefined) return null;
    this.next++;
    return token;
  }
}

/** Cuts consecutive, disjoint pools off the minted tokens. */
export function poolCutter(tokens: readonly string[]): (size: number) => TokenPool {
  let start = 0;
  return (size) => {
    if (start + size > tokens.length) throw new Error(`${start + size} tokens needed, ${tokens.length} minted`);
    return new TokenPool(tokens.slice(start, (start += size)));
  };
}
