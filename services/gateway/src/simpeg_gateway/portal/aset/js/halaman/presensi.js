// Check-in and check-out: live camera photo, the browser's position, sent at once when online
// or queued in IndexedDB with its capture time and sent when the signal is back.

import { api, GalatApi, GalatJaringan } from '../api.js';
import { idPerangkat, matikanKamera, nyalakanKamera, posisi, potret } from '../perangkat.js';
import { antrekan, daftarAntrean, hapusAntrean } from '../simpan.js';
import { alasanRisiko, h, isi, jam, kartu, keadaan, lencana, sibuk, uuid, waktu, JENIS_PRESENSI } from '../ui.js';
import { presensiHariIni, zona } from './umum.js';

export async function tampilkan(el, ctx) {
  const tz = zona(ctx);
  el.append(h('h1', {}, 'Presensi'));
  if (!ctx.sesi.nip || !ctx.punya('PEGAWAI')) {
    el.append(keadaan('Presensi hanya untuk akun pegawai.'));
    return null;
  }
  const video = h('video', { id: 'kamera', autoplay: true, muted: true, playsinline: true, 'aria-label': 'Pratinjau kamera' });
  const statusKamera = h('p', { class: 'redup', id: 'status-kamera', role: 'status' }, 'Menyalakan kamera…');
  const hasil = h('div', { id: 'hasil-presensi', 'aria-live': 'polite' });
  const hariIniEl = h('div', { id: 'presensi-hari-ini' });
  const antreEl = h('div', { id: 'antrean' });
  let stream = null;

  const tombol = (jenis) => h('button', { type: 'submit', class: jenis === 'MASUK' ? 'utama besar' : 'besar', name: 'jenis', value: jenis, id: `presensi-${jenis.toLowerCase()}` },
    `Presensi ${JENIS_PRESENSI[jenis].toLowerCase()}`);
  const form = h('form', { class: 'aksi-presensi', 'aria-label': 'Kirim presensi' }, tombol('MASUK'), tombol('PULANG'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const jenis = e.submitter?.value || 'MASUK';
    await sibuk(form, () => ambilDanKirim(jenis));
  });

  async function ambilDanKirim(jenis) {
    isi(hasil, keadaan('Membaca lokasi dan mengambil foto…'));
    let coords;
    let foto;
    try {
      if (!stream) stream = await nyalakanKamera(video);
      [coords, foto] = await Promise.all([posisi(), potret(video)]);
    } catch (err) {
      isi(hasil, keadaan(err.message, 'galat'));
      return;
    }
    const diambil = new Date().toISOString();
    const item = { id: uuid(), jenis, lat: coords.latitude, lon: coords.longitude,
      akurasi_m: Math.round((coords.accuracy || 0) * 10) / 10, perangkat_id: idPerangkat(), waktu_ambil: diambil, foto };
    if (!navigator.onLine) {
      await simpanLuring(item);
      return;
    }
    const form = new FormData();
    for (const k of ['jenis', 'lat', 'lon', 'akurasi_m', 'perangkat_id']) form.append(k, String(item[k]));
    form.append('lokasi_palsu', 'false');
    form.append('waktu_ponsel', new Date().toISOString());
    form.append('foto', foto, 'foto.jpg');
    isi(hasil, keadaan('Mengirim presensi…'));
    try {
      const c = await api('attendance/v1/presensi', { method: 'POST', body: form, idem: item.id });
      isi(hasil, ringkasan(c, tz));
      await muatHariIni();
    } catch (err) {
      if (err instanceof GalatJaringan) await simpanLuring(item);
      else isi(hasil, keadaan(`Presensi ditolak. ${err.message}`, 'galat'));
    }
  }

  async function simpanLuring(item) {
    await antrekan(item);
    isi(hasil, h('div', { class: 'hasil tunggu', id: 'presensi-luring' },
      h('h2', {}, 'Tersimpan di perangkat'),
      h('p', {}, `Presensi ${JENIS_PRESENSI[item.jenis].toLowerCase()} diambil pukul ${jam(item.waktu_ambil, tz)} tanpa sinyal. `
        + 'Presensi akan dikirim otomatis dengan waktu pengambilannya saat sinyal kembali.')));
    try {
      const reg = await navigator.serviceWorker?.ready;
      await reg?.sync?.register('sinkron-presensi');
    } catch { /* background sync is optional: the page sends on 'online' too */ }
    await muatAntrean();
  }

  async function muatHariIni() {
    try {
      const d = await presensiHariIni(ctx);
      isi(hariIniEl, d.checkin.length
        ? h('ul', { class: 'daftar' }, d.checkin.map((c) => h('li', { dataset: { checkin: c.checkin_id } },
          h('strong', {}, `${JENIS_PRESENSI[c.jenis]} ${jam(c.waktu, tz)}`), ' ', lencana(c.status),
          c.offline ? h('span', { class: 'lencana netral' }, 'luring') : null,
          c.alasan_risiko?.length ? h('p', { class: 'redup' }, alasanRisiko(c.alasan_risiko).join(' ')) : null)))
        : keadaan('Belum ada presensi hari ini.'));
    } catch (err) {
      isi(hariIniEl, keadaan(err.message, 'galat'));
    }
  }

  async function muatAntrean() {
    const antre = await daftarAntrean();
    isi(antreEl, antre.length
      ? [h('ul', { class: 'daftar' }, antre.map((i) => h('li', { dataset: { antrean: i.id } },
        h('strong', {}, `${JENIS_PRESENSI[i.jenis]} · diambil ${waktu(i.waktu_ambil, tz)}`), ' ', lencana(i.status),
        i.galat ? h('p', { class: 'galat-teks' }, i.galat) : null,
        i.status === 'GAGAL' ? h('button', { type: 'button', class: 'tautan', onclick: async () => { await hapusAntrean(i.id); await muatAntrean(); } }, 'Hapus') : null))),
      h('button', { type: 'button', id: 'kirim-antrean', onclick: () => window.simpegKirimAntrean?.() }, 'Kirim sekarang')]
      : keadaan('Tidak ada presensi yang menunggu sinyal.'));
  }

  const segarkan = async (e) => {
    const terkirim = e.detail?.terkirim || [];
    if (terkirim.length) isi(hasil, ...terkirim.map((c) => ringkasan(c, tz)));
    await Promise.all([muatAntrean(), muatHariIni()]);
  };
  window.addEventListener('simpeg:antrean', segarkan);

  el.append(h('div', { class: 'kisi' },
    kartu('Ambil presensi',
      h('div', { class: 'bingkai-kamera' }, video), statusKamera,
      h('p', { class: 'redup' }, 'Foto diambil langsung dari kamera, lokasi dari GPS perangkat. Waktu presensi ditentukan server.'),
      form, hasil),
    h('div', {},
      kartu('Hari ini', hariIniEl),
      kartu('Menunggu sinyal', antreEl))));

  nyalakanKamera(video).then((s) => {
    stream = s;
    statusKamera.textContent = 'Kamera siap.';
  }).catch((err) => { statusKamera.textContent = err.message; });
  muatHariIni();
  muatAntrean();

  return () => {
    window.removeEventListener('simpeg:antrean', segarkan);
    matikanKamera(stream);
  };
}

