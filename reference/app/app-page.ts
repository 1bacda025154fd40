/**
 * The app: a small PWA-like page on the app origin (another site than the API) that logs in and calls the API with
 * fetch(..., { credentials: 'include' }), keeps a little session state in localStorage, and registers a service worker.
 */

export function appHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reference app</title><link rel="icon" href="data:,"></head>
<body>
  <form id="login">
    <label>Username <input name="username" autocomplete="username"></label>
    <label>Password <input name="password" type="password" autocomplete="current-password"></label>
    <button type="submit">Log in</button>
  </form>
  <section id="session" hidden>
    <p>Signed in as <span id="who"></span></p>
    <button type="button" name="logout">Log out</button>
    <button type="button" name="live">Open live socket</button>
    <output id="live"></output>
  </section>
  <p id="status" role="status"></p>
  <script src="/app.js"></script>
</body></html>`;
}

/** `keepStorage`: the `logout-keeps-storage` fault (seed 000, DVP-ISS-013). */
/** `wsUrl`: the API's WebSocket endpoint; the page opens it with the cookie only (a browser cannot set Authorization). */
export function appScript(apiOrigin: string, wsUrl: string, options: { keepStorage: boolean }): string {
  return `'use strict';
const API = ${JSON.stringify(apiOrigin)};
const WS_URL = ${JSON.stringify(wsUrl)};
const $ = (id) => document.getElementById(id);
const show = (signedIn, who) => { $('login').hidden = signedIn; $('session').hidden = !signedIn; $('who').textContent = who || ''; };
async function api(path, init) { return fetch(API + path, { credentials: 'include', ...init }); }
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const res = await api('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: form.get('username'), password: form.get('password') }) });
  if (!res.ok) { $('status').textContent = 'login failed: ' + res.status; return; }
  const body = await res.json();
  localStorage.setItem('auth.session', JSON.stringify({ user: form.get('username'), expiresAt: Date.now() + body.expires_in * 1000 }));
  sessionStorage.setItem('auth.lastLogin', String(Date.now()));
  const me = await api('/api/v1/me');
  // A 401 handler as in seed 000's PWA (handleAuthExpired): the session is gone, back to the login form.
  if (me.status === 401) { localStorage.removeItem('auth.session'); sessionStorage.removeItem('auth.lastLogin'); $('status').textContent = 'session expired (401)'; show(false); return; }
  $('status').textContent = me.ok ? '' : 'session expired (' + me.status + ')';
  show(true, form.get('username'));
});
document.querySelector('button[name=logout]').addEventListener('click', async () => {
  await api('/api/v1/auth/logout', { method: 'POST' });
  ${options.keepStorage ? '// fault logout-keeps-storage: localStorage is left as it was' : "localStorage.removeItem('auth.session');"}
  sessionStorage.removeItem('auth.lastLogin');
  for (const name of await caches.keys()) if (name.startsWith('api-')) await caches.delete(name);
  show(false);
});
function openLive() {
  const socket = new WebSocket(WS_URL);
  socket.addEventListener('message', (event) => { try { const m = JSON.parse(event.data); if (m.type === 'welcome') $('live').textContent = 'live as ' + m.sub; } catch { /* not JSON */ } });
  socket.addEventListener('close', (event) => { $('live').textContent = 'live closed (' + event.code + ')'; });
  return socket;
}
document.querySelector('button[name=live]').addEventListener('click', () => { openLive(); });
const saved = localStorage.getItem('auth.session');
show(false);
if (saved) $('status').textContent = 'restoring session';
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');
`;
}

/** Healthy: caches the app shell only, never API or auth responses. `cachesApi`: the `sw-caches-auth` fault. */
export function serviceWorkerScript(options: { cachesApi: boolean }): string {
  return `'use strict';
const SHELL = 'shell-v1';
self.addEventListener('install', (event) => { event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(['/', '/app.js'])).then(() => self.skipWaiting())); });
self.addEventListener('activate', (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin && (url.pathname === '/' || url.pathname === '/app.js')) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
    return;
  }
  ${
    options.cachesApi
      ? `// fault sw-caches-auth: API and auth GETs are served cache-first
  if (event.request.method === 'GET' && url.pathname.startsWith('/api/')) {
    event.respondWith(caches.open('api-v1').then(async (cache) => {
      const hit = await cache.match(event.request);
      if (hit) return hit;
      const response = await fetch(event.request);
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    }));
  }`
      : '// API and auth requests go to the network untouched'
  }
});
`;
}
