// For atasan and officials: risky check-ins to review, leave requests to consider or decide,
// monthly evaluations and SKP approvals, and self-update requests to verify or approve. Each
// item shows its state and, once acted on, what was decided.

import { api, apiAtauKosong } from '../api.js';
import { alasanRisiko, bidang, h, hariIni, isi, jam, kartu, keadaan, lencana, namaBulan, pilihan, sibuk, tanggal, umumkan, uuid, JENIS_CUTI, JENIS_PRESENSI } from '../ui.js';
import { RATING } from './kinerja.js';
import { idCutiMenunggu, zona } from './umum.js';

const KEPUTUSAN = { DISETUJUI: 'Disetujui', PERUBAHAN: 'Perubahan (tanggal lain)', DITANGGUHKAN: 'Ditangguhkan', TIDAK_DISETUJUI: 'Tidak disetujui' };

export async function tampilkan(el, ctx) {
  el.append(h('h1', {}, 'Persetujuan'));
  const cutiEl = h('div', { id: 'antrean-cuti', 'aria-live': 'polite' });
  const reviewEl = h('div', { id: 'antrean-review', 'aria-live': 'polite' });
  const kinerjaEl = h('div', { id: 'penilaian' });
  const usulanEl = h('div', { id: 'antrean-usulan', 'aria-live': 'polite' });
  el.append(h('div', { class: 'kisi' },
    kartu('Permintaan cuti', cutiEl),
    kartu('Presensi berisiko', reviewEl)),
  h('div', { class: 'kisi' },
    kartu('Penilaian kinerja', kinerjaEl),
    ctx.punya('VERIFIKATOR', 'PEJABAT_BERWENANG', 'ADMIN_INSTANSI') ? kartu('Usulan pemutakhiran data', usulanEl) : null));
  await Promise.all([muatCuti(cutiEl, ctx), muatReview(reviewEl, ctx), muatKinerja(kinerjaEl, ctx),
    ctx.punya('VERIFIKATOR', 'PEJABAT_BERWENANG', 'ADMIN_INSTANSI') ? muatUsulan(usulanEl, ctx) : null]);
  return null;
}

// -- cuti ------------------------------------------------------------------------------------
async function muatCuti(el, ctx) {
  try {
    const ids = await idCutiMenunggu();
    const list = (await Promise.all(ids.map((id) => apiAtauKosong(`cuti/v1/cuti/${id}`)))).filter(Boolean);
    const terbuka = list.filter((c) => ['MENUNGGU_PERTIMBANGAN', 'MENUNGGU_KEPUTUSAN'].includes(c.status) && c.diteruskan_ke.includes(ctx.sesi.nip));
    const selesai = list.filter((c) => !terbuka.includes(c));
    isi(el,
      terbuka.length ? h('ul', { class: 'daftar' }, terbuka.map((c) => itemCuti(c, el, ctx))) : keadaan('Tidak ada permintaan cuti yang menunggu Anda.'),
      selesai.length ? h('details', {}, h('summary', {}, `Sudah ditindaklanjuti (${selesai.length})`),
        h('ul', { class: 'daftar' }, selesai.map((c) => h('li', { dataset: { cuti: c.id, status: c.status } },
          `${JENIS_CUTI[c.jenis]} ${c.nip}: ${tanggal(c.mulai_final)} s.d. ${tanggal(c.selesai_final)} `, lencana(c.status))))) : null);
  } catch (err) {
    isi(el, keadaan(err.message, 'galat'));
  }
}

