// Beranda: today's attendance, the offline queue, the leave balance and what waits for you.

import { api, apiAtauKosong } from '../api.js';
import { h, jam, kartu, keadaan, lencana, tanggal, JENIS_PRESENSI } from '../ui.js';
import { jumlahAntrean, presensiHariIni, zona } from './umum.js';

export async function tampilkan(el, ctx) {
  const p = ctx.pegawai;
  el.append(h('h1', {}, `Halo, ${p?.nama || ctx.sesi.nama}`));
  if (!ctx.sesi.nip) {
    el.append(keadaan('Akun ini tidak terhubung dengan data pegawai (tidak ada NIP).'));
    return;
  }
  if (!p) el.append(keadaan('Data kepegawaian Anda belum terdaftar di profil; hubungi admin instansi.', 'galat'));

  const grid = h('div', { class: 'kisi' });
  el.append(grid);
  const tz = zona(ctx);
  const [hariIni, antre, saldo, notifCuti, tugas] = await Promise.all([
    presensiHariIni(ctx).catch(() => null),
    jumlahAntrean().catch(() => 0),
    apiAtauKosong(`cuti/v1/pegawai/${ctx.sesi.nip}/saldo`).catch(() => null),
    api('cuti/v1/kotak-masuk?limit=20').catch(() => []),
    api('surat/v1/tugas').catch(() => []),
  ]);

  const baris = (jenis) => {
    const c = hariIni?.checkin.filter((x) => x.jenis === jenis).at(-1);
    return h('div', { class: 'baris-status', id: `hari-ini-${jenis.toLowerCase()}` },
      h('span', { class: 'label' }, JENIS_PRESENSI[jenis]),
      c ? h('span', {}, h('strong', {}, jam(c.waktu, tz)), ' ', lencana(c.status), c.offline ? ' (luring)' : '')
        : h('span', { class: 'redup' }, 'belum'));
  };
  grid.append(kartu('Presensi hari ini',
    h('p', { class: 'redup' }, tanggal(hariIni?.hari), ` · ${tz}`),
    hariIni ? [baris('MASUK'), baris('PULANG')] : keadaan('Presensi belum dapat dimuat.', 'galat'),
    hariIni?.status ? h('p', {}, 'Status hari: ', lencana(hariIni.status.status)) : null,
    antre ? keadaan(`${antre} presensi luring menunggu dikirim.`, 'tunggu') : null,
    h('a', { class: 'tombol utama', href: '#/presensi' }, 'Presensi sekarang')));

  grid.append(kartu('Cuti tahunan',
    saldo ? h('p', { class: 'angka' }, h('strong', {}, String(saldo.tersedia)), ' hari tersedia')
      : keadaan('Saldo belum tersedia.'),
    saldo ? h('p', { class: 'redup' }, `Saldo ${saldo.saldo} hari, ${saldo.tertunda} hari menunggu keputusan (${saldo.tahun}).`) : null,
    h('a', { class: 'tombol', href: '#/cuti' }, 'Ajukan cuti')));

  const menunggu = notifCuti.filter((n) => n.langkah === 'MENUNGGU_ANDA').length;
  grid.append(kartu('Menunggu Anda',
    h('ul', { class: 'daftar-ringkas' },
      h('li', {}, h('a', { href: '#/surat' }, `${tugas.length} surat untuk paraf/tanda tangan`)),
      ctx.punya('ATASAN', 'PEJABAT_BERWENANG', 'VERIFIKATOR', 'ADMIN_INSTANSI')
        ? h('li', {}, h('a', { href: '#/persetujuan' }, `${menunggu} pesan cuti menunggu tindakan`)) : null,
      h('li', {}, h('a', { href: '#/notifikasi' }, 'Lihat semua notifikasi')))));
}
