// Talking to the server: JSON in and out, problem documents (RFC 9457) turned into ApiError with the
// fields to fix, a lost connection into OfflineError, tokens kept per persona and refreshed once on 401.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  /** [{field, message}] as the server named them. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
  get slug() {
    const type = this.problem.type || '';
    return type.slice(type.lastIndexOf('/') + 1);
  }
}

/** No answer at all: offline, DNS, connection reset, or our own timeout. */
export class OfflineError extends Error {
  constructor(timedOut) {
    super(timedOut ? 'timeout' : 'offline');
    this.timedOut = !!timedOut;
  }
}

const SESSION_PREFIX = 'palm.session.';

export function session(persona) {
  try {
    return JSON.parse(localStorage.getItem(SESSION_PREFIX + persona) || 'null');
  } catch {
    return null;
  }
}

export function saveSession(persona, tokens) {
  const value = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + (tokens.expiresIn || 900) * 1000,
    account: tokens.account,
  };
  localStorage.setItem(SESSION_PREFIX + persona, JSON.stringify(value));
  return value;
}

export function clearSession(persona) {
  localStorage.removeItem(SESSION_PREFIX + persona);
}

/** A random id kept on this phone (device id for check-ins, demo sign-in). */
export function deviceId() {
  let id = localStorage.getItem('palm.device');
  if (!id) {
    id = uuid();
    localStorage.setItem('palm.device', id);
  }
  return id;
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const refreshing = {};

/** One refresh at a time per persona; a used refresh token revokes its family, so never two. */
function refresh(persona) {
  if (!refreshing[persona]) {
    const current = session(persona);
    refreshing[persona] = (async () => {
      if (!current || !current.refreshToken) throw new ApiError(401, { title: 'Not authenticated' });
      const tokens = await request('/api/auth/refresh', { method: 'POST', body: { refreshToken: current.refreshToken } });
      return saveSession(persona, tokens);
    })().catch((e) => {
      if (e instanceof ApiError) {
        clearSession(persona);
        window.dispatchEvent(new CustomEvent('palm:signed-out', { detail: persona }));
      }
      throw e;
    }).finally(() => { delete refreshing[persona]; });
  }
  return refreshing[persona];
}

/**
 * api('/api/petitions/mine', {persona: 'resident'}) → parsed JSON (or null for 204).
 * Options: method, body (JSON), form (FormData), headers, persona (adds the bearer token),
 * idempotencyKey, timeout (ms), accept.
 */
export async function api(path, options = {}) {
  const persona = options.persona;
  if (persona) {
    let current = session(persona);
    if (current && current.expiresAt - Date.now() < 30_000) {
      current = await refresh(persona);
    }
    try {
      return await request(path, { ...options, token: current && current.accessToken });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && current) {
        const renewed = await refresh(persona);
        return request(path, { ...options, token: renewed.accessToken });
      }
      throw e;
    }
  }
  return request(path, options);
}

async function request(path, { method = 'GET', body, form, headers = {}, token, idempotencyKey, timeout = 20_000, accept, raw } = {}) {
  const h = { Accept: accept || 'application/json', ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey;
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(path, { method, headers: h, body: payload, signal: controller.signal, credentials: 'same-origin' });
  } catch (e) {
    throw new OfflineError(controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
  if (raw && response.ok) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await response.json(); } catch { data = null; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : { title: response.statusText });
  }
  if (data && typeof data === 'object' && response.headers.get('X-Palm-Offline')) {
    // Served by the service worker from its copy of the last answer.
    Object.defineProperty(data, 'savedAt', { value: response.headers.get('X-Palm-Saved-At'), enumerable: false });
  }
  return data;
}
