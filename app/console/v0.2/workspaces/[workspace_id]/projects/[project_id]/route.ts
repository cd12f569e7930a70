// GET|PATCH /console/v0.2/workspaces/{workspace_id}/projects/{project_id} — the partner's project
// (tru.ID console API); PATCH takes an RFC 6902 JSON Patch on /configuration/authenticator.
import { readJsonPatch } from "@/lib/authenticator/json-patch";
import { getOwnProject, patchOwnProject } from "@/lib/authenticator/project";
import { withPartner } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { workspace_id: string; project_id: string };

export const GET = withPartner<Params>(async ({ partner, params }) => getOwnProject(partner.client, params.workspace_id, params.project_id));

export const PATCH = withPartner<Params>(async ({ req, partner, params, ip, requestId }) => {
  // Authorise before reading the body: another partner's project is 404 whatever the body says.
  await getOwnProject(partner.client, params.workspace_id, params.project_id);
  return patchOwnProject(partner.client, params.workspace_id, params.project_id, await readJsonPatch(req), { ip, requestId });
});
