export { db, disconnectDb, poolStats, sql, sqlTransaction, type PrismaClient, type SqlQuery, type Tx } from "./client";
export { isNotFound, isUniqueViolation } from "./errors";
