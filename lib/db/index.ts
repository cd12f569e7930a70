export { db, disconnectDb, poolStats, sql, type PrismaClient, type Tx } from "./client";
export { isNotFound, isUniqueViolation } from "./errors";