function itemCuti(c, wadah, ctx) {
  const pertimbangan = c.status === 'MENUNGGU_PERTIMBANGAN';
  const hasil = pilihan('hasil', KEPUTUSAN, 'DISETUJUI');
  const catatan = h('textarea', { name: 'catatan', rows: 2, maxLength: 1000 });
  const mulai = h('input', { type: 'date', name: 'mulai', value: c.mulai });
  const selesai = h('input', { type: 'date', name: 'selesai', value: c.selesai });
  const tanggalBaru = h('div', { class: 'dua-kolom', hidden: true }, bidang('Mulai baru', mulai), bidang('Selesai baru', selesai));
  hasil.addEventListener('change', () => { tanggalBaru.hidden = hasil.value !== 'PERUBAHAN'; });
  const info = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'form-cuti-keputusan', 'aria-label': `Tindakan atas cuti ${c.nip}` },
    bidang(pertimbangan ? 'Pertimbangan Anda' : 'Keputusan Anda', hasil), tanggalBaru,
    bidang(pertimbangan ? 'Catatan (opsional)' : 'Alasan (wajib kecuali disetujui)', catatan),
    h('button', { type: 'submit', class: 'utama' }, pertimbangan ? 'Kirim pertimbangan' : 'Kirim keputusan'), info);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const teks = catatan.value.trim();
    const body = pertimbangan ? { pertimbangan: hasil.value, ...(teks ? { catatan: teks } : {}) }
      : { hasil: hasil.value, ...(teks ? { alasan: teks } : {}),
        ...(hasil.value === 'PERUBAHAN' ? { mulai: mulai.value, selesai: selesai.value } : {}) };
    sibuk(form, async () => {
      try {
        const baru = await api(`cuti/v1/cuti/${c.id}/${pertimbangan ? 'pertimbangan' : 'keputusan'}`, { method: 'POST', idem: uuid(), json: body });
        umumkan(`Cuti ${c.nip}: ${pertimbangan ? 'pertimbangan' : 'keputusan'} terkirim.`, 'sukses');
        isi(info, keadaan(`Tersimpan. Status sekarang: `, 'sukses'), lencana(baru.status));
        setTimeout(() => muatCuti(wadah, ctx), 800);
      } catch (err) {
        isi(info, keadaan(err.message, 'galat'));
      }
    });
  });
  return h('li', { dataset: { cuti: c.id, status: c.status } },
    h('strong', {}, `${JENIS_CUTI[c.jenis]}: ${tanggal(c.mulai)} s.d. ${tanggal(c.selesai)} (${c.hari_kerja} hari kerja)`), ' ', lencana(c.status),
    h('p', {}, `Pegawai ${c.nip}`, c.alasan ? ` · alasan: ${c.alasan}` : ''),
    c.pertimbangan ? h('p', { class: 'redup' }, `Pertimbangan atasan: ${c.pertimbangan.pertimbangan}${c.pertimbangan.catatan ? ` (${c.pertimbangan.catatan})` : ''}`) : null,
    form);
}

// -- risky check-ins --------------------------------------------------------------------------
async function muatReview(el, ctx) {
  const tz = zona(ctx);
  try {
    const list = await api('attendance/v1/review');
    isi(el, list.length ? h('ul', { class: 'daftar' }, list.map((r) => itemReview(r, tz)))
      : keadaan('Tidak ada presensi yang menunggu tinjauan Anda.'));
  } catch (err) {
    isi(el, keadaan(err.message, 'galat'));
  }
}

function itemReview(r, tz) {
  const alasan = h('input', { name: 'alasan', required: true, minLength: 5, maxLength: 1000 });
  const info = h('div', { 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': `Tinjau presensi ${r.nip}` }, bidang('Alasan keputusan (dilihat pegawai)', alasan),
    h('div', { class: 'tombol-baris' },
      h('button', { type: 'submit', name: 'keputusan', value: 'DISETUJUI', class: 'utama' }, 'Setujui'),
      h('button', { type: 'submit', name: 'keputusan', value: 'DITOLAK', class: 'bahaya' }, 'Tolak')), info);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const keputusan = e.submitter?.value || 'DISETUJUI';
    sibuk(form, async () => {
      try {
        const c = await api(`attendance/v1/review/${r.checkin_id}`, { method: 'POST', idem: uuid(), json: { keputusan, alasan: alasan.value.trim() } });
        isi(form, keadaan('Ditinjau: ', 'sukses'), lencana(c.status));
        umumkan(`Presensi ${r.nip} ${keputusan === 'DISETUJUI' ? 'disetujui' : 'ditolak'}.`, 'sukses');
      } catch (err) {
        isi(info, keadaan(err.message, 'galat'));
      }
    });
  });
  return h('li', { dataset: { checkin: r.checkin_id } },
    h('strong', {}, `${r.nip} · ${JENIS_PRESENSI[r.jenis]} ${tanggal(String(r.tanggal))} ${jam(r.waktu, tz)}`), ' ',
    h('span', { class: 'lencana tunggu' }, `skor risiko ${r.skor_risiko}`), r.offline ? ' luring' : '',
    h('ul', {}, alasanRisiko(r.alasan_risiko).map((t) => h('li', {}, t)),
      r.jarak_meter != null ? h('li', {}, `Jarak ke lokasi kerja ±${Math.round(r.jarak_meter)} m`) : null),
    form);
}

