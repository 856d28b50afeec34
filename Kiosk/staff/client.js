// The staff API (docs/api.md "Staff"). The session is an HttpOnly cookie the browser sends by
// itself; every change also carries the session's CSRF token in X-CSRF-Token.

let csrfToken = "";

/** Calls the staff API; resolves to { status, body, retryAfter } whatever the status. */
export async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1/staff/${path}`, {
    method, headers, cache: "no-store", credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try { json = await response.json(); } catch { /* 204, or not JSON */ }
  return { status: response.status, body: json, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
}

/** The server's error message, for the log and as a fallback. */
export const message = (result) => result.body?.error?.message || `HTTP ${result.status}`;

/** Whether the page still has a session; keeps its CSRF token. */
export async function resume() {
  const result = await call("GET", "session");
  if (result.status === 200) csrfToken = result.body.csrfToken;
  return result.status === 200;
}

export async function login(password) {
  const result = await call("POST", "login", { password });
  if (result.status === 200) csrfToken = result.body.csrfToken;
  return result;
}

export async function logout() {
  await call("POST", "logout");
  csrfToken = "";
}
