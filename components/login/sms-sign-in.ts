// next-auth's credentials sign-in without next-auth/react (≈10 KB gzipped of client JS on the code
// page, plus its providers request): fetch the CSRF token, post the code to the credentials
// callback with json=true, and read the outcome from the URL next-auth answers with — the same
// requests signIn("sms", { redirect: false }) makes (next-auth 4, react/index.js).
const AUTH_BASE = "/api/auth";

export async function signInWithCode(credentials: { phone: string; code: string; rid: string }): Promise<{ ok: boolean; error: string | null }> {
  try {
    const csrf = (await (await fetch(`${AUTH_BASE}/csrf`, { credentials: "same-origin" })).json()) as { csrfToken?: string };
    const response = await fetch(`${AUTH_BASE}/callback/sms`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...credentials, csrfToken: csrf.csrfToken ?? "", callbackUrl: window.location.href, json: "true" }),
    });
    const data = (await response.json()) as { url?: string };
    const error = data.url ? new URL(data.url, window.location.href).searchParams.get("error") : "invalid";
    return { ok: response.ok && !error, error };
  } catch {
    return { ok: false, error: "server_error" };
  }
}
