import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

// Random bytes are drawn from the kernel's CSPRNG in 8 KiB batches and each byte is handed out
// once: one getrandom call per batch instead of per token. A small randomBytes() cost ≈11 µs
// here (a syscall), more than the rest of a token's bookkeeping; Node's own randomUUID() batches
// the same way. The batch lives only in this process's memory, like every key it makes.
const POOL_BYTES = 8192;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` fresh random bytes (a copy: the caller may keep or change it). */
export function randomBytesPooled(bytes: number): Buffer {
  if (bytes > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(bytes));
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + bytes));
  // Never hand the same bytes out twice.
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return out;
}

/** URL-safe random string carrying `bytes` bytes of entropy. */
export function randomToken(bytes: number): string {
  return randomBytesPooled(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time string comparison (length is not secret: hashes have fixed length). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
