// Every data call of the portal: /api/<context>/… through the gateway with the user's token.
// Errors are RFC 9457 problem documents; they become a GalatApi with an Indonesian lead text.

import { tokenSaatIni } from './auth.js';

const UMUM = {
  400: 'Permintaan tidak dapat diproses.', 401: 'Sesi Anda berakhir. Silakan masuk lagi.',
  403: 'Anda tidak berwenang melakukan langkah ini.', 404: 'Data tidak ditemukan.',
  409: 'Langkah ini tidak dapat dilakukan sekarang.', 413: 'Berkas terlalu besar.',
  415: 'Jenis berkas tidak didukung.', 422: 'Isian belum benar.',
  429: 'Terlalu banyak permintaan; coba sebentar lagi.', 503: 'Layanan sedang tidak tersedia; coba lagi.',
};

export class GalatApi extends Error {
  constructor(status, problem) {
    const lead = UMUM[status] || (status >= 500 ? 'Terjadi gangguan di server.' : 'Permintaan gagal.');
    const rinci = problem?.errors?.length
      ? problem.errors.map((e) => `${(e.field || '').replace(/^body\./, '')}: ${e.message}`).join('; ')
      : problem?.detail;
    super(rinci ? `${lead} ${rinci}` : lead);
    this.status = status;
    this.problem = problem;
  }
}

export class GalatJaringan extends Error {
  constructor() {
    super('Tidak ada koneksi ke server.');
  }
}

let saatKeluar = () => {};
export function ketikaSesiBerakhir(f) {
  saatKeluar = f;
}

/**
 * api('cuti/v1/kotak-masuk') → parsed JSON; options: method, json, body, headers, idem (an
 * Idempotency-Key), blob (return the body as a Blob).
 */
export async function api(path, { method = 'GET', json, body, headers = {}, idem, blob } = {}) {
  const h = { Accept: blob ? '*/*' : 'application/json', ...headers };
  const token = tokenSaatIni();
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  }
  if (idem) h['Idempotency-Key'] = idem;
  let r;
  try {
    r = await fetch(`/api/${path}`, { method, headers: h, body });
  } catch {
    throw new GalatJaringan();
  }
  if (!r.ok) {
    let problem = null;
    try { problem = await r.json(); } catch { /* not a problem document */ }
    if (r.status === 401) saatKeluar();
    throw new GalatApi(r.status, problem);
  }
  if (blob) return r.blob();
  if (r.status === 204) return null;
  return r.json();
}

/** Like api() but 404 is "not there yet": null. */
export async function apiAtauKosong(path, opts) {
  try {
    return await api(path, opts);
  } catch (e) {
    if (e instanceof GalatApi && e.status === 404) return null;
    throw e;
  }
}
