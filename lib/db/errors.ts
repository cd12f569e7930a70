// Database error classification shared by every capability (same codes on PGlite and PostgreSQL,
// since both are reached through @prisma/adapter-pg).
import { Prisma } from "./generated/client";

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
