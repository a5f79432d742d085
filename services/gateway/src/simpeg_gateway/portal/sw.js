// The portal's service worker (root scope): keeps the app shell for offline use and sends the
// check-ins captured without signal when the browser has a connection again (Background Sync).
// API and login calls are never cached or answered here: they go to the network as they are.

import { sinkronkan } from '/portal/js/simpan.js';

const CACHE = 'simpeg-portal-v1';
const SHELL = [
  '/', '/manifest.webmanifest', '/portal/css/portal.css', '/portal/ikon/ikon.svg', '/portal/ikon/ikon-192.png',
  '/portal/js/app.js', '/portal/js/api.js', '/portal/js/auth.js', '/portal/js/perangkat.js', '/portal/js/simpan.js', '/portal/js/ui.js',
  ...['beranda', 'presensi', 'riwayat', 'cuti', 'kinerja', 'surat', 'persetujuan', 'notifikasi', 'profil', 'umum']
    .map((n) => `/portal/js/halaman/${n}.js`),
];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function shell(url) {
  return url.origin === self.location.origin && (url.pathname === '/' || url.pathname === '/manifest.webmanifest'
    || url.pathname.startsWith('/portal/'));
}

// Network first (a new version shows at once), the cached shell when there is no network.
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || !shell(url)) return;
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const r = await fetch(e.request);
      if (r.ok) cache.put(url.pathname === '/' ? '/' : e.request, r.clone());
      return r;
    } catch {
      const cached = await cache.match(e.request, { ignoreSearch: url.pathname === '/' });
      return cached || (e.request.mode === 'navigate' ? cache.match('/') : Response.error());
    }
  })());
});

// With the portal open, the page sends the queue itself (and shows the result); with it closed,
// the worker sends it with the stored session.
self.addEventListener('sync', (e) => {
  if (e.tag !== 'sinkron-presensi') return;
  e.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window' });
    if (windows.length) {
      windows.forEach((w) => w.postMessage({ jenis: 'sinkronkan' }));
      return;
    }
    const hasil = await sinkronkan();
    if (hasil.tersisa) throw new Error('queued check-ins remain'); // the browser retries later
  })());
});
