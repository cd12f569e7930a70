// Public numeric ids that do not count: a keyed permutation (a 4-round Feistel network, HMAC-SHA256
// rounds keyed from TRUSTGATE_SECRET) of a database sequence over 48 bits. Distinct sequence values
// give distinct ids (a permutation), the same value always the same id, and nobody without the key
// learns from two ids how many rows were made between them — a global sequence shown to partners
// told each one how many login requests the others made.
import { hmacSha256Hex } from "./hmac";

const HALF_BITS = 24;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 4;

function round(purpose: string, index: number, half: number): number {
  return parseInt(hmacSha256Hex(purpose, `${index}:${half}`).slice(0, 6), 16) & HALF_MASK;
}

function permute(purpose: string, value: number): number {
  let left = Math.floor(value / 2 ** HALF_BITS) & HALF_MASK;
  let right = value & HALF_MASK;
  for (let i = 0; i < ROUNDS; i += 1) [left, right] = [right, (left ^ round(purpose, i, right)) & HALF_MASK];
  return left * 2 ** HALF_BITS + right;
}

/** The public id of sequence value `sequence` (1 ≤ sequence < 2^48) for `purpose`: an integer in [1, 2^48). */
export function opaqueNumericId(purpose: string, sequence: bigint | number): number {
  const value = Number(sequence);
  if (!Number.isSafeInteger(value) || value < 1 || value >= 2 ** (2 * HALF_BITS)) throw new RangeError("sequence out of range");
  // Cycle-walking keeps the permutation on [1, 2^48): 0 is never an id.
  let id = permute(purpose, value);
  while (id === 0) id = permute(purpose, id);
  return id;
}
