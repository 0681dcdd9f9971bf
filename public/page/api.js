// The API client: JSON requests, deletes guarded by the server's admin token, and the page's runs
// (fetched ones and ones in flight, streamed with their progress: lib/progress.js).
import { apiError, RunRequests } from '../lib/progress.js';

/** A JSON request: {body, status}; throws the API's error (message and details) for a non-2xx answer, with `status` on it. */
export async function api(path, init) {
  const res = await fetch(path, init);
  const body = res.status === 204 ? {} : await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!res.ok) throw Object.assign(apiError(body), { status: res.status });
  return { body, status: res.status };
}

/** POST of a JSON body. */
export const post = (path, body) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Where the admin token lives: this browser tab's session only (never localStorage, never the URL). */
const TOKEN_KEY = 'future-sim.admin-token';

/**
 * DELETE `path`. When the server answers 401 or 403 (it has ADMIN_TOKEN set), `askToken(message)`
 * asks for the token (resolving to it, or to undefined when the user gives up); it is kept for the
 * tab and the delete retried. Resolves to true when deleted, false when the user gave up.
 */
export async function adminDelete(path, askToken) {
  for (;;) {
    const token = window.sessionStorage.getItem(TOKEN_KEY);
    try {
      await api(path, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} });
      return true;
    } catch (err) {
      if (err.status !== 401 && err.status !== 403) throw err;
      const given = await askToken(err.message);
      if (!given) return false;
      window.sessionStorage.setItem(TOKEN_KEY, given);
    }
  }
}

/** Runs fetched in this page (moving a slider back shows them at once) and runs in flight. */
export const runs = new RunRequests();
