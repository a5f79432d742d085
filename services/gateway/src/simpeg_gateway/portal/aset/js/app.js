// The portal's shell: login, the menu by role, the hash router, the network banner, and the
// sync of check-ins captured without signal.

import { keluar, mulaiMasuk, selesaikanMasuk, sesi } from './auth.js';
import { api, apiAtauKosong, ketikaSesiBerakhir } from './api.js';
import { daftarAntrean, sinkronkan } from './simpan.js';
import { h, isi, keadaan, umumkan } from './ui.js';

const PEJABAT = ['ATASAN', 'PEJABAT_BERWENANG', 'VERIFIKATOR', 'ADMIN_INSTANSI'];

const HALAMAN = {
  beranda: { judul: 'Beranda', ikon: '⌂', muat: () => import('./halaman/beranda.js') },
  presensi: { judul: 'Presensi', ikon: '◉', muat: () => import('./halaman/presensi.js') },
  riwayat: { judul: 'Riwayat', ikon: '☰', muat: () => import('./halaman/riwayat.js') },
  cuti: { judul: 'Cuti', ikon: '✈', muat: () => import('./halaman/cuti.js') },
  kinerja: { judul: 'Kinerja', ikon: '★', muat: () => import('./halaman/kinerja.js') },
  surat: { judul: 'Surat', ikon: '✉', muat: () => import('./halaman/surat.js') },
  persetujuan: { judul: 'Persetujuan', ikon: '✓', muat: () => import('./halaman/persetujuan.js'), peran: PEJABAT },
  notifikasi: { judul: 'Notifikasi', ikon: '🔔', muat: () => import('./halaman/notifikasi.js') },
  profil: { judul: 'Profil', ikon: '👤', muat: () => import('./halaman/profil.js') },
};

const ctx = { sesi: null, pegawai: null, unit: null, punya: (...p) => p.some((x) => ctx.sesi?.peran.includes(x)) };
let bersihkan = null;

function bolehLihat(def) {
  return !def.peran || ctx.punya(...def.peran);
}

function tampilkanMasuk(pesan) {
  document.getElementById('navigasi').hidden = true;
  isi(document.getElementById('pengguna'));
  const tombol = h('button', { class: 'utama besar', type: 'button', id: 'masuk' }, 'Masuk dengan akun SIMPEG');
  tombol.addEventListener('click', async () => {
    tombol.disabled = true;
    try {
      await mulaiMasuk();
    } catch (e) {
      tombol.disabled = false;
      umumkan(e.message, 'galat');
    }
  });
  isi(document.getElementById('utama'),
    h('section', { class: 'kartu sambutan' },
      h('h1', {}, 'Selamat datang di Portal SIMPEG'),
      h('p', {}, 'Presensi dengan foto dan lokasi, cuti, kinerja, surat, dan pemutakhiran data dalam satu aplikasi.'),
      pesan ? keadaan(pesan, 'galat') : null,
      tombol));
}

function bangunMenu() {
  const nav = document.getElementById('navigasi');
  isi(nav, h('ul', {}, Object.entries(HALAMAN).filter(([, d]) => bolehLihat(d)).map(([nama, d]) =>
    h('li', {}, h('a', { href: `#/${nama}`, dataset: { halaman: nama } },
      h('span', { class: 'ikon', 'aria-hidden': 'true' }, d.ikon), h('span', {}, d.judul))))));
  nav.hidden = false;
  const nama = ctx.pegawai?.nama || ctx.sesi.nama;
  isi(document.getElementById('pengguna'),
    h('span', { class: 'nama' }, nama),
    h('button', { type: 'button', class: 'tautan', id: 'keluar', onclick: async () => {
      await keluar();
      location.hash = '#/beranda';
      tampilkanMasuk();
    } }, 'Keluar'));
}

