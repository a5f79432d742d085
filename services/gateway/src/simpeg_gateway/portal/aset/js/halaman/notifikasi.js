// Notifications from every context in one list: profile (self-update steps), cuti (every step
// of a leave request), surat (letters received).

import { api } from '../api.js';
import { h, kartu, keadaan, waktu } from '../ui.js';

export async function tampilkan(el) {
  el.append(h('h1', {}, 'Notifikasi'));
  const [profil, cuti, surat] = await Promise.all([
    api('profile/v1/notifikasi').catch(() => null),
    api('cuti/v1/kotak-masuk?limit=100').catch(() => null),
    api('surat/v1/kotak-masuk').catch(() => null),
  ]);
  const semua = [
    ...(profil || []).map((n) => ({ sumber: 'Data pegawai', pesan: n.pesan, waktu: n.dibuat_pada, tautan: '#/profil', baru: !n.dibaca })),
    ...(cuti || []).map((n) => ({ sumber: 'Cuti', pesan: n.pesan, waktu: n.waktu,
      tautan: n.langkah === 'MENUNGGU_ANDA' ? '#/persetujuan' : '#/cuti' })),
    ...(surat || []).map((s) => ({ sumber: 'Surat', pesan: `Surat ${s.nomor}: ${s.perihal}`, waktu: s.diterima_pada, tautan: `#/surat/${s.surat_id}` })),
  ].sort((a, b) => String(b.waktu).localeCompare(String(a.waktu)));
  const gagal = [profil, cuti, surat].filter((x) => x === null).length;
  el.append(kartu('Terbaru',
    gagal ? keadaan(`${gagal} sumber notifikasi belum dapat dimuat.`, 'galat') : null,
    semua.length ? h('ul', { class: 'daftar', id: 'daftar-notifikasi' }, semua.map((n) => h('li', { class: n.baru ? 'baru' : '' },
      h('span', { class: 'lencana netral' }, n.sumber), ' ', h('a', { href: n.tautan }, n.pesan),
      h('p', { class: 'redup' }, waktu(n.waktu)))))
      : keadaan('Belum ada notifikasi.')));
  return null;
}