/** What the server decided for one check-in, said plainly. */
export function ringkasan(c, tz) {
  const jenis = JENIS_PRESENSI[c.jenis].toLowerCase();
  const luar = c.alasan_risiko?.some((a) => a.kode === 'DI_LUAR_LOKASI');
  const review = c.status === 'MENUNGGU_REVIEW';
  const kelas = review ? 'tunggu' : 'baik';
  const isiHasil = [
    h('h2', {}, review ? `Presensi ${jenis} menunggu tinjauan atasan` : `Presensi ${jenis} tercatat`),
    h('p', {}, `Pukul ${jam(c.waktu, c.zona_waktu || tz)}`, c.offline ? ' (diambil luring, terkirim kemudian)' : '', '. ', lencana(c.status)),
  ];
  if (luar) {
    const jarak = c.jarak_meter != null ? ` Jarak ke lokasi kerja terdekat ±${Math.round(c.jarak_meter)} m.` : '';
    isiHasil.push(h('p', { class: 'pesan-luar', id: 'pesan-di-luar' },
      `Anda berada di luar lokasi kerja yang ditetapkan.${jarak} Presensi tetap dicatat dan diteruskan ke atasan untuk ditinjau.`));
  } else if (c.jarak_meter != null && c.lokasi_id) {
    isiHasil.push(h('p', {}, `Di dalam lokasi kerja (${c.lokasi_id}).`));
  }
  if (c.menit_terlambat) isiHasil.push(h('p', {}, `Terlambat ${c.menit_terlambat} menit.`));
  if (c.menit_pulang_cepat) isiHasil.push(h('p', {}, `Pulang ${c.menit_pulang_cepat} menit lebih cepat.`));
  const lain = (c.alasan_risiko || []).filter((a) => a.kode !== 'DI_LUAR_LOKASI');
  if (lain.length) isiHasil.push(h('ul', {}, alasanRisiko(lain).map((t) => h('li', {}, t))));
  return h('div', { class: `hasil ${kelas}`, dataset: { checkin: c.checkin_id, status: c.status } }, isiHasil);
}
