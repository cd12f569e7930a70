export { db, disconnectDb, type PrismaClient, type Tx } from "./client";
export { isNotFound, isUniqueViolation } from "./errors";
