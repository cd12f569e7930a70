// GET|PATCH /authenticator/v0.1/factors/{factor_id}/challenges/{challenge_id} — alias of …/challenge/{challenge_id}.
export const dynamic = "force-dynamic";
export { GET, PATCH } from "../../challenge/[challenge_id]/route";
