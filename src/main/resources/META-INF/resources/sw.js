// Service worker of the phone web app. Riders lose signal in basements and lifts, so:
// - each page tells the worker which files it loaded (a 'keep' message) and those are kept, so the
//   page opens offline next time; later fetches go to the network first and refresh the copies;
// - the last station search answer is kept (one copy, whatever the query) and served when the
//   network fails, marked X-Palm-Offline with the time it was saved; so are the last few stations
//   a rider opened (public details, a few KB each);
// - nothing else from /api/ is kept: petitions, messages and accounts are personal information and
//   stay off the phone's caches.
const CACHE = 'palm-web-v1';
const LAST_STATIONS = '/__palm/last-stations';
const KEPT_API = ['/api/stations/amenities', '/api/web-config'];
const STATION = /^\/api\/stations\/(\d+)$/;
const STATION_KEY = '/__palm/station/';
const STATIONS_KEPT = 10;

self.addEventListener('install', () => self.skipWaiting());

// A page loaded before this worker controlled it: keep the files it names (same origin, not /api/).
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const urls = data.urls.map((u) => new URL(u, self.location.origin))
    .filter((u) => u.origin === self.location.origin && !u.pathname.startsWith('/api/'))
    .map((u) => u.pathname);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all([...new Set(urls)].map((url) => cache.match(url)
    .then((hit) => hit || cache.add(new Request(url, { cache: 'no-cache' }))).catch(() => null)))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api/stations/nearby') {
    event.respondWith(networkThenSaved(request, LAST_STATIONS));
  } else if (STATION.test(url.pathname)) {
    event.respondWith(networkThenSaved(request, STATION_KEY + url.pathname.match(STATION)[1]).then(async (response) => {
      await forgetOldStations();
      return response;
    }));
  } else if (KEPT_API.includes(url.pathname)) {
    event.respondWith(networkThenSaved(request, url.pathname));
  } else if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/q/') && !url.pathname.startsWith('/open311/')) {
    event.respondWith(networkThenShell(request));
  }
});

async function networkThenSaved(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const body = await response.clone().arrayBuffer();
      const headers = new Headers(response.headers);
      headers.set('X-Palm-Saved-At', new Date().toISOString());
      await cache.put(key, new Response(body, { status: 200, headers }));
    }
    return response;
  } catch (error) {
    const saved = await cache.match(key);
    if (!saved) throw error;
    const headers = new Headers(saved.headers);
    headers.set('X-Palm-Offline', '1');
    return new Response(await saved.arrayBuffer(), { status: 200, headers });
  }
}

/** Only the last few stations opened stay: cache keys keep their insertion order, and a refresh re-inserts. */
async function forgetOldStations() {
  const cache = await caches.open(CACHE);
  const kept = (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith(STATION_KEY));
  await Promise.all(kept.slice(0, Math.max(0, kept.length - STATIONS_KEPT)).map((r) => cache.delete(r)));
}

async function networkThenShell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const saved = await cache.match(request, { ignoreSearch: true });
    if (saved) return saved;
    throw error;
  }
}