// -- kinerja ---------------------------------------------------------------------------------
async function muatKinerja(el, ctx) {
  const [th, bl] = hariIni(zona(ctx)).split('-').map(Number);
  const terlambat = await api('kinerja/v1/penilaian/terlambat').catch(() => []);
  const nip = h('input', { name: 'nip', inputMode: 'numeric', pattern: '\\d{18}', required: true, autocomplete: 'off' });
  const tahun = h('input', { type: 'number', name: 'tahun', min: '2020', max: '2100', value: String(th), required: true });
  const bulan = pilihan('bulan', Object.fromEntries([...Array(12)].map((_, i) => [String(i + 1), namaBulan(i + 1)])), String(bl));
  const hasil = h('div', { 'aria-live': 'polite' });
  const cari = h('form', { id: 'cari-penilaian' }, bidang('NIP pegawai', nip, '18 digit'),
    h('div', { class: 'dua-kolom' }, bidang('Tahun', tahun), bidang('Bulan', bulan)), h('button', { type: 'submit' }, 'Buka'));
  cari.addEventListener('submit', (e) => { e.preventDefault(); buka(); });
  isi(el, terlambat.length ? [h('p', {}, 'Melewati batas waktu penilaian:'), h('ul', { class: 'daftar' }, terlambat.map((t) => h('li', {},
    h('button', { type: 'button', class: 'tautan', onclick: () => { nip.value = t.nip; tahun.value = t.tahun; bulan.value = String(t.bulan); buka(); } },
      `${t.nip}: ${namaBulan(t.bulan)} ${t.tahun}`), ` (batas ${tanggal(String(t.batas))})`)))] : h('p', { class: 'redup' }, 'Tidak ada penilaian yang terlambat.'),
  cari, hasil);

  async function buka() {
    isi(hasil, keadaan('Memuat…'));
    try {
      const [skp, p] = await Promise.all([apiAtauKosong(`kinerja/v1/skp/${nip.value}/${tahun.value}`), apiAtauKosong(`kinerja/v1/penilaian/${nip.value}/${tahun.value}/${bulan.value}`)]);
      const bagian = [];
      if (!skp) bagian.push(keadaan('Pegawai ini belum menyusun SKP tahun ini.'));
      else {
        bagian.push(h('p', {}, 'SKP: ', lencana(skp.status)));
        if (skp.status === 'DRAFT') {
          bagian.push(h('button', { type: 'button', onclick: async (e) => {
            e.target.disabled = true;
            try { await api(`kinerja/v1/skp/${nip.value}/${tahun.value}/persetujuan`, { method: 'POST' }); umumkan('SKP disetujui.', 'sukses'); buka(); } catch (err) { e.target.disabled = false; umumkan(err.message, 'galat'); }
          } }, 'Setujui SKP'));
        }
      }
      if (!p) bagian.push(keadaan('Realisasi bulan ini belum dilaporkan.'));
      else {
        bagian.push(h('p', {}, `Realisasi ${namaBulan(Number(bulan.value))}: `, lencana(p.status)),
          h('ul', {}, p.realisasi.map((r) => h('li', {}, r.realisasi))));
        if (p.status === 'REALISASI') bagian.push(formNilai(nip.value, tahun.value, bulan.value, buka));
        if (p.status === 'DINILAI') {
          bagian.push(h('p', {}, `Dinilai: hasil ${RATING[p.rating.hasil]}, perilaku ${RATING[p.rating.perilaku]}.`),
            h('button', { type: 'button', class: 'utama', onclick: async (e) => {
              e.target.disabled = true;
              try { await api(`kinerja/v1/penilaian/${nip.value}/${tahun.value}/${bulan.value}/finalisasi`, { method: 'POST' }); umumkan('Penilaian final.', 'sukses'); buka(); } catch (err) { e.target.disabled = false; umumkan(err.message, 'galat'); }
            } }, 'Finalkan penilaian'));
        }
        if (p.predikat) bagian.push(h('p', {}, `Predikat: ${p.predikat}`));
      }
      isi(hasil, bagian);
    } catch (err) {
      isi(hasil, keadaan(err.message, 'galat'));
    }
  }
}

