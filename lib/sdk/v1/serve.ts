// How /sdk/v1/* is served: immutable (the path is versioned and the bytes are pinned by their SRI
// hash), readable by any origin (module scripts and SRI are fetched with CORS), and not a page.
export const SDK_ASSET_HEADERS = {
  "Cache-Control": "public, max-age=31536000, immutable",
  "Access-Control-Allow-Origin": "*",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "X-Content-Type-Options": "nosniff",
};