async function arahkan() {
  if (!ctx.sesi) return;
  const hash = location.hash || '#/beranda';
  if (!hash.startsWith('#/')) return; // the skip link and other in-page anchors
  const [nama, ...param] = hash.slice(2).split('/');
  const def = HALAMAN[nama];
  const main = document.getElementById('utama');
  if (bersihkan) {
    try { bersihkan(); } catch { /* the old page is gone anyway */ }
    bersihkan = null;
  }
  for (const a of document.querySelectorAll('#navigasi a')) {
    if (a.dataset.halaman === nama) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!def || !bolehLihat(def)) {
    isi(main, h('h1', {}, 'Halaman tidak ditemukan'), h('p', {}, h('a', { href: '#/beranda' }, 'Kembali ke beranda')));
    return;
  }
  document.title = `${def.judul} · Portal SIMPEG`;
  isi(main, keadaan('Memuat…'));
  try {
    const mod = await def.muat();
    const wadah = h('div', { class: 'halaman', dataset: { halaman: nama } });
    bersihkan = (await mod.tampilkan(wadah, { ...ctx, param })) || null;
    isi(main, wadah);
    const judul = main.querySelector('h1');
    if (judul) { judul.tabIndex = -1; judul.focus({ preventScroll: true }); }
  } catch (e) {
    isi(main, h('h1', {}, def.judul), keadaan(e.message || 'Halaman gagal dimuat.', 'galat'));
  }
}

async function kirimAntrean() {
  const sebelum = (await daftarAntrean()).filter((i) => i.status === 'ANTRE').length;
  if (!sebelum) return;
  const hasil = await sinkronkan();
  if (hasil.terkirim.length) {
    umumkan(`${hasil.terkirim.length} presensi luring terkirim.`, 'sukses');
  }
  if (hasil.gagal) umumkan(`${hasil.gagal} presensi luring ditolak server; lihat halaman Presensi.`, 'galat');
  window.dispatchEvent(new CustomEvent('simpeg:antrean', { detail: hasil }));
}
window.simpegKirimAntrean = kirimAntrean;

function pantauJaringan() {
  const pita = document.getElementById('jaringan');
  const perbarui = () => {
    pita.hidden = navigator.onLine;
    pita.textContent = navigator.onLine ? '' : 'Anda sedang luring. Presensi tetap dapat diambil dan akan dikirim saat sinyal kembali.';
  };
  window.addEventListener('offline', perbarui);
  window.addEventListener('online', () => { perbarui(); kirimAntrean(); });
  perbarui();
  // A lost answer or a failed first try: look again now and then while something waits.
  setInterval(() => { if (navigator.onLine) kirimAntrean(); }, 15000);
}

async function daftarkanPekerja() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' });
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data?.jenis === 'sinkronkan') kirimAntrean();
    });
  } catch {
    // Without the worker the portal still works online, and the page syncs the queue itself.
  }
}

async function mulai() {
  document.getElementById('lompat').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('utama').focus();
  });
  daftarkanPekerja();
  let galat = null;
  try {
    await selesaikanMasuk();
  } catch (e) {
    galat = e.message;
  }
  ctx.sesi = await sesi();
  ketikaSesiBerakhir(async () => {
    await keluar();
    ctx.sesi = null;
    tampilkanMasuk('Sesi Anda berakhir. Silakan masuk lagi.');
  });
  if (!ctx.sesi) {
    tampilkanMasuk(galat);
    return;
  }
  if (ctx.sesi.nip) {
    ctx.pegawai = await apiAtauKosong(`profile/v1/pegawai/${ctx.sesi.nip}`).catch(() => null);
    if (ctx.pegawai) ctx.unit = await apiAtauKosong(`attendance/v1/unit/${encodeURIComponent(ctx.pegawai.unit_id)}`).catch(() => null);
  }
  bangunMenu();
  pantauJaringan();
  window.addEventListener('hashchange', arahkan);
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', '/#/beranda');
  await arahkan();
  kirimAntrean();
}

export { ctx, api };
mulai();
