// GET|POST /login/oauth/authorize — RFC 6749 §4.1.1 (lib/http/endpoints/authorize.ts, also on the lean dispatch path).
import { authorizeGet, authorizePost } from "@/lib/http/endpoints/authorize";

export const dynamic = "force-dynamic";

export const GET = authorizeGet;
export const POST = authorizePost;
