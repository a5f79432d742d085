// History: a month's days (closed status), every check-in, and discipline flags.

import { api } from '../api.js';
import { alasanRisiko, bidang, h, hariIni, isi, jam, kartu, keadaan, lencana, tanggal, JENIS_PRESENSI } from '../ui.js';
import { zona } from './umum.js';

export async function tampilkan(el, ctx) {
  const tz = zona(ctx);
  el.append(h('h1', {}, 'Riwayat presensi'));
  if (!ctx.sesi.nip) {
    el.append(keadaan('Akun ini tidak terhubung dengan data pegawai.'));
    return;
  }
  const bulan = h('input', { type: 'month', name: 'bulan', value: hariIni(tz).slice(0, 7), required: true });
  const hasil = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'baris-form' }, bidang('Bulan', bulan), h('button', { type: 'submit' }, 'Tampilkan'));
  form.addEventListener('submit', (e) => { e.preventDefault(); muat(); });
  el.append(form, hasil);

  async function muat() {
    const [y, m] = bulan.value.split('-').map(Number);
    const mulai = `${bulan.value}-01`;
    const akhir = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    isi(hasil, keadaan('Memuat…'));
    try {
      const d = await api(`attendance/v1/harian/${ctx.sesi.nip}?mulai=${mulai}&selesai=${akhir}`);
      const perHari = new Map();
      for (const c of d.checkin) {
        const k = String(c.tanggal).slice(0, 10);
        perHari.set(k, [...(perHari.get(k) || []), c]);
      }
      const status = new Map(d.hari.map((x) => [String(x.tanggal).slice(0, 10), x]));
      const tanggalSemua = [...new Set([...perHari.keys(), ...status.keys()])].sort().reverse();
      isi(hasil,
        kartu('Hari kerja',
          tanggalSemua.length ? h('table', { class: 'tabel' },
            h('caption', { class: 'sr-only' }, 'Status dan presensi per hari'),
            h('thead', {}, h('tr', {}, ['Tanggal', 'Status', 'Masuk', 'Pulang', 'Catatan'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, tanggalSemua.map((t) => {
              const s = status.get(t);
              const cs = perHari.get(t) || [];
              const sel = (j) => {
                const c = cs.filter((x) => x.jenis === j).at(-1);
                return c ? [jam(c.waktu, tz), ' ', lencana(c.status), c.offline ? ' luring' : ''] : '–';
              };
              const catatan = [s?.tl, s?.psw].filter(Boolean).join(', ');
              const risiko = cs.flatMap((c) => alasanRisiko(c.alasan_risiko));
              return h('tr', {},
                h('th', { scope: 'row' }, tanggal(t)),
                h('td', {}, s ? lencana(s.status) : h('span', { class: 'redup' }, 'belum ditutup')),
                h('td', {}, sel('MASUK')), h('td', {}, sel('PULANG')),
                h('td', {}, [catatan, ...new Set(risiko)].filter(Boolean).join(' ')));
            }))) : keadaan('Belum ada presensi pada bulan ini.')),
        d.disiplin.length ? kartu('Catatan disiplin', h('ul', { class: 'daftar' },
          d.disiplin.map((f) => h('li', {}, `${tanggal(String(f.tanggal))}: ${f.keterangan}`)))) : null);
    } catch (err) {
      isi(hasil, keadaan(err.message, 'galat'));
    }
  }
  await muat();
  return null;
}
export { JENIS_PRESENSI };
