// The one handler behind both metadata paths (OpenID Discovery and RFC 8414): one document, one answer.
import { publicUrl } from "@/lib/config/settings";
import { withCors } from "@/lib/http/cors";
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { discoveryDocument } from "./discovery";

export const providerMetadataRoute = withCors("public-metadata", route(async () => jsonReply(discoveryDocument(publicUrl()), { cache: "public, max-age=300" })));
