// Swagger UI's files, served from our own origin (no CDN: the CSP allows only 'self', and a
// reference page must not depend on a third party). Read from the installed swagger-ui-dist once
// per process. Next.js compresses the answer itself (gzip here would be applied twice).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
// swagger-ui-dist is a server external (next.config.js): this resolves to its real directory.
import getAbsoluteFSPath from "swagger-ui-dist/absolute-path";
import swaggerUiPackage from "swagger-ui-dist/package.json";

/** The only files served; anything else is 404. */
const ASSET_TYPES: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

export const SWAGGER_UI_VERSION: string = swaggerUiPackage.version;

interface LoadedAsset {
  body: Buffer;
  etag: string;
  contentType: string;
}

const loaded = new Map<string, LoadedAsset>();

function load(file: string): LoadedAsset | null {
  const contentType = ASSET_TYPES[file];
  if (!contentType) return null;
  let asset = loaded.get(file);
  if (!asset) {
    const body = fs.readFileSync(path.join(getAbsoluteFSPath(), file));
    asset = {
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
      contentType,
    };
    loaded.set(file, asset);
  }
  return asset;
}

/** The asset as a response, or null for a name that is not one of ours. */
export function docsAssetResponse(file: string, headers: Headers): Response | null {
  const asset = load(file);
  if (!asset) return null;
  const common = {
    ETag: asset.etag,
    // The URL carries the swagger-ui version, so a day of caching never serves a stale bundle.
    "Cache-Control": "public, max-age=86400",
  };
  if (headers.get("if-none-match") === asset.etag) return new Response(null, { status: 304, headers: common });
  return new Response(new Uint8Array(asset.body), { headers: { ...common, "Content-Type": asset.contentType } });
}
