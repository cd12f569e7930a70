// POST /authenticator/v0.1/factors/{factor_id}/challenges — alias of …/challenge (both spellings are in use).
export const dynamic = "force-dynamic";
export { POST } from "../challenge/route";
