// Runs before every API test file: a fresh migrated database and a known environment.
import { afterAll, beforeAll } from "vitest";
import { disconnectDb } from "@/lib/db";
import "./outbound-allow";
import { migratedDatabase, useDatabase, type TestDatabase } from "./test-database";

let database: TestDatabase;

process.env.TRUSTGATE_URL = "http://localhost:3999";

beforeAll(async () => {
  database = await migratedDatabase();
  await useDatabase(database);
});

afterAll(async () => {
  await disconnectDb();
  await database?.close();
});

export function currentTestDatabase(): TestDatabase {
  return database;
}