function formNilai(nip, tahun, bulan, muatUlang) {
  const hasilKerja = pilihan('hasil', RATING, 'SESUAI');
  const perilaku = pilihan('perilaku', RATING, 'SESUAI');
  const umpan = h('textarea', { name: 'umpan_balik', rows: 2, maxLength: 2000 });
  const info = h('div', { 'aria-live': 'polite' });
  const f = h('form', { id: 'form-nilai' }, bidang('Hasil kerja', hasilKerja), bidang('Perilaku kerja (BerAKHLAK)', perilaku),
    bidang('Umpan balik', umpan), h('button', { type: 'submit', class: 'utama' }, 'Simpan nilai'), info);
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    sibuk(f, async () => {
      try {
        await api(`kinerja/v1/penilaian/${nip}/${tahun}/${bulan}/nilai`, { method: 'POST', json: {
          hasil: hasilKerja.value, perilaku: perilaku.value, ...(umpan.value.trim() ? { umpan_balik: umpan.value.trim() } : {}) } });
        umumkan('Nilai disimpan.', 'sukses');
        muatUlang();
      } catch (err) {
        isi(info, keadaan(err.message, 'galat'));
      }
    });
  });
  return f;
}

// -- usulan (self-update) ----------------------------------------------------------------------
async function muatUsulan(el, ctx) {
  const status = ctx.punya('PEJABAT_BERWENANG') && !ctx.punya('VERIFIKATOR') ? 'DIVERIFIKASI' : 'DIAJUKAN';
  try {
    const list = await api(`profile/v1/usulan?status=${status}`);
    isi(el, h('p', { class: 'redup' }, status === 'DIAJUKAN' ? 'Menunggu verifikasi:' : 'Menunggu persetujuan:'),
      list.length ? h('ul', { class: 'daftar' }, list.map((u) => itemUsulan(u, status, el, ctx))) : keadaan('Tidak ada usulan.'));
  } catch (err) {
    isi(el, keadaan(err.message, 'galat'));
  }
}

function itemUsulan(u, status, wadah, ctx) {
  const alasan = h('input', { name: 'alasan', minLength: 5, maxLength: 1000 });
  const info = h('div', { 'aria-live': 'polite' });
  const id = u.usulan_id;
  const jalankan = (langkah, body) => sibuk(f, async () => {
    try {
      const baru = await api(`profile/v1/usulan/${id}/${langkah}`, { method: 'POST', json: body });
      isi(f, keadaan('Tersimpan: ', 'sukses'), lencana(baru.status));
    } catch (err) {
      isi(info, keadaan(err.message, 'galat'));
    }
  });
  const f = h('form', { 'aria-label': `Usulan ${u.nip}` }, bidang('Alasan pengembalian (jika dikembalikan)', alasan),
    h('div', { class: 'tombol-baris' },
      h('button', { type: 'button', class: 'utama', onclick: () => (status === 'DIAJUKAN' ? jalankan('verifikasi', {}) : jalankan('setujui', undefined)) },
        status === 'DIAJUKAN' ? 'Verifikasi' : 'Setujui'),
      h('button', { type: 'button', class: 'bahaya', onclick: () => {
        if (alasan.value.trim().length < 5) { isi(info, keadaan('Tulis alasan pengembalian (paling sedikit 5 huruf).', 'galat')); return; }
        jalankan('kembalikan', { alasan: alasan.value.trim() });
      } }, 'Kembalikan')), info);
  return h('li', { dataset: { usulan: id } }, h('strong', {}, `${u.nip}: ${u.jenis}`), ' ', lencana(u.status || status),
    h('p', { class: 'redup' }, Object.entries(u.perubahan || {}).map(([k, v]) => `${k}: ${v}`).join(' · ')), f);
}
