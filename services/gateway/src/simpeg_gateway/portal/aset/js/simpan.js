// IndexedDB of the portal, shared by the page and the service worker (no DOM here):
// the queue of check-ins captured without signal, and the session the worker syncs them with.

const NAMA = 'simpeg-portal';
const VERSI = 1;

function janji(req) {
  return new Promise((ok, gagal) => {
    req.onsuccess = () => ok(req.result);
    req.onerror = () => gagal(req.error);
  });
}

let db = null;
export async function buka() {
  if (db) return db;
  const req = indexedDB.open(NAMA, VERSI);
  req.onupgradeneeded = () => {
    const d = req.result;
    if (!d.objectStoreNames.contains('antrean')) d.createObjectStore('antrean', { keyPath: 'id' });
    if (!d.objectStoreNames.contains('sesi')) d.createObjectStore('sesi');
  };
  db = await janji(req);
  db.onversionchange = () => { db.close(); db = null; };
  return db;
}

async function toko(nama, mode = 'readonly') {
  return (await buka()).transaction(nama, mode).objectStore(nama);
}

export async function simpanSesi(token) {
  await janji((await toko('sesi', 'readwrite')).put(token, 'token'));
}

export async function ambilSesi() {
  return (await janji((await toko('sesi')).get('token'))) || null;
}

export async function hapusSesi() {
  await janji((await toko('sesi', 'readwrite')).delete('token'));
}

/** Queue a check-in: {id, jenis, lat, lon, akurasi_m, perangkat_id, waktu_ambil, foto: Blob}. */
export async function antrekan(item) {
  await janji((await toko('antrean', 'readwrite')).put({ ...item, status: 'ANTRE', galat: null }));
}

export async function daftarAntrean() {
  const semua = await janji((await toko('antrean')).getAll());
  return semua.sort((a, b) => a.waktu_ambil.localeCompare(b.waktu_ambil));
}

export async function hapusAntrean(id) {
  await janji((await toko('antrean', 'readwrite')).delete(id));
}

async function tandai(item, perubahan) {
  await janji((await toko('antrean', 'readwrite')).put({ ...item, ...perubahan }));
}

function klaim(token) {
  try {
    const b64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    return null;
  }
}

export function tokenBerlaku(token) {
  const k = token && klaim(token);
  return Boolean(k && (!k.exp || k.exp * 1000 > Date.now() + 30000));
}
export { klaim };

/**
 * Send every queued check-in, oldest first, each with its capture time (waktu_ambil) and its
 * own Idempotency-Key: sent twice (the page and the worker, a lost answer), it is recorded once.
 * Stops at the first network failure (still without signal) or a missing session; a check-in
 * the server refuses (4xx) stays visible with the server's reason until the user removes it.
 * Returns {terkirim: [check-in responses], gagal: n, tersisa: n}.
 */
export async function sinkronkan() {
  const kerja = async () => {
    const hasil = { terkirim: [], gagal: 0, tersisa: 0 };
    const token = await ambilSesi();
    const antre = (await daftarAntrean()).filter((i) => i.status === 'ANTRE');
    if (!tokenBerlaku(token)) {
      hasil.tersisa = antre.length;
      return hasil;
    }
    for (const [n, item] of antre.entries()) {
      const form = new FormData();
      form.append('jenis', item.jenis);
      form.append('lat', String(item.lat));
      form.append('lon', String(item.lon));
      form.append('akurasi_m', String(item.akurasi_m));
      form.append('perangkat_id', item.perangkat_id);
      form.append('lokasi_palsu', 'false');
      form.append('waktu_ambil', item.waktu_ambil);
      form.append('waktu_ponsel', new Date().toISOString());
      form.append('foto', item.foto, 'foto.jpg');
      let r;
      try {
        r = await fetch('/api/attendance/v1/presensi', {
          method: 'POST', body: form,
          headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': item.id, Accept: 'application/json' },
        });
      } catch {
        hasil.tersisa = antre.length - n; // no signal yet
        return hasil;
      }
      if (r.ok) {
        hasil.terkirim.push(await r.json());
        await hapusAntrean(item.id);
      } else if (r.status === 401 || r.status === 429 || r.status >= 500) {
        hasil.tersisa = antre.length - n; // log in again, or try later
        return hasil;
      } else {
        let detail = `HTTP ${r.status}`;
        try { detail = (await r.json()).detail || detail; } catch { /* not JSON */ }
        await tandai(item, { status: 'GAGAL', galat: detail });
        hasil.gagal += 1;
      }
    }
    return hasil;
  };
  // One sync at a time across the page and the worker.
  if (self.navigator && navigator.locks) return navigator.locks.request('simpeg-sinkron-presensi', kerja);
  return kerja();
}
